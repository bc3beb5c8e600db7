// Desktop notifications, while the tab is hidden, for the posts the user's preferences choose
// (by default those that mention the user or arrive in a DM). Permission is asked once, on the
// user's first send (browsers allow asking only from a user action), and the answer is remembered
// by the browser.
const ASKED_KEY = 'parley.notifications.asked';

export function askNotificationPermissionOnce() {
  if (!('Notification' in window) || Notification.permission !== 'default' || localStorage.getItem(ASKED_KEY)) {
    return;
  }
  localStorage.setItem(ASKED_KEY, 'yes');
  // Older browsers answer through a callback and return nothing.
  Promise.resolve(Notification.requestPermission()).catch(() => {});
}

// The user's notification preferences (notify.get) decide: `all` notifies every post by others,
// `mentions` only mentions and DM posts, `nothing` or muted none; a channel without its own
// preference follows the default, and a muted default mutes every channel. They are read again
// when older than this, so a change made in another tab or client applies within it.
const PREFERENCES_TTL_MS = 60_000;

export function notifyPosts(store, socket) {
  let preferences = null;
  let readAt = 0;
  const current = async () => {
    if (!preferences || Date.now() - readAt > PREFERENCES_TTL_MS) {
      try {
        preferences = await socket().request('notify.get', {});
        readAt = Date.now();
      } catch {
        // Offline or refused: keep what was known, or the default until it can be read.
      }
    }
    return preferences ?? { level: 'mentions', muted: false, channels: [] };
  };
  // Saved in this tab's settings: in force from now, not from the next read.
  store.addEventListener('notify-preferences', ({ detail }) => {
    preferences = detail;
    readAt = Date.now();
  });
  store.addEventListener('posted', async ({ detail: { channel, data, mentioned } }) => {
    if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') {
      return;
    }
    const chosen = await current();
    const own = chosen.muted ? null : chosen.channels.find((c) => c.channelId === channel.id);
    const { level, muted } = own ?? chosen;
    if (muted || level === 'nothing' || (level !== 'all' && !mentioned && channel.kind !== 'dm')) {
      return;
    }
    const author = store.names.get(data.author) ?? 'someone';
    const where = channel.kind === 'dm' ? 'direct message' : `#${channel.name}`;
    // Notification bodies are plain text: no markup is interpreted.
    new Notification(`${author} (${where})`, { body: data.text ?? '', tag: `${channel.id}:${data.seq}` });
  });
}

// The tab's title counts the unread posts of every channel and DM ("(3) Parley"), so a hidden or
// pinned tab shows that something is waiting; reading them (the store changes) takes it back.
export function showUnreadInTitle(store) {
  const base = document.title;
  const update = () => {
    let unread = 0;
    for (const channel of store.channels.values()) {
      unread += store.unread(channel);
    }
    const title = unread > 0 ? `(${unread}) ${base}` : base;
    if (document.title !== title) document.title = title;
  };
  store.addEventListener('change', update);
  store.addEventListener('posted', update);
  update();
}
