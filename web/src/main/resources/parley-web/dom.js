// The one way views create elements: text always goes in through textContent, so names, topics
// and message text can never become markup.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') {
      node.textContent = value;
    } else if (key === 'class') {
      node.className = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else {
      node.setAttribute(key, value);
    }
  }
  node.append(...children);
  return node;
}

// Runs a user's action, showing its failure in `error` (cleared first) rather than losing it to the
// console: every view's buttons and forms go through one of these.
export function guardedBy(error) {
  return async (action) => {
    error.textContent = '';
    try {
      await action();
    } catch (failure) {
      error.textContent = failure.message;
    }
  };
}

// A number per object, for row keys: a row kept or patched by updateRows keeps the listeners it
// was built with, so its key must change when the object they act on is replaced.
const identities = new WeakMap();
let nextIdentity = 1;

export function identity(object) {
  if (!identities.has(object)) identities.set(object, nextIdentity++);
  return identities.get(object);
}

// What each list last showed: key -> {signature, node}.
const shownRows = new WeakMap();

/**
 * Brings a list's children to `rows`, in order. Each row is {key, signature, build()}; a row whose
 * key and signature match what the list shows keeps its element, and only changed rows are built.
 * A changed row of the same shape (an unread count 3 -> 4, an edited text) is patched into the
 * element on screen. A list re-rendered on every event (a typing notice, a post elsewhere) would
 * otherwise replace the element under the user's pointer, losing clicks and text selections. A
 * focused row that is replaced hands the focus to its new element.
 */
export function updateRows(list, rows) {
  const before = shownRows.get(list) ?? new Map();
  const focusedKey = list.contains(document.activeElement) ? keyOf(before, document.activeElement) : null;
  const after = new Map();
  const nodes = rows.map(({ key, signature, build }) => {
    const old = before.get(key);
    const node = old && old.signature === signature ? old.node : patchedOrNew(old?.node, build());
    after.set(key, { signature, node });
    return node;
  });
  shownRows.set(list, after);
  nodes.forEach((node, i) => {
    const at = list.children[i];
    if (at !== node) list.insertBefore(node, at ?? null);
  });
  while (list.children.length > nodes.length) {
    list.lastElementChild.remove();
  }
  const refocus = focusedKey !== null && after.get(focusedKey);
  if (refocus && refocus.node !== before.get(focusedKey).node && refocus.node.tabIndex >= 0) {
    refocus.node.focus();
  }
}

/** The key of the row that is `element` (a focusable row), as the rows were before this update. */
function keyOf(rows, element) {
  for (const [key, { node }] of rows) {
    if (node === element) return key;
  }
  return null;
}

/** `old` made to look like `built` when both have the same shape, else `built`. */
function patchedOrNew(old, built) {
  if (!old || !sameShape(old, built)) return built;
  patch(old, built);
  return old;
}

/**
 * Same tags, data attributes and child structure: the listeners `old` carries then do what those
 * of `built` would (they act on the same channel, message or emoji), so only text and attributes
 * need to change.
 */
function sameShape(a, b) {
  if (a.nodeType !== b.nodeType || a.nodeName !== b.nodeName || a.childNodes.length !== b.childNodes.length) {
    return false;
  }
  if (a.nodeType === Node.ELEMENT_NODE && JSON.stringify({ ...a.dataset }) !== JSON.stringify({ ...b.dataset })) {
    return false;
  }
  return [...a.childNodes].every((child, i) => sameShape(child, b.childNodes[i]));
}

function patch(old, built) {
  if (old.nodeType !== Node.ELEMENT_NODE) {
    if (old.nodeValue !== built.nodeValue) old.nodeValue = built.nodeValue;
    return;
  }
  for (const { name } of [...old.attributes]) {
    if (!built.hasAttribute(name)) old.removeAttribute(name);
  }
  for (const { name, value } of [...built.attributes]) {
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  // The attribute is only the default: a box the user ticked keeps its own state otherwise.
  if (old.type === 'checkbox') old.checked = built.checked;
  old.childNodes.forEach((child, i) => patch(child, built.childNodes[i]));
}
