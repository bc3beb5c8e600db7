import { guardedBy } from '../dom.js';
import { toggleMenu } from './menu.js';

// The channel header: title, member count and topic; the channel's menu (setting the topic,
// leaving the channel, the way to the channel's settings for the workspace's owner and admins);
// and the search box. What the menu offers is decided when it opens, so a role changed meanwhile counts.
export function headerView(store, actions) {
  const title = document.getElementById('channel-title');
  const topic = document.getElementById('channel-topic');
  const members = document.getElementById('channel-members');
  const channelMenu = document.getElementById('channel-menu');
  const topicForm = document.getElementById('topic-form');
  const topicInput = document.getElementById('topic-input');
  const searchForm = document.getElementById('search-form');
  const searchInput = document.getElementById('search-input');
  const error = document.getElementById('header-error');

  const guarded = guardedBy(error);

  const editTopic = () => {
    topicForm.hidden = false;
    topicInput.value = store.channels.get(store.currentChannelId)?.topic ?? '';
    topicInput.focus();
  };
  const items = () => {
    const channel = store.channels.get(store.currentChannelId);
    if (!channel) return [];
    const entries = [{ name: 'edit-topic', label: 'Edit topic', run: editTopic }];
    if (channel.kind !== 'dm' && store.managesWorkspace(channel.workspaceId)) {
      entries.push({ name: 'channel-settings', label: 'Channel settings', run: () => guarded(() => actions.openSettings('workspace')) });
    }
    // A DM cannot be left.
    if (channel.kind !== 'dm') {
      entries.push({ separator: true }, { name: 'leave', label: 'Leave channel', danger: true, run: () => guarded(() => actions.leaveChannel(channel.id)) });
    }
    return entries;
  };
  channelMenu.addEventListener('click', () => toggleMenu(channelMenu, 'Channel actions', items()));
  topicForm.addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(async () => {
      await actions.setTopic(store.currentChannelId, topicInput.value.trim());
      topicForm.hidden = true;
      channelMenu.focus();
    });
  });
  topicForm.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    // Not to the page: Escape there closes the side panel as well.
    event.stopPropagation();
    topicForm.hidden = true;
    channelMenu.focus();
  });
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = searchInput.value.trim();
    if (query && store.currentWorkspaceId) guarded(() => actions.search(query));
  });

  return function render() {
    const channel = store.channels.get(store.currentChannelId);
    if (!channel) {
      title.textContent = '';
      topic.textContent = '';
      topicForm.hidden = true;
    } else {
      title.textContent = store.title(channel);
      topic.textContent = channel.topic;
    }
    const count = channel?.memberCount ?? null;
    members.hidden = count === null;
    members.textContent = count === null ? '' : `${count} ${count === 1 ? 'member' : 'members'}`;
    channelMenu.hidden = !channel;
    searchForm.hidden = !store.currentWorkspaceId;
  };
}
