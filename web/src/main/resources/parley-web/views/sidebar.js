import { el, guardedBy, updateRows } from '../dom.js';
import { inviteLink } from '../invite-link.js';

// Workspace switcher and workspace actions (create, invite by code and link, join by code), the channel list with
// unread counts and mention badges, and channel create (public or private) / browse / join.
export function sidebarView(store, actions) {
  const sidebar = document.getElementById('sidebar');
  const select = document.getElementById('workspace-select');
  const channelList = document.getElementById('channel-list');
  const browseList = document.getElementById('browse-list');
  const inviteCode = document.getElementById('invite-code');
  const inviteLinkField = document.getElementById('invite-link');
  const error = document.getElementById('sidebar-error');

  const guarded = guardedBy(error);

  function onSubmit(formId, inputId, action) {
    const input = document.getElementById(inputId);
    document.getElementById(formId).addEventListener('submit', (event) => {
      event.preventDefault();
      guarded(async () => {
        await action(input.value.trim());
        input.value = '';
      });
    });
  }

  onSubmit('workspace-form', 'workspace-name', actions.createWorkspace);
  onSubmit('join-form', 'join-code', actions.joinWorkspace);
  const channelPrivate = document.getElementById('channel-private');
  onSubmit('channel-form', 'channel-name', async (name) => {
    await actions.createChannel(name, channelPrivate.checked);
    channelPrivate.checked = false;
  });
  select.addEventListener('change', () => actions.selectWorkspace(select.value));
  document.getElementById('invite-create').addEventListener('click', () =>
    guarded(async () => {
      const code = await actions.invite();
      inviteCode.textContent = code;
      inviteLinkField.value = inviteLink(code);
      inviteLinkField.hidden = false;
      inviteLinkField.select();
    }),
  );
  document.getElementById('browse').addEventListener('click', () =>
    guarded(async () => {
      const joinable = await actions.browse();
      browseList.replaceChildren(
        ...joinable.map((channel) =>
          el(
            'li',
            { class: 'channel', 'data-name': channel.name },
            el('span', { text: `#${channel.name}` }),
            el('button', {
              type: 'button',
              class: 'join-channel',
              text: 'Join',
              onclick: () => guarded(async () => {
                await actions.joinChannel(channel.id);
                browseList.replaceChildren();
                sidebar.classList.remove('open');
              }),
            }),
          ),
        ),
      );
    }),
  );
  document.getElementById('menu').addEventListener('click', () => sidebar.classList.toggle('open'));
  // Up/Down move between channels and DMs, Enter opens the focused one.
  sidebar.addEventListener('keydown', (event) => {
    const row = event.target.closest('#channel-list .channel, #dm-list .channel');
    if (!row || event.altKey) {
      return;
    }
    const rows = [...sidebar.querySelectorAll('#channel-list .channel, #dm-list .channel')];
    const next = { ArrowDown: rows[rows.indexOf(row) + 1], ArrowUp: rows[rows.indexOf(row) - 1] }[event.key];
    if (next) {
      event.preventDefault();
      next.focus();
    } else if (event.key === 'Enter') {
      row.click();
    }
  });
  document.getElementById('logout').addEventListener('click', actions.logout);
  document.getElementById('logout-all').addEventListener('click', () => guarded(actions.logoutEverywhere));

  let shownWorkspaces = null;
  return function render() {
    // Rebuilt only when a workspace is added or renamed: rebuilding closes an open drop-down.
    const workspaces = JSON.stringify([...store.workspaces.values()].map((workspace) => [workspace.id, workspace.name]));
    if (workspaces !== shownWorkspaces) {
      shownWorkspaces = workspaces;
      select.replaceChildren(
        ...[...store.workspaces.values()].map((workspace) => el('option', { value: workspace.id, text: workspace.name })),
      );
    }
    if (select.value !== (store.currentWorkspaceId ?? '')) {
      select.value = store.currentWorkspaceId ?? '';
    }
    const channels = [...store.channels.values()]
      .filter((channel) => channel.workspaceId === store.currentWorkspaceId && channel.kind !== 'dm')
      .sort((a, b) => a.name.localeCompare(b.name));
    updateRows(channelList, channels.map((channel) => channelRow(store, channel, actions)));
  };
}

/**
 * A channel or DM in the sidebar, as a row of updateRows: name, unread count and mention badge,
 * and for a DM its presence dot; a click opens it.
 */
export function channelRow(store, channel, actions, presence = null) {
  const active = channel.id === store.currentChannelId;
  const unread = active ? 0 : store.unread(channel);
  const mentions = active ? 0 : channel.mentions;
  const title = store.title(channel);
  return {
    key: channel.id,
    signature: JSON.stringify([title, channel.name, active, unread, mentions, presence]),
    build: () => {
      const sidebar = document.getElementById('sidebar');
      const classes = ['channel'];
      if (active) classes.push('active');
      if (unread > 0) classes.push('unread');
      const row = el('li', {
        class: classes.join(' '),
        'data-name': channel.name,
        tabindex: '0',
        onclick: () => {
          sidebar.classList.remove('open');
          actions.selectChannel(channel.id);
        },
      });
      if (presence !== null) row.append(presenceDot(presence));
      row.append(el('span', { class: 'channel-name', text: title }));
      if (unread > 0) row.append(el('span', { class: 'unread-count', text: String(unread) }));
      if (mentions > 0) row.append(el('span', { class: 'badge', text: `@${mentions}` }));
      return row;
    },
  };
}

export function presenceDot(presence) {
  const status = presence ?? 'offline';
  // role img: a plain span may not carry a name (aria-prohibited-attr), and screen readers skip it.
  return el('span', { class: `presence ${status}`, role: 'img', title: status, 'aria-label': status });
}
