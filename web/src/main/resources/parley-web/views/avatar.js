import { el } from '../dom.js';

// A person's avatar: their initials on a colour of their own. The colour follows the user id, not
// the name, so it stays when they are renamed; app.css holds the palette, one class per colour,
// each with white text at a contrast of at least 4.5:1 in both themes.
const COLOURS = 8;

/** The avatar of `userId`, named `username`; decorative, since the author's name is next to it. */
export function avatar(userId, username) {
  return el('span', { class: `avatar avatar-${colourOf(userId)}`, 'aria-hidden': 'true', text: initials(username) });
}

/** One or two letters: the first of each of the first two parts of the name (`ann.lee` is AL). */
export function initials(username) {
  const parts = String(username ?? '?').split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[1][0] : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

function colourOf(userId) {
  let hash = 0;
  for (const char of String(userId)) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return hash % COLOURS;
}
