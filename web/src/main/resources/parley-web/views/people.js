import { el, guardedBy, updateRows } from '../dom.js';
import { botBadge } from './bot-badge.js';
import { channelRow, presenceDot } from './sidebar.js';

// Direct messages and the workspace's people, with presence dots: a click on a person opens the
// 1:1 DM, ticking several and "Group DM" opens theirs; the user's own status is chosen here too.
export function peopleView(store, actions) {
  const dmList = document.getElementById('dm-list');
  const peopleList = document.getElementById('people-list');
  const groupButton = document.getElementById('dm-group');
  const status = document.getElementById('presence-select');
  const error = document.getElementById('sidebar-error');
  const ticked = new Set();

  const guarded = guardedBy(error);

  groupButton.addEventListener('click', () =>
    guarded(async () => {
      await actions.openDm([...ticked]);
      ticked.clear();
    }),
  );
  status.addEventListener('change', () => guarded(() => actions.setPresence(status.value)));

  return function render() {
    const dms = [...store.channels.values()]
      .filter((channel) => channel.workspaceId === store.currentWorkspaceId && channel.kind === 'dm')
      .sort((a, b) => store.title(a).localeCompare(store.title(b)));
    updateRows(dmList, dms.map((channel) => channelRow(store, channel, actions, dmPresence(store, channel))));

    const people = (store.members.get(store.currentWorkspaceId) ?? []).filter((member) => member.userId !== store.userId);
    for (const userId of ticked) {
      if (!people.some((member) => member.userId === userId)) ticked.delete(userId);
    }
    updateRows(
      peopleList,
      people
        .sort((a, b) => a.username.localeCompare(b.username))
        .map((member) => {
          const presence = store.presence.get(member.userId) ?? 'offline';
          return {
            key: member.userId,
            signature: JSON.stringify([member.username, !!member.bot, presence, ticked.has(member.userId)]),
            build: () =>
              el(
                'li',
                { class: 'person', 'data-name': member.username },
                el('input', {
                  type: 'checkbox',
                  'aria-label': `Select ${member.username}`,
                  ...(ticked.has(member.userId) ? { checked: '' } : {}),
                  onchange: (event) => {
                    if (event.target.checked) ticked.add(member.userId);
                    else ticked.delete(member.userId);
                    groupButton.disabled = ticked.size === 0;
                  },
                }),
                presenceDot(presence),
                el('button', {
                  type: 'button',
                  class: 'person-name',
                  text: member.username,
                  onclick: () => guarded(() => actions.openDm([member.userId])),
                }),
                ...(member.bot ? [botBadge()] : []),
              ),
          };
        }),
    );
    groupButton.disabled = ticked.size === 0;
    const own = store.presence.get(store.userId) ?? 'online';
    if (status.value !== own) status.value = own;
  };
}

/** A DM is as present as its most present other member. */
function dmPresence(store, channel) {
  const order = ['online', 'dnd', 'away', 'offline'];
  const statuses = store.dmUserIds(channel).map((userId) => store.presence.get(userId) ?? 'offline');
  return order.find((status) => statuses.includes(status)) ?? 'offline';
}
