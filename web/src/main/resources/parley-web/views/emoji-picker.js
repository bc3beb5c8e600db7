import { el } from '../dom.js';
import { pickableEmoji } from '../emoji.js';

// The message box's emoji picker: its button opens a grid of the emoji table; choosing one puts
// it at the caret and gives the focus back to the box. Escape or the button again closes it and
// the focus goes back to the button. The grid is built once: the table never changes.
export function bindEmojiPicker(button, panel, box) {
  panel.replaceChildren(
    ...pickableEmoji().map(({ name, emoji }) =>
      el('button', { type: 'button', class: 'emoji', 'data-emoji': emoji, 'aria-label': name.replaceAll('_', ' '), title: `:${name}:`, text: emoji, onclick: () => insert(emoji) }),
    ),
  );

  function show(open) {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  }

  function insert(emoji) {
    box.setRangeText(emoji, box.selectionStart, box.selectionEnd, 'end');
    // As typed: the box's own listeners (typing notices) hear of it.
    box.dispatchEvent(new Event('input', { bubbles: true }));
    show(false);
    box.focus();
  }

  button.addEventListener('click', () => {
    show(panel.hidden);
    if (!panel.hidden) panel.querySelector('button').focus();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    show(false);
    button.focus();
  });
}
