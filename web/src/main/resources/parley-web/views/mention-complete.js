import { el } from '../dom.js';

// `@` completion of workspace members in a text box: typing `@pre` lists the members whose
// username starts with `pre`; Up/Down choose, Enter or Tab insert, Escape dismisses.
const MAX_SUGGESTIONS = 8;
const TOKEN_BEFORE_CARET = /(^|\s)@([a-z0-9._-]*)$/i;

export function bindMentionComplete(box, list, members) {
  let matches = [];
  let chosen = 0;

  function token() {
    return TOKEN_BEFORE_CARET.exec(box.value.slice(0, box.selectionStart));
  }

  function close() {
    matches = [];
    list.hidden = true;
    list.replaceChildren();
  }

  function render() {
    list.replaceChildren(
      ...matches.map((username, index) =>
        el('li', {
          role: 'option',
          class: index === chosen ? 'mention-option active' : 'mention-option',
          'aria-selected': String(index === chosen),
          text: `@${username}`,
          // mousedown, not click: the box keeps focus and its caret.
          onmousedown: (event) => {
            event.preventDefault();
            insert(username);
          },
        }),
      ),
    );
    list.hidden = matches.length === 0;
  }

  function insert(username) {
    const match = token();
    if (!match) return;
    const start = box.selectionStart - match[2].length;
    box.setRangeText(`${username} `, start, box.selectionStart, 'end');
    close();
  }

  box.addEventListener('input', () => {
    const match = token();
    if (!match) {
      close();
      return;
    }
    const prefix = match[2].toLowerCase();
    matches = members()
      .map((member) => member.username)
      .filter((username) => username.startsWith(prefix))
      .sort()
      .slice(0, MAX_SUGGESTIONS);
    chosen = 0;
    render();
  });
  box.addEventListener('blur', close);

  /** Handles a key while suggestions show; true when the key was used. */
  return function onKey(event) {
    if (matches.length === 0) return false;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      chosen = (chosen + (event.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
      render();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      insert(matches[chosen]);
    } else if (event.key === 'Escape') {
      close();
    } else {
      return false;
    }
    event.preventDefault();
    event.stopPropagation();
    return true;
  };
}
