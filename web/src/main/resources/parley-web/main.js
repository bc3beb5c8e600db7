import { createActions } from './actions.js';
import { guardedBy } from './dom.js';
import { askToJoin, inviteLinkCode, takeConfirmedInvite } from './invite-link.js';
import { Auth, clientConfig } from './api.js';
import { newClientMsgId } from './ids.js';
import { bindKeyboard } from './keyboard.js';
import { notifyPosts, showUnreadInTitle } from './notifications.js';
import { Disconnected, Socket } from './socket.js';
import { createSettingsActions } from './settings-actions.js';
import { Store } from './store.js';
import { accountSettingsView } from './views/account-settings.js';
import { attachmentsView } from './views/attachments.js';
import { channelSettingsView } from './views/channel-settings.js';
import { composerView } from './views/composer.js';
import { consoleAuditView } from './views/console-audit.js';
import { consolePeopleView } from './views/console-people.js';
import { headerView } from './views/header.js';
import { loginView } from './views/login.js';
import { messagesView } from './views/messages.js';
import { notificationSettingsView } from './views/notification-settings.js';
import { panelView } from './views/panel.js';
import { passwordResetView } from './views/password-reset.js';
import { peopleView } from './views/people.js';
import { bindQuickSwitcher } from './views/quick-switcher.js';
import { settingsView } from './views/settings.js';
import { sidebarView } from './views/sidebar.js';
import { typingView } from './views/typing.js';
import { userMenuView } from './views/user-menu.js';
import { workspaceGeneralView } from './views/workspace-general.js';
import { workspaceInvitesView } from './views/workspace-invites.js';
import { workspaceMenuView } from './views/workspace-menu.js';
import { workspaceMembersView } from './views/workspace-members.js';

// Wires the store, the socket and the views: every server fact goes into the store, and every
// store change re-renders the views.
const PAGE_SIZE = 50;
const HISTORY_LIMIT = 200;
// A post answered `unavailable` (nothing written) or `rate_limited` is tried again, same id.
const RETRYABLE = new Set(['unavailable', 'rate_limited']);
const POST_RETRY_MS = 1000;
// How long another user's typing indicator shows after their last `typing`.
const TYPING_SHOWN_MS = 6000;

const auth = new Auth();
const store = new Store();
let socket = null;
const filling = new Set();
let loadingOlder = false;

const banner = document.getElementById('banner');
const loginSection = document.getElementById('login');
const appSection = document.getElementById('app');

const chatActions = createActions({
  store,
  auth,
  socket: () => socket,
  showChannel,
  loadMembers,
  logout: async () => {
    await auth.logout();
    loggedOut();
  },
  logoutEverywhere: async () => {
    await auth.logoutEverywhere();
    loggedOut();
  },
  retryPost: (clientMsgId) => {
    const entry = store.outbox.retry(clientMsgId);
    store.changed();
    if (entry && socket.ready) post(entry);
  },
});
const actions = { ...chatActions, ...createSettingsActions({ store, socket: () => socket }) };

/** Sends a post, or with `threadSeq` a reply in that thread; `files`: ids of uploaded files it carries. */
function send(channelId, text, threadSeq = null, files = []) {
  const clientMsgId = newClientMsgId();
  store.outbox.add({ channelId, clientMsgId, text, threadSeq, files, failed: false, error: null });
  store.changed();
  post(store.outbox.get(clientMsgId));
}

/** Posts one outbox entry; a lost connection leaves it pending for the retry after reconnect. */
async function post(entry) {
  try {
    const fields = { channelId: entry.channelId, clientMsgId: entry.clientMsgId, text: entry.text };
    if (entry.threadSeq !== null) fields.threadSeq = entry.threadSeq;
    if (entry.files?.length) fields.files = entry.files;
    const { seq } = await socket.request('message.post', fields);
    store.acknowledged(entry.clientMsgId, seq);
    store.changed();
  } catch (error) {
    if (RETRYABLE.has(error.code)) {
      setTimeout(() => store.outbox.get(entry.clientMsgId) === entry && socket.ready && post(entry), POST_RETRY_MS);
    } else if (!(error instanceof Disconnected)) {
      store.outbox.fail(entry.clientMsgId, error.message);
      store.changed();
    }
  }
}

