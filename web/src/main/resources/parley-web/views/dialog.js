import { el } from '../dom.js';

// The page's one modal dialog (<dialog id="dialog">), for what needs a second thought or a value:
// removing a member, handing over a workspace, deleting a channel, a new name. The browser keeps
// the focus inside it and closes it on Escape; the focus then goes back where it was. `run` does
// the action: the dialog closes once it succeeded and shows the server's message if it failed.
/**
 * {title, text, confirmLabel, run(value) -> Promise, danger?, input?: {label, value, ...attributes}}:
 * with `input`, `run` gets the field's trimmed value.
 */
export function openDialog({ title, text, confirmLabel, run, danger = false, input = null }) {
  const dialog = document.getElementById('dialog');
  const opener = document.activeElement;
  const error = el('p', { id: 'dialog-error', class: 'error', role: 'alert' });
  const form = el('form', { class: 'settings-form' });
  let field = null;
  if (input) {
    const { label, value = '', ...attributes } = input;
    field = el('input', { id: 'dialog-input', ...attributes });
    field.value = value;
    form.append(el('label', { text: `${label} ` }, field));
  }
  const confirm = el('button', { id: 'dialog-confirm', type: 'submit', class: danger ? 'danger' : '', text: confirmLabel });
  const cancel = el('button', { id: 'dialog-cancel', type: 'button', text: 'Cancel', onclick: () => dialog.close() });
  form.append(el('div', { class: 'row' }, confirm, cancel), error);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    confirm.disabled = true;
    try {
      await run(field?.value.trim());
      dialog.close();
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      confirm.disabled = false;
    }
  });
  dialog.replaceChildren(el('h2', { id: 'dialog-title', text: title }), el('p', { id: 'dialog-text', text }), form);
  dialog.setAttribute('aria-labelledby', 'dialog-title');
  dialog.setAttribute('aria-describedby', 'dialog-text');
  dialog.addEventListener('close', () => opener?.isConnected && opener.focus(), { once: true });
  dialog.showModal();
  (field ?? cancel).focus();
}
