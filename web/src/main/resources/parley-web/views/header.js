import { guardedBy } from '../dom.js';

// The channel header: title, member count and topic, setting the topic, leaving the channel, the way to the
// channel's settings (for the workspace's owner and admins), and the search box.
export function headerView(store, actions) {
  const title = document.getElementById('channel-title');
  const topic = document.getElementById('channel-topic');
  const members = document.getElementById('channel-members');
  const topicEdit = document.getElementById('topic-edit');
  const topicForm = document.getElementById('topic-form');
  const topicInput = document.getElementById('topic-input');
  const leave = document.getElementById('leave');
  const searchForm = document.getElementById('search-form');
  const searchInput = document.getElementById('search-input');
  const error = document.getElementById('header-error');

  const guarded = guardedBy(error);

  topicEdit.addEventListener('click', () => {
    topicForm.hidden = !topicForm.hidden;
    topicInput.value = store.channels.get(store.currentChannelId)?.topic ?? '';
    if (!topicForm.hidden) topicInput.focus();
  });
  topicForm.addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(async () => {
      await actions.setTopic(store.currentChannelId, topicInput.value.trim());
      topicForm.hidden = true;
    });
  });
  leave.addEventListener('click', () => guarded(() => actions.leaveChannel(store.currentChannelId)));
  const settings = document.getElementById('channel-settings');
  settings.addEventListener('click', () => guarded(() => actions.openSettings('workspace')));
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
    topicEdit.hidden = !channel;
    // A DM cannot be left.
    leave.hidden = !channel || channel.kind === 'dm';
    settings.hidden = !channel || channel.kind === 'dm' || !store.managesWorkspace(channel.workspaceId);
    searchForm.hidden = !store.currentWorkspaceId;
  };
}
