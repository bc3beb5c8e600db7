import { el, identity, updateRows } from '../dom.js';
import { fileSize, knownLink } from '../files.js';
import { avatar } from './avatar.js';
import { botBadge } from './bot-badge.js';
import { toggleEmojiPicker } from './emoji-picker.js';
import { moreButton } from './message-menu.js';
import { richText, storeLinks } from './rich-text.js';

// One message: avatar, author and time (shown once for a group of one person's messages), text
// (formatted by views/rich-text.js, or its edit box), edited/deleted markers, reaction counts (a
// click toggles the user's own), and a toolbar shown on hover or focus: react, reply in thread
// (not inside a thread) and the "More" menu (views/message-menu.js: edit, delete, copy). Each
// message is a tab stop; Up/Down move between them.
// A message follows on from the one before it when the same person posted it within this time.
const GROUP_WITHIN_MS = 5 * 60 * 1000;

/**
 * One message as a row of updateRows: rebuilt only when something it shows changed.
 * ui: {editing: {seq, text} | null, focusEdit, focus: selector | null, rerender()}, shared by the
 * rows of one list so that re-rendering keeps a half-typed edit and the keyboard's place.
 * options: {channelId, state ('' | 'pending' | 'failed'), inThread, continued}.
 */
export function messageRow(store, actions, ui, message, options) {
  const names = (userIds) => userIds.map((userId) => store.names.get(userId) ?? userId);
  return {
    // A pending row has no listeners; a message row's act on its message object, which the key names.
    key: options.state ? `pending:${message.clientMsgId}` : `${options.channelId}:${message.seq}:${identity(message)}`,
    signature: JSON.stringify([
      message.text,
      message.files.map((file) => file.id),
      message.deleted,
      message.edited,
      message.replies,
      [...message.reactions].map(([emoji, users]) => [emoji, names([...users])]),
      names([message.author]),
      store.userId,
      ui.editing?.seq === message.seq,
      options.continued ?? false,
      // Mentions and #channels link once the members and channels they name are known.
      store.members.get(store.currentWorkspaceId)?.length ?? 0,
      store.channels.size,
      options.state ?? '',
      message.error ?? null,
    ]),
    build: () => buildMessageRow(store, actions, ui, message, options),
  };
}

/** Whether `message` is shown under the author and avatar of `previous` (null: the first of a day). */
export function continues(previous, message) {
  return !!previous && previous.author === message.author && message.ts - previous.ts < GROUP_WITHIN_MS;
}

