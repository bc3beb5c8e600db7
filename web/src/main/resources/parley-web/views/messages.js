import { el } from '../dom.js';

// The current channel's messages, with day separators and pending/failed sends at the end.
// Scrolling near the top asks for an older page.
const LOAD_OLDER_THRESHOLD_PX = 80;

export function messagesView(store, { loadOlder }) {
  const list = document.getElementById('messages');
  const title = document.getElementById('channel-title');

  list.addEventListener('scroll', () => {
    if (list.scrollTop < LOAD_OLDER_THRESHOLD_PX) {
      loadOlder();
    }
  });

  return function render() {
    const channel = store.channels.get(store.currentChannelId);
    title.textContent = channel ? `#${channel.name}` : '';
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const heightBefore = list.scrollHeight;
    const topBefore = list.scrollTop;
    const firstBefore = list.querySelector('.message')?.dataset.seq;
    list.replaceChildren();
    if (!channel?.messages) {
      return;
    }
    let lastDay = null;
    for (const message of channel.messages) {
      const day = new Date(message.ts).toDateString();
      if (day !== lastDay) {
        list.append(el('li', { class: 'day', text: day }));
        lastDay = day;
      }
      list.append(messageRow(store, message, ''));
    }
    for (const pending of store.outbox.values()) {
      if (pending.channelId === channel.id) {
        list.append(messageRow(store, { author: store.userId, text: pending.text, ts: Date.now(), seq: '' }, pending.failed ? 'failed' : 'pending'));
      }
    }
    const firstAfter = list.querySelector('.message')?.dataset.seq;
    if (atBottom) {
      list.scrollTop = list.scrollHeight;
    } else if (firstBefore !== firstAfter) {
      // An older page was prepended: keep the same messages under the reader's eyes.
      list.scrollTop = topBefore + (list.scrollHeight - heightBefore);
    }
  };
}

function messageRow(store, message, state) {
  const time = new Date(message.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const row = el(
    'li',
    { class: `message ${state}`.trim(), 'data-seq': String(message.seq) },
    el('span', { class: 'message-time', text: time }),
    el('span', { class: 'message-author', text: store.names.get(message.author) ?? message.author }),
    el('span', { class: 'message-text', text: message.deleted ? '(deleted)' : message.text }),
  );
  if (message.edited && !message.deleted) {
    row.append(el('span', { class: 'message-marker', text: '(edited)' }));
  }
  if (state) {
    row.append(el('span', { class: 'message-marker', text: state === 'failed' ? '(not sent)' : '(sending)' }));
  }
  return row;
}
