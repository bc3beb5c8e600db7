import { el } from '../dom.js';

// The page's one modal dialog (<dialog id="dialog">): for what needs a second thought or a value
// (removing a member, deleting a message, a new name) and for the sidebar's small forms (a new
// workspace or channel, browsing channels, an invite link). The browser keeps the focus inside it
// and closes it on Escape; the focus then goes back where it was.

/**
 * Shows `content` under a heading (and `text`, which describes it), focusing `focus` (else the
 * first control). On closing, the focus goes back to the control that opened it or, when that has
 * left the page meanwhile (its row was rebuilt), wherever `returnFocus()` puts it. Returns a
 * function that closes the dialog, and focuses its argument instead when given one (what the
 * action opened, where the opener is out of sight).
 */
export function showDialog({ title, text = null, content, focus = null, returnFocus = null }) {
  const dialog = document.getElementById('dialog');
  const opener = document.activeElement;
  const heading = el('h2', { id: 'dialog-title', text: title });
  dialog.replaceChildren(heading, ...(text ? [el('p', { id: 'dialog-text', text })] : []), ...content);
  dialog.setAttribute('aria-labelledby', 'dialog-title');
  if (text) {
    dialog.setAttribute('aria-describedby', 'dialog-text');
  } else {
    dialog.removeAttribute('aria-describedby');
  }
  let focusAfter = null;
  dialog.addEventListener(
    'close',
    () => {
      if (focusAfter) {
        // After the page's next render, which enables what the action opened (a channel's message box).
        requestAnimationFrame(() => focusAfter.focus());
      } else if (opener?.isConnected && opener !== document.body) {
        opener.focus();
      } else {
        returnFocus?.();
      }
    },
    { once: true },
  );
  if (!dialog.open) dialog.showModal();
  (focus ?? dialog.querySelector('input, select, textarea, button'))?.focus();
  return (focus = null) => {
    focusAfter = focus;
    dialog.close();
  };
}

/**
 * A form in the dialog: `run` does the action, and the dialog closes once it succeeded or shows the
 * server's message if it failed.
 * {title, text, confirmLabel, run(value) -> Promise, danger?, input?: {label, value, ...attributes},
 * fields?: [nodes before the buttons], returnFocus?, focusAfter?() -> the element to focus once done}:
 * with `input`, `run` gets the field's trimmed value.
 */
export function openDialog({ title, text, confirmLabel, run, danger = false, input = null, fields = [], returnFocus = null, focusAfter = null }) {
  const error = el('p', { id: 'dialog-error', class: 'error', role: 'alert' });
  const form = el('form', { class: 'settings-form' });
  let field = null;
  if (input) {
    const { label, value = '', ...attributes } = input;
    field = el('input', { id: 'dialog-input', ...attributes });
    field.value = value;
    form.append(el('label', { text: `${label} ` }, field));
  }
  form.append(...fields);
  const confirm = el('button', { id: 'dialog-confirm', type: 'submit', class: danger ? 'danger' : 'primary', text: confirmLabel });
  const cancel = el('button', { id: 'dialog-cancel', type: 'button', text: 'Cancel' });
  form.append(el('div', { class: 'row' }, confirm, cancel), error);
  const close = showDialog({ title, text, content: [form], focus: field ?? (fields.length ? null : cancel), returnFocus });
  cancel.addEventListener('click', () => close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    confirm.disabled = true;
    try {
      await run(field?.value.trim());
      close(focusAfter?.());
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      confirm.disabled = false;
    }
  });
}
