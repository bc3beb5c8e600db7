// Screen readers hear the messages others post in the open channel as they arrive, from a live
// region of its own: the list itself is windowed (message-window.js), so rows come and go as the
// reader scrolls, older pages load and rows are rebuilt, and a live list would read all of that out.
// The region is a log: each new message is added to it, and only the last few are kept.
const KEPT = 5;
// A long post is cut short here: the reader can go to the message itself for the rest.
const MAX_CHARS = 300;

export function announceNewMessages(store, region) {
  store.addEventListener('posted', ({ detail: { channel, data } }) => {
    if (channel.id !== store.currentChannelId || store.settings) return;
    const author = data.hook ?? store.names.get(data.author) ?? 'someone';
    const files = data.files?.length ?? 0;
    let text = data.text || (files ? `${files} ${files === 1 ? 'file' : 'files'}` : '');
    if (text.length > MAX_CHARS) text = `${text.slice(0, MAX_CHARS)}…`;
    const where = data.threadSeq ? ' in a thread' : '';
    const entry = document.createElement('p');
    entry.textContent = `${author}${where}: ${text}`;
    region.append(entry);
    while (region.childElementCount > KEPT) region.firstElementChild.remove();
  });
}
