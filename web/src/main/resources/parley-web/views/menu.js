import { el } from '../dom.js';

// A menu of actions popping up beside the button that opens it (the menu-button pattern): the
// first item takes the focus, Up/Down (wrapping), Home and End move between items, Enter or Space
// choose one, Escape closes it, and so does Tab (moving on from the button). The focus goes back
// to the button or, when the button left the page meanwhile (its row was rebuilt), wherever
// `returnFocus()` puts it. A click elsewhere closes it too. The menu lives outside the list it
// serves, so re-rendering the list leaves it open.
const GAP_PX = 4;
const INSET_PX = 8;
let shown = null;

/**
 * Opens the menu of `button`, or closes it when it is open already.
 * items: [{name (a class), label, run(), danger?, checked? (a choice of a group, shown as chosen or
 * not)} or {separator: true}]
 */
export function toggleMenu(button, label, items, returnFocus) {
  const again = shown?.button === button;
  closeMenu(again);
  if (!again) openMenu(button, label, items, returnFocus);
}

function openMenu(button, label, items, returnFocus) {
  const menu = el('div', { id: 'popup-menu', class: 'popup-menu', role: 'menu', 'aria-label': label });
  const children = items.map((item) => (item.separator ? el('div', { role: 'separator', class: 'menu-separator' }) : menuItem(item)));
  const entries = children.filter((child) => child.tagName === 'BUTTON');
  menu.append(...children);
  menu.addEventListener('keydown', (event) => {
    const at = entries.indexOf(document.activeElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: entries.length - 1 }[event.key];
    if (to !== undefined) {
      event.preventDefault();
      entries[(to + entries.length) % entries.length].focus();
    } else if (event.key === 'Escape') {
      // Not to the page: Escape there closes the side panel as well.
      event.preventDefault();
      event.stopPropagation();
      closeMenu(true);
    } else if (event.key === 'Tab') {
      // Back on the button, from where the key's own move then goes on to the next control.
      closeMenu(true);
    }
  });
  const onPointer = (event) => {
    if (!menu.contains(event.target) && !button.contains(event.target)) closeMenu(false);
  };
  document.addEventListener('pointerdown', onPointer, true);
  window.addEventListener('resize', onResize);
  shown = { button, menu, returnFocus, onPointer };
  button.setAttribute('aria-expanded', 'true');
  button.closest('.message')?.classList.add('menu-open');
  document.body.append(menu);
  place(menu, button);
  entries[0]?.focus();
}

function menuItem(item) {
  const choice = item.checked !== undefined;
  return el('button', {
    type: 'button',
    role: choice ? 'menuitemradio' : 'menuitem',
    ...(choice ? { 'aria-checked': String(item.checked) } : {}),
    tabindex: '-1',
    class: `menu-item ${item.name}${item.danger ? ' danger' : ''}`,
    text: item.label,
    onclick: () => {
      closeMenu(true);
      item.run();
    },
  });
}

/** Closes the open menu, if any; with `refocus`, the focus goes back to its button. */
export function closeMenu(refocus) {
  if (!shown) return;
  const { button, menu, returnFocus, onPointer } = shown;
  shown = null;
  document.removeEventListener('pointerdown', onPointer, true);
  window.removeEventListener('resize', onResize);
  button.setAttribute('aria-expanded', 'false');
  menu.remove();
  // Focused first: the toolbar the button is in shows only while its row has the focus or this class.
  if (refocus && button.isConnected) {
    button.focus();
  } else if (refocus) {
    returnFocus?.();
  }
  button.closest('.message')?.classList.remove('menu-open');
}

function onResize() {
  closeMenu(false);
}

/**
 * Below the button, or above it where the window has no room below; its right edges lined up, but
 * under a wide button (the sidebar's) as wide as the button, a little inset.
 */
function place(menu, button) {
  const anchor = button.getBoundingClientRect();
  const wide = anchor.width > menu.offsetWidth + 2 * INSET_PX;
  if (wide) menu.style.width = `${anchor.width - 2 * INSET_PX}px`;
  const end = wide ? anchor.right - INSET_PX : anchor.right;
  const left = Math.max(GAP_PX, Math.min(end - menu.offsetWidth, window.innerWidth - menu.offsetWidth - GAP_PX));
  const below = anchor.bottom + GAP_PX;
  const top = below + menu.offsetHeight > window.innerHeight ? Math.max(GAP_PX, anchor.top - menu.offsetHeight - GAP_PX) : below;
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
}