/** Up and Down move the focus from a message to the one above or below it. */
export function bindRowKeys(list) {
  list.addEventListener('keydown', (event) => {
    const step = { ArrowUp: 'previousElementSibling', ArrowDown: 'nextElementSibling' }[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (!event.target.classList?.contains('message')) return;
    let next = event.target[step];
    while (next && !next.classList.contains('message')) next = next[step];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });
}

/** A row of updateRows that never changes: a day separator or a heading. */
export function labelRow(key, text) {
  return { key, signature: text, build: () => el('li', { class: 'day', text }) };
}

function buildMessageRow(store, actions, ui, message, options) {
  const { channelId, state = '', inThread = false, continued = false } = options;
  const time = new Date(message.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const name = message.hook ?? store.names.get(message.author) ?? message.author;
  const body = el('div', { class: 'message-body' });
  const row = el('li', { class: `message ${continued ? 'continued' : ''} ${state}`.trim().replace(/\s+/g, ' '), 'data-seq': String(message.seq), tabindex: '0' });
  if (continued) {
    // The author shows once per group; a screen reader still hears it on every message.
    row.append(el('span', { class: 'message-time gutter-time', text: time }), body);
    body.append(el('span', { class: 'message-author visually-hidden', text: message.bot ? `${name} (bot)` : name }));
  } else {
    row.append(avatar(message.author, name), body);
    const author = el('span', { class: 'message-author', text: name });
    body.append(el('div', { class: 'message-meta' }, ...(message.bot ? [author, botBadge()] : [author]), el('span', { class: 'message-time', text: time })));
  }
  const editing = !state && ui.editing?.seq === message.seq;
  if (editing) {
    body.append(editBox(actions, ui, channelId, message));
  } else {
    const text = message.deleted ? [] : richText(message.text, storeLinks(store, actions, (error) => actions.report(error)));
    body.append(el('div', { class: 'message-text' }, ...text));
    if (body.querySelector('.mention.me')) row.classList.add('mentions-me');
  }
  if (!message.deleted && message.files.length) {
    body.append(el('div', { class: 'files' }, ...message.files.map((file) => attachedFile(actions, file))));
  }
  if (message.deleted) {
    body.append(el('span', { class: 'message-marker deleted', text: '(deleted)' }));
  } else if (message.edited) {
    body.append(el('span', { class: 'message-marker edited', text: '(edited)' }));
  }
  if (state === 'failed') {
    body.append(
      el('span', { class: 'message-marker', text: `(not sent: ${message.error})` }),
      el(
        'div',
        { class: 'failed-actions' },
        el('button', { type: 'button', class: 'retry', text: 'Retry', onclick: () => actions.retryPost(message.clientMsgId) }),
        el('button', { type: 'button', class: 'discard', text: 'Discard', onclick: () => actions.discardPost(message.clientMsgId) }),
      ),
    );
    return row;
  }
  if (state) {
    body.append(el('span', { class: 'message-marker', text: '(sending)' }));
    return row;
  }
  if (message.deleted) {
    return row;
  }
  body.append(reactions(store, actions, channelId, message));
  if (!inThread && message.replies > 0) {
    body.append(
      el('button', {
        type: 'button',
        class: 'replies link',
        text: `${message.replies} ${message.replies === 1 ? 'reply' : 'replies'}`,
        onclick: () => run(actions, () => actions.openThread(channelId, message.seq)),
      }),
    );
  }
  row.append(messageActions(store, actions, ui, channelId, message, inThread));
  return row;
}

/**
 * A file of a post: a preview for images with a thumbnail, and a link that opens or downloads it.
 * Both point at a signed link; one known already is put in at once (so a patched row keeps it),
 * else every element of this file in the page gets it when it arrives. The link is renewed when
 * the pointer or the focus comes to it, so a click never follows an expired one.
 */
function attachedFile(actions, file) {
  const signed = knownLink(file.id);
  const link = el('a', {
    class: 'file-link',
    'data-file-id': file.id,
    href: signed?.url ?? '#',
    target: '_blank',
    rel: 'noopener',
    text: `${file.name} (${fileSize(file.size)})`,
    onmouseenter: () => refreshLink(actions, file.id),
    onfocus: () => refreshLink(actions, file.id),
  });
  const item = el('div', { class: 'file', 'data-file-id': file.id });
  if (file.thumbnail) {
    item.append(el('img', { class: 'file-preview', 'data-file-id': file.id, alt: file.name, src: signed?.thumbnailUrl ?? '' }));
  }
  item.append(link);
  if (!signed) refreshLink(actions, file.id);
  return item;
}

function refreshLink(actions, fileId) {
  actions
    .fileLink(fileId)
    .then((signed) => {
      for (const node of document.querySelectorAll(`[data-file-id="${CSS.escape(fileId)}"]`)) {
        if (node.tagName === 'A' && node.getAttribute('href') !== signed.url) node.setAttribute('href', signed.url);
        if (node.tagName === 'IMG' && signed.thumbnailUrl && node.getAttribute('src') !== signed.thumbnailUrl) {
          node.setAttribute('src', signed.thumbnailUrl);
        }
      }
    })
    .catch(() => {});
}

function reactions(store, actions, channelId, message) {
  return el(
    'div',
    { class: 'reactions' },
    ...[...message.reactions].map(([emoji, users]) =>
      el('button', {
        type: 'button',
        class: users.has(store.userId) ? 'reaction mine' : 'reaction',
        'data-emoji': emoji,
        'aria-pressed': String(users.has(store.userId)),
        title: [...users].map((userId) => store.names.get(userId) ?? userId).join(', '),
        text: `${emoji} ${users.size}`,
        onclick: () => run(actions, () => actions.toggleReaction(channelId, message, emoji)),
      }),
    ),
  );
}

/** The toolbar a message shows on hover, when it (or a control in it) has the focus, or while its menu is open. */
function messageActions(store, actions, ui, channelId, message, inThread) {
  const button = (cls, label, icon, onclick, more = {}) =>
    el('button', { type: 'button', class: cls, 'aria-label': label, title: label, text: icon, onclick, ...more });
  const buttons = [
    button('react-add', 'Add reaction', '☺', (event) => pickReaction(actions, channelId, message, event.currentTarget), {
      'aria-expanded': 'false',
      'aria-haspopup': 'dialog',
    }),
  ];
  if (!inThread) {
    buttons.push(button('reply', 'Reply in thread', '↩', () => run(actions, () => actions.openThread(channelId, message.seq))));
  }
  buttons.push(moreButton(store, actions, ui, channelId, message, inThread));
  return el('div', { class: 'message-actions', role: 'toolbar', 'aria-label': 'Message actions' }, ...buttons);
}

/** The emoji picker for a reaction; picked or not, the focus goes back to the message, wherever its row is now. */
function pickReaction(actions, channelId, message, button) {
  const list = button.closest('.messages');
  const backToRow = () => list.querySelector(`.message[data-seq="${message.seq}"]`)?.focus();
  toggleEmojiPicker(button, {
    label: 'Add reaction',
    pick: (emoji) => {
      backToRow();
      run(actions, () => actions.toggleReaction(channelId, message, emoji));
    },
    back: backToRow,
  });
}

function editBox(actions, ui, channelId, message) {
  const box = el('textarea', {
    class: 'edit-box',
    rows: '2',
    maxlength: '4000',
    'aria-label': 'Edit message',
    oninput: (event) => {
      ui.editing.text = event.target.value;
    },
    onkeydown: (event) => {
      // Done editing, the keyboard is back on the message.
      if (event.key === 'Escape') {
        event.stopPropagation();
        ui.editing = null;
        ui.focus = `.message[data-seq="${message.seq}"]`;
        ui.rerender();
      } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        const text = ui.editing.text.trim();
        ui.editing = null;
        ui.focus = `.message[data-seq="${message.seq}"]`;
        if (text && text !== message.text) run(actions, () => actions.editMessage(channelId, message.seq, text));
        ui.rerender();
      }
    },
  });
  box.value = ui.editing.text;
  return box;
}

/** An outbox entry shown as a message, until its own event replaces it. */
export function pendingMessage(store, pending) {
  return {
    seq: '',
    clientMsgId: pending.clientMsgId,
    error: pending.error,
    author: store.userId,
    text: pending.text,
    files: [],
    ts: Date.now(),
    deleted: false,
    edited: false,
    replies: 0,
    reactions: new Map(),
  };
}

/**
 * Updates a list's rows; an edit box that had the focus (or was just opened) has it again if its
 * row was rebuilt, with the caret at the end.
 */
export function updateRowsKeepingEdit(list, ui, rows) {
  const editFocused = ui.focusEdit || document.activeElement?.classList.contains('edit-box');
  ui.focusEdit = false;
  updateRows(list, rows);
  const box = list.querySelector('.edit-box');
  if (box && editFocused && document.activeElement !== box) {
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }
  // A control that rebuilt its own row (opening or closing the reaction picker) keeps the focus there.
  if (ui.focus) {
    list.querySelector(ui.focus)?.focus();
    ui.focus = null;
  }
}

function run(actions, action) {
  action().catch((error) => actions.report(error));
}
