// Copies a read-only field's text (an invite link, a reset token) and says so in `status`. Where
// the browser refuses the clipboard (plain http to a host other than localhost), the text is left
// selected for the user's own Ctrl+C.
export async function copyField(field, status) {
  field.focus();
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    status.textContent = 'Copied.';
  } catch {
    status.textContent = 'Selected: press Ctrl+C to copy.';
  }
}