async function loadMembers(workspaceId) {
  try {
    const { members } = await socket.request('workspace.members', { workspaceId });
    store.setMembers(workspaceId, members);
    store.changed();
  } catch (error) {
    reportUnlessDisconnected(error);
  }
}

async function showChannel(channelId) {
  const channel = store.channels.get(channelId);
  try {
    if (!channel.messages) {
      const page = await socket.request('history', { channelId, limit: PAGE_SIZE });
      store.loadLatest(channelId, page.events, page.hasMore);
    }
    // Where the "New messages" divider goes: after what was read before this visit marks it read.
    channel.dividerAfter = channel.readSeq < channel.lastSeq ? channel.readSeq : null;
    markRead(channel);
    store.changed();
  } catch (error) {
    reportUnlessDisconnected(error);
  }
}

function markRead(channel) {
  if (channel.id !== store.currentChannelId || document.visibilityState !== 'visible' || channel.readSeq >= channel.lastSeq) {
    return;
  }
  channel.readSeq = channel.lastSeq;
  channel.mentions = 0;
  socket.request('read', { channelId: channel.id, seq: channel.lastSeq }).catch(reportUnlessDisconnected);
}

async function loadOlder() {
  const channel = store.channels.get(store.currentChannelId);
  if (loadingOlder || !channel?.hasOlder) {
    return;
  }
  loadingOlder = true;
  try {
    const page = await socket.request('history', { channelId: channel.id, before: channel.oldestSeq, limit: PAGE_SIZE });
    store.loadOlder(channel.id, page.events, page.hasMore);
    store.changed();
  } catch (error) {
    reportUnlessDisconnected(error);
  } finally {
    loadingOlder = false;
  }
}

/** Fetches the events after a channel's cursor until the parked ones connect (`gap`, seq jump). */
async function fill(channelId) {
  if (filling.has(channelId)) {
    return;
  }
  filling.add(channelId);
  try {
    const channel = store.channels.get(channelId);
    let hasMore = true;
    while (hasMore && (channel.parked.size > 0 || channel.gapAfter !== null)) {
      const page = await socket.request('history', { channelId, after: channel.cursor, limit: HISTORY_LIMIT });
      for (const event of page.events) {
        store.applyEvent(event.type, event.data);
      }
      hasMore = page.hasMore && page.events.length > 0;
      channel.gapAfter = null;
    }
    markRead(channel);
    store.changed();
  } catch (error) {
    reportUnlessDisconnected(error);
  } finally {
    filling.delete(channelId);
  }
}

function onEvent(type, data) {
  if (type === 'channel.added') {
    store.upsertChannel(data.channel);
  } else if (type === 'gap') {
    const channel = store.channels.get(data.channelId);
    if (channel) {
      channel.gapAfter = data.after;
      fill(data.channelId);
    }
    return;
  } else if (type === 'typing') {
    store.typingSeen(data.channelId, data.userId, TYPING_SHOWN_MS);
  } else if (type === 'presence') {
    store.presence.set(data.userId, data.status);
  } else if (type === 'presence.batch') {
    for (const change of data.changes) store.presence.set(change.userId, change.status);
  } else if (type === 'workspace.removed') {
    store.removeWorkspace(data.workspaceId);
  } else if (type === 'read') {
    const channel = store.channels.get(data.channelId);
    if (channel) {
      channel.readSeq = Math.max(channel.readSeq, data.seq);
      channel.mentions = 0;
    }
  } else if (data && typeof data.seq === 'number' && data.channelId) {
    if (type === 'member.joined' && !store.names.has(data.userId)) {
      const channel = store.channels.get(data.channelId);
      if (channel) loadMembers(channel.workspaceId);
    }
    if (!store.applyEvent(type, data)) {
      fill(data.channelId);
    } else if ((type === 'member.left' && data.userId === store.userId) || type === 'channel.deleted') {
      // Left from another tab or device, removed from the workspace, or the channel was deleted.
      store.removeChannel(data.channelId);
    }
    const channel = store.channels.get(data.channelId);
    if (channel) markRead(channel);
  } else {
    return;
  }
  store.changed();
}

