import { el, guardedBy, updateRows } from '../dom.js';
import { botBadge } from './bot-badge.js';
import { presenceDot } from './presence-dot.js';
import { channelRow } from './sidebar.js';

// Direct messages and the workspace's people, with presence dots: a click on a person opens the
// 1:1 DM (a group DM is made in the New message dialog, the user's own status in the user menu).
export function peopleView(store, actions) {
  const dmList = document.getElementById('dm-list');
  const peopleList = document.getElementById('people-list');
  const error = document.getElementById('sidebar-error');

  const guarded = guardedBy(error);

  return function render() {
    const dms = [...store.channels.values()]
      .filter((channel) => channel.workspaceId === store.currentWorkspaceId && channel.kind === 'dm')
      .sort((a, b) => store.title(a).localeCompare(store.title(b)));
    updateRows(dmList, dms.map((channel) => channelRow(store, channel, actions, dmPresence(store, channel))));

    const people = (store.members.get(store.currentWorkspaceId) ?? []).filter((member) => member.userId !== store.userId);
    updateRows(
      peopleList,
      people
        .sort((a, b) => a.username.localeCompare(b.username))
        .map((member) => {
          const presence = store.presence.get(member.userId) ?? 'offline';
          return {
            key: member.userId,
            signature: JSON.stringify([member.username, !!member.bot, presence]),
            build: () =>
              el(
                'li',
                { class: 'person', 'data-name': member.username },
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
  };
}

/** A DM is as present as its most present other member. */
function dmPresence(store, channel) {
  const order = ['online', 'dnd', 'away', 'offline'];
  const statuses = store.dmUserIds(channel).map((userId) => store.presence.get(userId) ?? 'offline');
  return order.find((status) => statuses.includes(status)) ?? 'offline';
}
