import { el } from '../dom.js';
import { closeEmojiPicker } from './emoji-picker.js';
import { bindRowKeys, continues, labelRow, messageRow, pendingMessage, updateRowsKeepingEdit } from './message-row.js';
import { listWindow } from './message-window.js';
import { announceNewMessages } from './message-announcer.js';

// The current channel's messages, with day separators, a "New messages" divider above what was
// unread when the channel was opened (and a button to jump to it), grouped by author
// (message-row.js), and pending/failed sends at the end. Only the rows in and near the view are
// in the DOM (message-window.js): a row is built from the message as it is now whenever it comes
// into view, so edits, reactions and reply counts that arrived meanwhile show.
// Scrolling near the top asks for an older page.
const LOAD_OLDER_THRESHOLD_PX = 80;
// A User Timing mark set when a channel's messages are first on screen: page-load time is its
// startTime (ms since navigation began).
const FIRST_MESSAGES_MARK = 'parley:first-messages';
const DIVIDER_KEY = 'unread-divider';

export function messagesView(store, actions, loadOlder) {
  const list = document.getElementById('messages');
  const jump = document.getElementById('jump-unread');
  const ui = { editing: null, focusEdit: false, focus: null, rerender: () => render() };
  const days = new WeakMap();
  const walks = new WeakMap();
  let shownChannelId = null;
  let channelId = null;
  const windowed = listWindow(list, (items) => updateRowsKeepingEdit(list, ui, items.map(rowOf)));
  bindRowKeys(list);
  announceNewMessages(store, document.getElementById('message-announcer'));

  list.addEventListener('scroll', () => {
    windowed.scrolled();
    if (list.scrollTop < LOAD_OLDER_THRESHOLD_PX && windowed.atFirst()) {
      loadOlder();
    }
    showJump();
  });
  jump.addEventListener('click', () => {
    windowed.center(DIVIDER_KEY);
    showJump();
  });

  /** "Jump to new messages" shows while the divider is above what the list shows. */
  function showJump() {
    jump.hidden = !windowed.above(DIVIDER_KEY);
  }

  /** A message's day, worked out once: an older page walks the whole channel again. */
  function dayOf(message) {
    let day = days.get(message);
    if (day === undefined) {
      day = new Date(message.ts).toDateString();
      days.set(message, day);
    }
    return day;
  }

  /**
   * The items of a channel's loaded messages, walked once and kept with the array they came from:
   * a live post is pushed onto that array, so a render walks only the messages it has not seen.
   * An older page (a new array) or another divider walks them all again.
   */
  function messageItems(channel) {
    const dividerAfter = channel.dividerAfter ?? null;
    let walk = walks.get(channel.messages);
    if (walk?.dividerAfter !== dividerAfter) {
      walk = { dividerAfter, items: [], walked: 0, lastDay: null, previous: null, divided: dividerAfter === null };
      walks.set(channel.messages, walk);
    }
    for (; walk.walked < channel.messages.length; walk.walked++) {
      const message = channel.messages[walk.walked];
      const day = dayOf(message);
      if (day !== walk.lastDay) {
        walk.items.push({ key: `day:${day}`, day, movable: true });
        walk.lastDay = day;
        walk.previous = null;
      }
      if (!walk.divided && message.seq > dividerAfter) {
        // It moves up when older unread messages load, as a day's separator does when older messages of the day load.
        walk.items.push({ key: DIVIDER_KEY, movable: true });
        walk.divided = true;
        walk.previous = null;
      }
      walk.items.push({ key: `${channel.id}:${message.seq}`, message, continued: continues(walk.previous, message) });
      walk.previous = message;
    }
    return walk;
  }

  /** Everything the list would show, as cheap items: only those in the window become rows. */
  function itemsOf(channel) {
    const walk = messageItems(channel);
    let previous = walk.previous;
    // A copy, which the window compares with what it showed: the walked items grow in place.
    const items = walk.items.slice();
    for (const pending of store.outbox.values()) {
      if (pending.channelId === channel.id && pending.threadSeq === null) {
        const message = pendingMessage(store, pending);
        const state = pending.failed ? 'failed' : 'pending';
        items.push({ key: `pending:${pending.clientMsgId}`, message, state, continued: continues(previous, message) });
        previous = message;
      }
    }
    return items;
  }

  function rowOf(item) {
    if (item.key === DIVIDER_KEY) return dividerRow();
    if (item.day) return labelRow(item.key, item.day);
    return messageRow(store, actions, ui, item.message, { channelId, state: item.state, continued: item.continued });
  }

  function render() {
    const channel = store.channels.get(store.currentChannelId);
    const switched = shownChannelId !== store.currentChannelId;
    if (switched) {
      shownChannelId = store.currentChannelId;
      ui.editing = null;
      // What it would pick for belongs to the channel left.
      closeEmojiPicker(false);
    }
    channelId = channel?.id ?? null;
    const items = channel?.messages ? itemsOf(channel) : [];
    windowed.show(items, switched);
    showJump();
    if (items.length && performance.getEntriesByName(FIRST_MESSAGES_MARK).length === 0) {
      performance.mark(FIRST_MESSAGES_MARK);
    }
  }
  return render;
}

/** The line above the first message that was unread when the channel was opened. */
function dividerRow() {
  return { key: DIVIDER_KEY, signature: DIVIDER_KEY, build: () => el('li', { class: 'unread-divider', text: 'New messages' }) };
}