function onReady(data) {
  store.userId = data.user.id;
  store.names.set(data.user.id, data.user.username);
  // Whether the user administers the deployment (the System console), which `auth` does not say.
  actions.loadAccount().catch(reportUnlessDisconnected);
  store.setWorkspaces(data.workspaces);
  for (const channel of data.channels) {
    store.upsertChannel(channel);
  }
  store.changed();
  const linked = store.channels.get(location.hash.slice(1));
  if (!store.currentChannelId && linked) {
    store.currentWorkspaceId = linked.workspaceId;
    store.currentChannelId = linked.id;
  }
  if (store.currentWorkspaceId) {
    loadMembers(store.currentWorkspaceId);
  }
  if (store.currentChannelId) {
    // Loads the page a dropped connection interrupted, and marks what arrived while away read.
    showChannel(store.currentChannelId);
  }
  // Same clientMsgId: a post that did land is answered `duplicate` and creates nothing.
  for (const entry of store.outbox.values()) {
    if (!entry.failed) post(entry);
  }
  joinFromInviteLink();
}

/**
 * An invite link (`/#join=<code>`), opened before logging in or after, joins its workspace once
 * the user says so: by registering through it, or by answering the prompt.
 */
function joinFromInviteLink() {
  const code = inviteLinkCode();
  if (code === undefined) {
    return;
  }
  history.replaceState(null, '', location.pathname);
  const join = () => guardedBy(document.getElementById('sidebar-error'))(() => actions.joinWorkspace(code));
  if (takeConfirmedInvite(code)) {
    join();
  } else {
    askToJoin(join);
  }
}

function reportUnlessDisconnected(error) {
  if (!(error instanceof Disconnected)) {
    document.getElementById('sidebar-error').textContent = error.message;
  }
}

function loggedOut() {
  store.outbox.forget();
  showLogin();
}

function showLogin() {
  socket?.stop();
  store.reset();
  store.changed();
  appSection.hidden = true;
  banner.hidden = true;
  loginSection.hidden = false;
  showLoginCard();
  if (auth.endedBecause) {
    document.getElementById('login-error').textContent = auth.endedBecause;
    auth.endedBecause = null;
  }
}

function showApp() {
  loginSection.hidden = true;
  appSection.hidden = false;
  store.outbox.open(auth.userId);
  socket = new Socket(auth, {
    resume: () => store.resume(),
    onReady,
    onEvent,
    onStatus: (online) => {
      banner.hidden = online;
    },
    onLoggedOut: showLogin,
  });
  socket.start();
  // Not awaited: the first connection goes to this page's node anyway.
  const started = socket;
  clientConfig().then((config) => started.configure(config));
}

const renderers = [
  workspaceMenuView(store, actions),
  sidebarView(store, actions),
  peopleView(store, actions),
  userMenuView(store, actions),
  headerView(store, actions),
  messagesView(store, actions, loadOlder),
  typingView(store),
  composerView(store, actions, send, attachmentsView(store, auth)),
  panelView(store, actions, send),
  settingsView(store, actions),
  accountSettingsView(store, actions),
  notificationSettingsView(store, actions),
  workspaceGeneralView(store, actions),
  workspaceMembersView(store, actions),
  workspaceInvitesView(store, actions),
  channelSettingsView(store, actions),
  consolePeopleView(store, actions),
  consoleAuditView(store, actions),
];
// One render per frame, however many events arrived since the last: a busy channel sends many
// per frame, and a hidden tab (no frames) renders once when it is shown again.
let renderPending = false;
store.addEventListener('change', () => {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    renderers.forEach((render) => render());
  });
});
document.addEventListener('visibilitychange', () => {
  const channel = store.channels.get(store.currentChannelId);
  if (channel) markRead(channel);
});
notifyPosts(store, () => socket);
showUnreadInTitle(store);
bindKeyboard(actions);
bindQuickSwitcher(store, actions);
// Logged in or out in another tab of this browser (they share the tokens): follow it.
auth.onChangedElsewhere = (loggedIn) => (loggedIn ? showApp() : showLogin());
const showLoginCard = loginView(auth, showApp);
passwordResetView(auth);
if (auth.loggedIn) {
  showApp();
} else {
  showLogin();
}
