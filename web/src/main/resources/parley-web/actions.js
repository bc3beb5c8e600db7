import { search as searchMessages } from './api.js';
import { fileLink } from './files.js';
import { applyToLog } from './message-log.js';
import { Disconnected } from './socket.js';

// What the user can do, as calls on the socket whose results go into the store. Live events
// bring most results in anyway (a reaction, an edit, a topic); the replies only add what no
// event carries (a created channel to switch to, a thread's earlier replies, search hits).
const THREAD_PAGE = 200;

/**
 * deps: {store, auth, socket() -> the current Socket, showChannel(id), loadMembers(workspaceId),
 * logout(), logoutEverywhere(), retryPost(clientMsgId)}
 */
export function createActions({ store, auth, socket, showChannel, loadMembers, logout, logoutEverywhere, retryPost }) {
  const actions = {
    async createWorkspace(name) {
      const { workspace } = await socket().request('workspace.create', { name });
      store.setWorkspaces([workspace]);
      actions.selectWorkspace(workspace.id);
    },
    async joinWorkspace(code) {
      const { workspace } = await socket().request('workspace.join', { code });
      store.setWorkspaces([workspace]);
      actions.selectWorkspace(workspace.id);
    },
    /** expiresIn: seconds. Returns the new invite's code. */
    async invite(expiresIn) {
      const { code } = await socket().request('workspace.invite', { workspaceId: store.currentWorkspaceId, expiresIn });
      return code;
    },
    /** topic: '' for none. */
    async createChannel(name, isPrivate, topic = '') {
      const fields = { workspaceId: store.currentWorkspaceId, name, private: isPrivate };
      if (topic) fields.topic = topic;
      const { channel } = await socket().request('channel.create', fields);
      store.upsertChannel(channel);
      actions.selectChannel(channel.id);
    },
    async browse() {
      const { channels } = await socket().request('workspace.channels', { workspaceId: store.currentWorkspaceId });
      return channels.filter((channel) => channel.kind === 'public' && !store.channels.has(channel.id));
    },
    async joinChannel(channelId) {
      const { channel } = await socket().request('channel.join', { channelId });
      store.upsertChannel(channel);
      actions.selectChannel(channel.id);
    },
    selectWorkspace(workspaceId) {
      store.currentWorkspaceId = workspaceId;
      store.currentChannelId = null;
      store.settings = null;
      store.changed();
      loadMembers(workspaceId);
    },
    selectChannel(channelId) {
      store.currentChannelId = channelId;
      store.settings = null;
      // The address names the channel, so a reload or a shared link opens it again.
      history.replaceState(null, '', `#${channelId}`);
      if (store.panel?.kind === 'thread') store.panel = null;
      store.changed();
      showChannel(channelId);
    },
    async openDm(userIds) {
      const { channel } = await socket().request('dm.open', { workspaceId: store.currentWorkspaceId, userIds });
      store.upsertChannel(channel);
      actions.selectChannel(channel.id);
    },
    async leaveChannel(channelId) {
      await socket().request('channel.leave', { channelId });
      store.removeChannel(channelId);
      store.changed();
    },
    async setTopic(channelId, topic) {
      await socket().request('channel.topic', { channelId, topic });
    },
    async editMessage(channelId, seq, text) {
      await socket().request('message.edit', { channelId, seq, text });
    },
    async deleteMessage(channelId, seq) {
      await socket().request('message.delete', { channelId, seq });
    },
    /** Adds the user's reaction, or takes it back if it is there. */
    async toggleReaction(channelId, message, emoji) {
      const mine = message.reactions.get(emoji)?.has(store.userId);
      await socket().request(mine ? 'reaction.remove' : 'reaction.add', { channelId, seq: message.seq, emoji });
    },
    async openThread(channelId, rootSeq) {
      // Replies that arrive while the pages load go into `replies` and are kept after them.
      const panel = { kind: 'thread', channelId, rootSeq, replies: [] };
      store.panel = panel;
      store.changed();
      const loaded = [];
      let after = 0;
      for (let hasMore = true; hasMore; ) {
        const page = await socket().request('thread', { channelId, seq: rootSeq, after, limit: THREAD_PAGE });
        loaded.push(...page.events);
        hasMore = page.hasMore && page.events.length > 0;
        after = page.events.at(-1)?.data.seq ?? after;
      }
      if (store.panel !== panel) {
        return;
      }
      const replies = [];
      for (const event of loaded) {
        applyToLog(replies, event.type, event.data, rootSeq);
      }
      // `thread` gives the replies as posted; their later edits, deletions and reactions are
      // among the channel's events aimed outside its top level, as far as its pages are loaded.
      for (const event of store.channels.get(channelId)?.orphans ?? []) {
        if (event.type !== 'message.posted') applyToLog(replies, event.type, event.data, rootSeq);
      }
      const last = replies.at(-1)?.seq ?? 0;
      panel.replies = replies.concat(panel.replies.filter((reply) => reply.seq > last));
      store.changed();
    },
    async search(query) {
      store.panel = { kind: 'search', query, hits: null };
      store.changed();
      const hits = await searchMessages(auth, store.currentWorkspaceId, query);
      if (store.panel?.kind === 'search' && store.panel.query === query) {
        store.panel.hits = hits;
        store.changed();
      }
    },
    /** A signed link to a file of a post, for showing it. */
    fileLink(fileId) {
      return fileLink(auth, fileId);
    },
    closePanel() {
      store.panel = null;
      store.changed();
    },
    async setPresence(status) {
      await socket().request('presence.set', { status });
      store.presence.set(store.userId, status);
      store.changed();
    },
    report(error) {
      if (!(error instanceof Disconnected)) {
        document.getElementById('header-error').textContent = error.message;
      }
    },
    typing(channelId) {
      socket().request('typing', { channelId }).catch(() => {});
    },
    logout,
    logoutEverywhere,
    retryPost,
    /** A post refused for good, dropped by its author. */
    discardPost(clientMsgId) {
      store.outbox.delete(clientMsgId);
      store.changed();
    },
  };
  return actions;
}
