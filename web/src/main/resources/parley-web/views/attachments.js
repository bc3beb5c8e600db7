import { el } from '../dom.js';
import { discardFile, fileSize, uploadFile } from '../files.js';

// Files for the next post of the current channel: chosen with the picker, dropped on the
// channel, or pasted into the message box. Each uploads at once, with its progress; the post
// names those that are done. A failed one shows why and can be removed; removing an uploaded one
// deletes it on the node too, so it stops counting against the user's quota.
export function attachmentsView(store, auth) {
  const list = document.getElementById('attachments');
  const input = document.getElementById('file-input');
  const pending = [];

  function add(files) {
    const channelId = store.currentChannelId;
    if (!channelId) return;
    for (const file of files) {
      const item = { name: file.name || 'pasted', channelId, progress: 0, file: null, error: null };
      pending.push(item);
      uploadFile(auth, channelId, file, (fraction) => {
        item.progress = fraction;
        render();
      })
        .then((stored) => {
          item.file = stored;
        })
        .catch((error) => {
          item.error = error.message;
        })
        .finally(render);
    }
    render();
  }

  input.addEventListener('change', () => {
    add([...input.files]);
    input.value = '';
  });
  const main = document.getElementById('messages').parentElement;
  main.addEventListener('dragover', (event) => {
    if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
  });
  main.addEventListener('drop', (event) => {
    if (!event.dataTransfer?.files.length) return;
    event.preventDefault();
    add([...event.dataTransfer.files]);
  });
  document.getElementById('composer').addEventListener('paste', (event) => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length) {
      event.preventDefault();
      add(files);
    }
  });

  function render() {
    const shown = pending.filter((item) => item.channelId === store.currentChannelId);
    list.replaceChildren(
      ...shown.map((item) =>
        el(
          'li',
          { class: item.error ? 'attachment failed' : item.file ? 'attachment done' : 'attachment' },
          el('span', { class: 'attachment-name', text: item.name }),
          el('span', {
            class: 'attachment-state',
            text: item.error ?? (item.file ? fileSize(item.file.size) : `${Math.round(item.progress * 100)} %`),
          }),
          el('button', {
            type: 'button',
            class: 'attachment-remove',
            'aria-label': `Remove ${item.name}`,
            text: '✕',
            onclick: () => {
              pending.splice(pending.indexOf(item), 1);
              if (item.file) discardFile(auth, item.file.id).catch(() => {});
              render();
            },
          }),
        ),
      ),
    );
    list.hidden = shown.length === 0;
    input.disabled = !store.currentChannelId;
  }

  return {
    render,
    /** Whether files of the current channel are uploaded and wait for a post. */
    ready: () => pending.some((item) => item.channelId === store.currentChannelId && item.file),
    /** Whether a post must wait: a file of the current channel is still uploading. */
    uploading: () => pending.some((item) => item.channelId === store.currentChannelId && !item.file && !item.error),
    /** The uploaded files of the current channel, taken for its next post. */
    take() {
      const done = pending.filter((item) => item.channelId === store.currentChannelId && item.file);
      for (const item of done) pending.splice(pending.indexOf(item), 1);
      render();
      return done.map((item) => item.file.id);
    },
  };
}
