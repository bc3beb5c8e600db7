import { el } from '../dom.js';
import { CATEGORIES, quickEmoji, searchEmoji, spokenName } from '../emoji.js';

// The one emoji picker, for the message box and for a message's reactions: a popup beside the
// button that opened it, with a search field (by name or keyword), a bar of the categories that
// jumps to one, the usual reactions first and then the categories. The focus starts in the search
// field; Down goes into the grid. The bar and the grid are one tab stop each: Left and Right move
// along the bar, the arrow keys in the grid (Up from its top row goes back to the search), Home and
// End go to their ends, Enter or a click picks. Enter in the search picks its first match. Escape
// closes it, as a click elsewhere does, and the focus goes back where the opener says; Tab cycles
// through the search, the bar and the grid. It lives outside the lists it serves, so re-rendering them leaves it open. Built
// once, kept in the page while closed: the table never changes.
const GAP_PX = 4;
let picker = null;
let shown = null;

/**
 * Opens the picker beside `button`, or closes it when it is open for that button already.
 * options: {label (the popup's name), pick(emoji) (after it closed: the focus is the caller's),
 * back() (where Escape sends the focus; the button when absent)}.
 */
export function toggleEmojiPicker(button, options) {
  const again = shown?.button === button;
  closeEmojiPicker(again);
  if (!again) open(button, options);
}

/** Closes the picker, if open; with `refocus`, the focus goes back where its opener said. */
export function closeEmojiPicker(refocus) {
  if (!shown) return;
  const { button, back } = shown;
  shown = null;
  document.removeEventListener('pointerdown', onPointer, true);
  window.removeEventListener('resize', onResize);
  picker.root.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  button.closest('.message')?.classList.remove('menu-open');
  if (!refocus) return;
  if (back) back();
  else button.focus();
}

/** The message box's picker: the emoji goes in at the caret and the focus back to the box. */
export function bindEmojiPicker(button, box) {
  button.setAttribute('aria-haspopup', 'dialog');
  button.addEventListener('click', () =>
    toggleEmojiPicker(button, {
      label: 'Insert emoji',
      pick: (emoji) => {
        box.setRangeText(emoji, box.selectionStart, box.selectionEnd, 'end');
        // As typed: the box's own listeners (typing notices) hear of it.
        box.dispatchEvent(new Event('input', { bubbles: true }));
        box.focus();
      },
    }),
  );
}

function open(button, options) {
  picker ??= build();
  shown = { button, pick: options.pick, back: options.back };
  picker.root.setAttribute('aria-label', options.label);
  picker.search.value = '';
  showResults('');
  picker.root.hidden = false;
  picker.scroll.scrollTop = 0;
  button.setAttribute('aria-expanded', 'true');
  button.setAttribute('aria-controls', picker.root.id);
  button.closest('.message')?.classList.add('menu-open');
  document.addEventListener('pointerdown', onPointer, true);
  window.addEventListener('resize', onResize);
  place(picker.root, button);
  picker.search.focus();
}

function build() {
  const search = el('input', { type: 'search', class: 'emoji-search', placeholder: 'Search emoji', 'aria-label': 'Search emoji', autocomplete: 'off' });
  const results = section('results', 'Search results', []);
  const status = el('p', { class: 'emoji-status', role: 'status' });
  const sections = [{ id: 'quick', name: 'Frequently used', emoji: quickEmoji() }, ...CATEGORIES];
  const scroll = el('div', { class: 'emoji-scroll' }, ...sections.map((category) => section(category.id, category.name, category.emoji)), results);
  const bar = el(
    'div',
    { class: 'emoji-bar', role: 'toolbar', 'aria-label': 'Emoji categories' },
    ...sections.map((category, i) =>
      el('button', { type: 'button', class: 'emoji-jump', tabindex: i === 0 ? '0' : '-1', 'data-category': category.id, 'aria-label': category.name, title: category.name, text: category.emoji[0].emoji }),
    ),
  );
  const root = el('div', { id: 'emoji-picker', class: 'emoji-picker', role: 'dialog', hidden: '' }, search, bar, scroll, status);
  root.addEventListener('click', (event) => {
    const chosen = event.target.closest('button.emoji');
    if (chosen) choose(chosen.dataset.emoji);
    const jump = event.target.closest('button.emoji-jump');
    if (jump) jumpTo(scroll.querySelector(`.emoji-section[data-category="${jump.dataset.category}"]`));
  });
  root.addEventListener('focusin', (event) => {
    if (event.target.matches('button.emoji')) makeActive(event.target);
  });
  root.addEventListener('keydown', onKey);
  search.addEventListener('input', () => showResults(search.value));
  document.body.append(root);
  return { root, search, bar, scroll, results, status, active: null };
}

/** A category at the top of the scrolled grid, the focus on its first emoji. */
function jumpTo(part) {
  // Both measured from the popup, their offset parent.
  picker.scroll.scrollTop = part.offsetTop - picker.scroll.offsetTop;
  part.querySelector('button.emoji').focus({ preventScroll: true });
}

