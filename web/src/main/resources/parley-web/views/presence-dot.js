import { el } from '../dom.js';

// A person's presence as a coloured dot, named for screen readers.
export function presenceDot(presence) {
  const status = presence ?? 'offline';
  // role img: a plain span may not carry a name (aria-prohibited-attr), and screen readers skip it.
  return el('span', { class: `presence ${status}`, role: 'img', title: status, 'aria-label': status });
}
