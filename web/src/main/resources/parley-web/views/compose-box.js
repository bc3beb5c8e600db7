import { bindMentionComplete } from './mention-complete.js';

// One message box (the channel's, or a thread's): Enter sends, Shift+Enter starts a new line,
// `@` completes member names, and typing tells the others at most every few seconds. With
// `hasFiles`, an empty box sends too (a post of files alone); `onSend` returning false keeps the text.
const TYPING_EVERY_MS = 3000;

export function bindComposeBox(box, mentionList, { members, onSend, onTyping, hasFiles = () => false }) {
  const mentionKey = bindMentionComplete(box, mentionList, members);
  let lastTyping = 0;

  box.addEventListener('keydown', (event) => {
    if (event.isComposing || mentionKey(event)) {
      return;
    }
    if (event.key !== 'Enter' || event.shiftKey) {
      return;
    }
    event.preventDefault();
    const text = box.value.trim();
    if ((text || hasFiles()) && onSend(text) !== false) {
      box.value = '';
      lastTyping = 0;
    }
  });
  box.addEventListener('input', () => {
    if (box.value.trim() && Date.now() - lastTyping > TYPING_EVERY_MS) {
      lastTyping = Date.now();
      onTyping();
    }
  });
}
