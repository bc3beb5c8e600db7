import { el, guardedBy } from '../dom.js';

// Workspace switcher and workspace actions (create, invite, join by code), the channel list with
// unread counts and mention badges, and channel create (public or private) / browse / join.
export function sidebarView(store, actions) {
  const sidebar = document.getElementById('sidebar');
  const select = document.getElementById('workspace-select');
  const channelList = document.getElementById('channel-list');
  const browseList = document.getElementById('browse-list');
  const inviteCode = document.getElementById('invite-code');
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
      inviteCode.textContent = await actions.invite();
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

  return function render() {
    select.replaceChildren(
      ...[...store.workspaces.values()].map((workspace) => el('option', { value: workspace.id, text: workspace.name })),
    );
    select.value = store.currentWorkspaceId ?? '';
    const channels = [...store.channels.values()]
      .filter((channel) => channel.workspaceId === store.currentWorkspaceId && channel.kind !== 'dm')
      .sort((a, b) => a.name.localeCompare(b.name));
    replaceRowsKeepingFocus(channelList, channels.map((channel) => channelRow(store, channel, actions)));
  };
}

/** Re-rendering replaces the rows: keyboard focus stays on the same channel. */
export function replaceRowsKeepingFocus(list, rows) {
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset.name : null;
  list.replaceChildren(...rows);
  if (focused) {
    list.querySelector(`[data-name="${CSS.escape(focused)}"]`)?.focus();
  }
}

/** A channel or DM in the sidebar: name, unread count and mention badge; a click opens it. */
export function channelRow(store, channel, actions, ...before) {
  const sidebar = document.getElementById('sidebar');
  const unread = channel.id === store.currentChannelId ? 0 : store.unread(channel);
  const classes = ['channel'];
  if (channel.id === store.currentChannelId) classes.push('active');
  if (unread > 0) classes.push('unread');
  const row = el(
    'li',
    {
      class: classes.join(' '),
      'data-name': channel.name,
      tabindex: '0',
      onclick: () => {
        sidebar.classList.remove('open');
        actions.selectChannel(channel.id);
      },
    },
    ...before,
    el('span', { class: 'channel-name', text: store.title(channel) }),
  );
  if (unread > 0) {
    row.append(el('span', { class: 'unread-count', text: String(unread) }));
  }
  if (channel.mentions > 0 && channel.id !== store.currentChannelId) {
    row.append(el('span', { class: 'badge', text: `@${channel.mentions}` }));
  }
  return row;
}
