import { el, updateRows } from '../dom.js';
import { browseChannelsDialog, createChannelDialog, newMessageDialog } from './sidebar-dialogs.js';
import { presenceDot } from './presence-dot.js';

// The channel list with unread counts and mention badges, the buttons of the channel dialogs
// (create, browse and join) beside its heading, and the New message button beside the DMs'.
export function sidebarView(store, actions) {
  const sidebar = document.getElementById('sidebar');
  const channelList = document.getElementById('channel-list');
  const channelNew = document.getElementById('channel-new');
  const browse = document.getElementById('browse');
  const dmNew = document.getElementById('dm-new');

  const closeSidebar = () => sidebar.classList.remove('open');

  channelNew.addEventListener('click', () => createChannelDialog(actions, closeSidebar));
  browse.addEventListener('click', () => browseChannelsDialog(actions, closeSidebar));
  dmNew.addEventListener('click', () => newMessageDialog(store, actions, closeSidebar));
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

  return function render() {
    const inWorkspace = !!store.currentWorkspaceId;
    channelNew.hidden = !inWorkspace;
    browse.hidden = !inWorkspace;
    dmNew.hidden = !inWorkspace;
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

