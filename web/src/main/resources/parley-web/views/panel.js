import { el } from '../dom.js';
import { bindComposeBox } from './compose-box.js';
import { messageRow, pendingMessage, replaceRowsKeepingEdit } from './message-row.js';

// The side panel: a thread (its root, the replies and a reply box) or search results (a click
// opens the hit's channel). Escape or the close button closes it.
export function panelView(store, actions, send) {
  const panel = document.getElementById('panel');
  const title = document.getElementById('panel-title');
  const list = document.getElementById('panel-list');
  const replyBox = document.getElementById('thread-composer');
  const ui = { editing: null, focusEdit: false, picking: null, rerender: () => render() };

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
      list.replaceChildren();
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
      rows.push(messageRow(store, actions, ui, root, { channelId: thread.channelId, inThread: true }), el('li', { class: 'day', text: 'Replies' }));
    }
    for (const reply of thread.replies) {
      rows.push(messageRow(store, actions, ui, reply, { channelId: thread.channelId, inThread: true }));
    }
    for (const pending of store.outbox.values()) {
      if (pending.channelId === thread.channelId && pending.threadSeq === thread.rootSeq) {
        rows.push(messageRow(store, actions, ui, pendingMessage(store, pending), { channelId: thread.channelId, state: pending.failed ? 'failed' : 'pending', inThread: true }));
      }
    }
    replaceRowsKeepingEdit(list, ui, rows);
  }

  function renderSearch(search) {
    title.textContent = `Search: ${search.query}`;
    if (search.hits === null) {
      list.replaceChildren(el('li', { class: 'day', text: 'Searching…' }));
      return;
    }
    if (search.hits.length === 0) {
      list.replaceChildren(el('li', { class: 'day', text: 'No messages found' }));
      return;
    }
    list.replaceChildren(
      ...search.hits.map((hit) => {
        const channel = store.channels.get(hit.channelId);
        return el(
          'li',
          {
            class: 'search-hit',
            tabindex: '0',
            onclick: () => channel && actions.selectChannel(hit.channelId),
            onkeydown: (event) => event.key === 'Enter' && channel && actions.selectChannel(hit.channelId),
          },
          el('span', { class: 'message-time', text: new Date(hit.ts).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) }),
          el('span', { class: 'message-author', text: store.names.get(hit.authorId) ?? hit.authorId }),
          el('span', { class: 'search-channel', text: channel ? store.title(channel) : '' }),
          el('div', { class: 'message-text', text: hit.text }),
        );
      }),
    );
  }
  return render;
}
