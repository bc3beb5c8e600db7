// Desktop notifications for posts that mention the user or arrive in a DM while the tab is
// hidden. Permission is asked once, on the user's first send (browsers allow asking only from a
// user action), and the answer is remembered by the browser.
const ASKED_KEY = 'parley.notifications.asked';

export function askNotificationPermissionOnce() {
  if (!('Notification' in window) || Notification.permission !== 'default' || localStorage.getItem(ASKED_KEY)) {
    return;
  }
  localStorage.setItem(ASKED_KEY, 'yes');
  // Older browsers answer through a callback and return nothing.
  Promise.resolve(Notification.requestPermission()).catch(() => {});
}

export function notifyPosts(store) {
  store.addEventListener('posted', ({ detail: { channel, data, mentioned } }) => {
    if (!document.hidden || !('Notification' in window) || Notification.permission !== 'granted') {
      return;
    }
    if (!mentioned && channel.kind !== 'dm') {
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
