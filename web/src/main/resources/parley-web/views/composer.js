import { askNotificationPermissionOnce } from '../notifications.js';
import { bindComposeBox } from './compose-box.js';
import { bindEmojiPicker } from './emoji-picker.js';

// The current channel's message box, with its files (attachments.js) and emoji picker: a post waits
// for its files' uploads, and takes those that are done.
export function composerView(store, actions, send, attachments) {
  const box = document.getElementById('composer');
  const error = document.getElementById('header-error');
  bindComposeBox(box, document.getElementById('mention-list'), {
    members: () => store.members.get(store.currentWorkspaceId) ?? [],
    hasFiles: () => attachments.ready(),
    onSend: (text) => {
      if (!store.currentChannelId) return false;
      if (attachments.uploading()) {
        error.textContent = 'Wait for the files to finish uploading.';
        return false;
      }
      askNotificationPermissionOnce();
      send(store.currentChannelId, text, null, attachments.take());
      return true;
    },
    onTyping: () => store.currentChannelId && actions.typing(store.currentChannelId),
  });
  const emojiButton = document.getElementById('emoji-open');
  bindEmojiPicker(emojiButton, box);

  return function render() {
    box.disabled = !store.currentChannelId;
    emojiButton.disabled = box.disabled;
    attachments.render();
  };
}
