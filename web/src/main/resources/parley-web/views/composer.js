import { askNotificationPermissionOnce } from '../notifications.js';
import { bindComposeBox } from './compose-box.js';

// The current channel's message box.
export function composerView(store, actions, send) {
  const box = document.getElementById('composer');
  bindComposeBox(box, document.getElementById('mention-list'), {
    members: () => store.members.get(store.currentWorkspaceId) ?? [],
    onSend: (text) => {
      askNotificationPermissionOnce();
      if (store.currentChannelId) send(store.currentChannelId, text);
    },
    onTyping: () => store.currentChannelId && actions.typing(store.currentChannelId),
  });

  return function render() {
    box.disabled = !store.currentChannelId;
  };
}