function section(id, name, entries) {
  const headingId = `emoji-category-${id}`;
  return el(
    'div',
    { class: 'emoji-section', role: 'group', 'aria-labelledby': headingId, 'data-category': id },
    el('p', { id: headingId, class: 'emoji-category', text: name }),
    el('div', { class: 'emoji-grid' }, ...entries.map(emojiButton)),
  );
}

function emojiButton(entry) {
  return el('button', { type: 'button', class: 'emoji', tabindex: '-1', 'data-emoji': entry.emoji, 'aria-label': spokenName(entry), title: `:${entry.name}:`, text: entry.emoji });
}

/** The categories for an empty query, else only what matches it. */
function showResults(query) {
  const searching = query.trim() !== '';
  const found = searching ? searchEmoji(query) : [];
  for (const part of picker.scroll.children) part.hidden = searching !== (part === picker.results);
  picker.bar.hidden = searching;
  picker.results.querySelector('.emoji-grid').replaceChildren(...found.map(emojiButton));
  picker.status.textContent = !searching ? '' : found.length ? `${found.length} emoji found` : 'No emoji found';
  makeActive(buttons()[0] ?? null);
}

function buttons() {
  return [...picker.scroll.querySelectorAll('.emoji-section:not([hidden]) button.emoji')];
}

/** The grid's one tab stop. */
function makeActive(button) {
  if (picker.active && picker.active !== button) picker.active.tabIndex = -1;
  picker.active = button;
  if (button) button.tabIndex = 0;
}

function choose(emoji) {
  const { pick } = shown;
  closeEmojiPicker(false);
  pick(emoji);
}

function onKey(event) {
  const inSearch = event.target === picker.search;
  if (event.key === 'Escape') {
    // Not to the page: Escape there closes the side panel as well.
    event.preventDefault();
    event.stopPropagation();
    closeEmojiPicker(true);
  } else if (event.key === 'Tab') {
    event.preventDefault();
    const stops = [picker.search, picker.bar.hidden ? null : picker.bar.querySelector('[tabindex="0"]'), picker.active].filter(Boolean);
    const at = stops.findIndex((stop) => stop.contains(event.target));
    stops[(at + (event.shiftKey ? stops.length - 1 : 1)) % stops.length].focus();
  } else if (event.target.matches('.emoji-jump')) {
    moveInBar(event);
  } else if (inSearch) {
    if (event.key === 'ArrowDown' && picker.active) {
      event.preventDefault();
      picker.active.focus();
    } else if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      if (picker.search.value.trim() && picker.active) choose(picker.active.dataset.emoji);
    }
  } else {
    moveInGrid(event);
  }
}

function moveInBar(event) {
  const all = [...picker.bar.children];
  const at = all.indexOf(event.target);
  const to = { ArrowLeft: all[at - 1], ArrowRight: all[at + 1], Home: all[0], End: all[all.length - 1] }[event.key];
  if (!to) return;
  event.preventDefault();
  event.target.tabIndex = -1;
  to.tabIndex = 0;
  to.focus();
}

function moveInGrid(event) {
  const all = buttons();
  const at = all.indexOf(event.target);
  if (at < 0) return;
  let to;
  if (event.key === 'ArrowLeft') to = all[at - 1];
  else if (event.key === 'ArrowRight') to = all[at + 1];
  else if (event.key === 'Home') to = all[0];
  else if (event.key === 'End') to = all[all.length - 1];
  else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') to = vertically(all, event.target, event.key === 'ArrowDown') ?? (event.key === 'ArrowUp' ? picker.search : null);
  else return;
  event.preventDefault();
  to?.focus();
}

/** The button in the next row down (or up) nearest to `from` across, if any: rows differ in length between categories. */
function vertically(all, from, down) {
  const start = from.getBoundingClientRect();
  const centre = (rect) => rect.left + rect.width / 2;
  const rows = all
    .map((button) => ({ button, rect: button.getBoundingClientRect() }))
    .filter(({ rect }) => (down ? rect.top > start.bottom - 1 : rect.bottom < start.top + 1));
  if (!rows.length) return null;
  const rowTop = down ? Math.min(...rows.map(({ rect }) => rect.top)) : Math.max(...rows.map(({ rect }) => rect.top));
  const row = rows.filter(({ rect }) => rect.top === rowTop);
  row.sort((a, b) => Math.abs(centre(a.rect) - centre(start)) - Math.abs(centre(b.rect) - centre(start)));
  return row[0].button;
}

function onPointer(event) {
  if (!picker.root.contains(event.target) && !shown.button.contains(event.target)) closeEmojiPicker(false);
}

function onResize() {
  closeEmojiPicker(false);
}

/** Below the button, its right edges lined up, or above it where the window has no room below. */
function place(popup, button) {
  const anchor = button.getBoundingClientRect();
  const left = Math.max(GAP_PX, Math.min(anchor.right - popup.offsetWidth, window.innerWidth - popup.offsetWidth - GAP_PX));
  const below = anchor.bottom + GAP_PX;
  const top = below + popup.offsetHeight > window.innerHeight ? Math.max(GAP_PX, anchor.top - popup.offsetHeight - GAP_PX) : below;
  popup.style.left = `${left}px`;
  popup.style.top = `${top}px`;
}
