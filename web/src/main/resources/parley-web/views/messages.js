import { el } from '../dom.js';
import { bindRowKeys, continues, labelRow, messageRow, pendingMessage, updateRowsKeepingEdit } from './message-row.js';

// The current channel's messages, with day separators, a "New messages" divider above what was
// unread when the channel was opened (and a button to jump to it), grouped by author
// (message-row.js), and pending/failed sends at the end.
// Scrolling near the top asks for an older page.
const LOAD_OLDER_THRESHOLD_PX = 80;
// A User Timing mark set when a channel's messages are first on screen: page-load time is its
// startTime (ms since navigation began).
const FIRST_MESSAGES_MARK = 'parley:first-messages';

export function messagesView(store, actions, loadOlder) {
  const list = document.getElementById('messages');
  const jump = document.getElementById('jump-unread');
  const ui = { editing: null, focusEdit: false, picking: null, focus: null, rerender: () => render() };
  let shownChannelId = null;
  bindRowKeys(list);

  list.addEventListener('scroll', () => {
    if (list.scrollTop < LOAD_OLDER_THRESHOLD_PX) {
      loadOlder();
    }
    showJump();
  });
  jump.addEventListener('click', () => {
    list.querySelector('.unread-divider')?.scrollIntoView({ block: 'center' });
    showJump();
  });

  /** "Jump to new messages" shows while the divider is above what the list shows. */
  function showJump() {
    const divider = list.querySelector('.unread-divider');
    jump.hidden = !divider || divider.getBoundingClientRect().bottom > list.getBoundingClientRect().top;
  }

  function render() {
    const channel = store.channels.get(store.currentChannelId);
    if (shownChannelId !== store.currentChannelId) {
      shownChannelId = store.currentChannelId;
      ui.editing = null;
      ui.picking = null;
    }
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const heightBefore = list.scrollHeight;
    const topBefore = list.scrollTop;
    const firstBefore = list.querySelector('.message')?.dataset.seq;
    if (!channel?.messages) {
      updateRowsKeepingEdit(list, ui, []);
      return;
    }
    const rows = [];
    let lastDay = null;
    let previous = null;
    let divided = channel.dividerAfter === null || channel.dividerAfter === undefined;
    for (const message of channel.messages) {
      const day = new Date(message.ts).toDateString();
      if (day !== lastDay) {
        rows.push(labelRow(`day:${day}`, day));
        lastDay = day;
        previous = null;
      }
      if (!divided && message.seq > channel.dividerAfter) {
        rows.push(dividerRow());
        divided = true;
        previous = null;
      }
      rows.push(messageRow(store, actions, ui, message, { channelId: channel.id, continued: continues(previous, message) }));
      previous = message;
    }
    for (const pending of store.outbox.values()) {
      if (pending.channelId === channel.id && pending.threadSeq === null) {
        const message = pendingMessage(store, pending);
        const state = pending.failed ? 'failed' : 'pending';
        rows.push(messageRow(store, actions, ui, message, { channelId: channel.id, state, continued: continues(previous, message) }));
        previous = message;
      }
    }
    updateRowsKeepingEdit(list, ui, rows);
    showJump();
    if (rows.length && performance.getEntriesByName(FIRST_MESSAGES_MARK).length === 0) {
      performance.mark(FIRST_MESSAGES_MARK);
    }
    const firstAfter = list.querySelector('.message')?.dataset.seq;
    if (atBottom) {
      list.scrollTop = list.scrollHeight;
    } else if (firstBefore !== firstAfter) {
      // An older page was prepended: keep the same messages under the reader's eyes.
      list.scrollTop = topBefore + (list.scrollHeight - heightBefore);
    }
  }
  return render;
}

/** The line above the first message that was unread when the channel was opened. */
function dividerRow() {
  return { key: 'unread-divider', signature: 'unread-divider', build: () => el('li', { class: 'unread-divider', text: 'New messages' }) };
}
