import { el, updateRows } from '../dom.js';
import { bindComposeBox } from './compose-box.js';
import { bindRowKeys, continues, labelRow, messageRow, pendingMessage, updateRowsKeepingEdit } from './message-row.js';

// The side panel: a thread (its root, the replies and a reply box) or search results (a click
// opens the hit's channel). Escape or the close button closes it.
export function panelView(store, actions, send) {
  const panel = document.getElementById('panel');
  const title = document.getElementById('panel-title');
  const list = document.getElementById('panel-list');
  const replyBox = document.getElementById('thread-composer');
  const ui = { editing: null, focusEdit: false, focus: null, rerender: () => render() };
  bindRowKeys(list);

  document.getElementById('panel-close').addEventListener('click', actions.closePanel);
  bindComposeBox(replyBox, document.getElementById('thread-mention-list'), {
    members: () => store.members.get(store.currentWorkspaceId) ?? [],
    onSend: (text) => store.panel?.kind === 'thread' && send(store.panel.channelId, text, store.panel.rootSeq),
    onTyping: () => store.panel?.kind === 'thread' && actions.typing(store.panel.channelId),
  });

  function render() {
    const open = store.panel;
    panel.hidden = !open;
    replyBox.hidden = open?.kind !== 'thread';
    if (!open) {
      updateRows(list, []);
      return;
    }
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    if (open.kind === 'thread') {
      renderThread(open);
    } else {
      renderSearch(open);
    }
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  function renderThread(thread) {
    title.textContent = 'Thread';
    const channel = store.channels.get(thread.channelId);
    const root = channel?.messages?.find((message) => message.seq === thread.rootSeq);
    const rows = [];
    if (root) {
      rows.push(messageRow(store, actions, ui, root, { channelId: thread.channelId, inThread: true }), labelRow('replies', 'Replies'));
    }
    let previous = null;
    for (const reply of thread.replies) {
      rows.push(messageRow(store, actions, ui, reply, { channelId: thread.channelId, inThread: true, continued: continues(previous, reply) }));
      previous = reply;
    }
    for (const pending of store.outbox.values()) {
      if (pending.channelId === thread.channelId && pending.threadSeq === thread.rootSeq) {
        const message = pendingMessage(store, pending);
        const state = pending.failed ? 'failed' : 'pending';
        rows.push(messageRow(store, actions, ui, message, { channelId: thread.channelId, state, inThread: true, continued: continues(previous, message) }));
        previous = message;
      }
    }
    updateRowsKeepingEdit(list, ui, rows);
  }

  function renderSearch(search) {
    title.textContent = `Search: ${search.query}`;
    if (search.hits === null) {
      updateRows(list, [labelRow('searching', 'Searching…')]);
      return;
    }
    if (search.hits.length === 0) {
      updateRows(list, [labelRow('no-hits', 'No messages found')]);
      return;
    }
    updateRows(
      list,
      search.hits.map((hit) => {
        const channel = store.channels.get(hit.channelId);
        const where = channel ? store.title(channel) : '';
        const author = store.names.get(hit.authorId) ?? hit.authorId;
        return {
          key: `hit:${hit.channelId}:${hit.seq}`,
          signature: JSON.stringify([search.query, hit.text, where, author]),
          build: () =>
            el(
              'li',
              {
                class: 'search-hit',
                tabindex: '0',
                onclick: () => channel && actions.selectChannel(hit.channelId),
                onkeydown: (event) => event.key === 'Enter' && channel && actions.selectChannel(hit.channelId),
              },
              el('span', { class: 'message-time', text: new Date(hit.ts).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) }),
              el('span', { class: 'message-author', text: author }),
              el('span', { class: 'search-channel', text: where }),
              el('div', { class: 'message-text', text: hit.text }),
            ),
        };
      }),
    );
  }
  return render;
}
