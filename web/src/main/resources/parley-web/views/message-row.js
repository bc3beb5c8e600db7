import { el, identity, updateRows } from '../dom.js';
import { REACTIONS } from '../emoji.js';
import { fileSize, knownLink } from '../files.js';
import { richText, storeLinks } from './rich-text.js';

// One message: time, author, text (or its edit box), edited/deleted markers, reaction counts
// (a click toggles the user's own), and actions: react, reply in thread (not inside a thread),
// edit and delete (own). The text is formatted (views/rich-text.js).

/**
 * One message as a row of updateRows: rebuilt only when something it shows changed.
 * ui: {editing: {seq, text} | null, focusEdit, picking: seq | null, rerender()}, shared by the rows of one
 * list so that re-rendering keeps a half-typed edit and an open emoji picker.
 * options: {channelId, state ('' | 'pending' | 'failed'), inThread}.
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
      ui.picking === message.seq,
      // Mentions and #channels link once the members and channels they name are known.
      store.members.get(store.currentWorkspaceId)?.length ?? 0,
      store.channels.size,
      options.state ?? '',
      message.error ?? null,
    ]),
    build: () => buildMessageRow(store, actions, ui, message, options),
  };
}

/** A row of updateRows that never changes: a day separator or a heading. */
export function labelRow(key, text) {
  return { key, signature: text, build: () => el('li', { class: 'day', text }) };
}

function buildMessageRow(store, actions, ui, message, options) {
  const { channelId, state = '', inThread = false } = options;
  const time = new Date(message.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const row = el(
    'li',
    { class: `message ${state}`.trim(), 'data-seq': String(message.seq) },
    el('span', { class: 'message-time', text: time }),
    el('span', { class: 'message-author', text: store.names.get(message.author) ?? message.author }),
  );
  const editing = !state && ui.editing?.seq === message.seq;
  if (editing) {
    row.append(editBox(actions, ui, channelId, message));
  } else {
    const text = message.deleted ? [] : richText(message.text, storeLinks(store, actions, (error) => actions.report(error)));
    row.append(el('div', { class: 'message-text' }, ...text));
  }
  if (!message.deleted && message.files.length) {
    row.append(el('div', { class: 'files' }, ...message.files.map((file) => attachedFile(actions, file))));
  }
  if (message.deleted) {
    row.append(el('span', { class: 'message-marker deleted', text: '(deleted)' }));
  } else if (message.edited) {
    row.append(el('span', { class: 'message-marker edited', text: '(edited)' }));
  }
  if (state === 'failed') {
    row.append(
      el('span', { class: 'message-marker', text: `(not sent: ${message.error})` }),
      el(
        'div',
        { class: 'message-actions failed-actions' },
        el('button', { type: 'button', class: 'retry', text: 'Retry', onclick: () => actions.retryPost(message.clientMsgId) }),
        el('button', { type: 'button', class: 'discard', text: 'Discard', onclick: () => actions.discardPost(message.clientMsgId) }),
      ),
    );
    return row;
  }
  if (state) {
    row.append(el('span', { class: 'message-marker', text: '(sending)' }));
    return row;
  }
  if (message.deleted) {
    return row;
  }
  row.append(reactions(store, actions, channelId, message));
  if (!inThread) {
    if (message.replies > 0) {
      row.append(
        el('button', {
          type: 'button',
          class: 'replies link',
          text: `${message.replies} ${message.replies === 1 ? 'reply' : 'replies'}`,
          onclick: () => run(actions, () => actions.openThread(channelId, message.seq)),
        }),
      );
    }
  }
  row.append(messageActions(store, actions, ui, channelId, message, inThread));
  if (ui.picking === message.seq) {
    row.append(
      el(
        'div',
        { class: 'emoji-picker', role: 'group', 'aria-label': 'Add reaction' },
        ...REACTIONS.map((emoji) =>
          el('button', {
            type: 'button',
            class: 'emoji',
            'data-emoji': emoji,
            text: emoji,
            onclick: () => {
              ui.picking = null;
              run(actions, () => actions.toggleReaction(channelId, message, emoji));
              ui.rerender();
            },
          }),
        ),
      ),
    );
  }
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

function messageActions(store, actions, ui, channelId, message, inThread) {
  const buttons = [];
  const button = (cls, text, onclick) => el('button', { type: 'button', class: cls, text, onclick });
  buttons.push(
    button('react-add', 'React', () => {
      ui.picking = ui.picking === message.seq ? null : message.seq;
      ui.rerender();
    }),
  );
  if (!inThread) {
    buttons.push(button('reply', 'Reply', () => run(actions, () => actions.openThread(channelId, message.seq))));
  }
  if (message.author === store.userId) {
    buttons.push(
      button('edit', 'Edit', () => {
        ui.editing = { seq: message.seq, text: message.text };
        ui.focusEdit = true;
        ui.rerender();
      }),
      button('delete', 'Delete', () => run(actions, () => actions.deleteMessage(channelId, message.seq))),
    );
  }
  return el('div', { class: 'message-actions' }, ...buttons);
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
      if (event.key === 'Escape') {
        event.stopPropagation();
        ui.editing = null;
        ui.rerender();
      } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        const text = ui.editing.text.trim();
        ui.editing = null;
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
}

function run(actions, action) {
  action().catch((error) => actions.report(error));
}
