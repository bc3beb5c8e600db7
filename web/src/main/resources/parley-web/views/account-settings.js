import { guardedBy } from '../dom.js';
import { openDialog } from './dialog.js';

// Account settings, for everyone: the display name, the password (the current one is asked; the
// server then ends the user's other sessions, which the form says before and after), and logging
// out everywhere, asked first like the other actions that cannot be undone.
export function accountSettingsView(store, actions) {
  const nameForm = document.getElementById('display-name-form');
  const name = document.getElementById('display-name');
  const nameStatus = document.getElementById('display-name-status');
  const passwordForm = document.getElementById('password-form');
  const current = document.getElementById('current-password');
  const next = document.getElementById('new-password');
  const repeat = document.getElementById('repeat-password');
  const passwordStatus = document.getElementById('password-status');
  const guardedName = guardedBy(document.getElementById('display-name-error'));
  const guardedPassword = guardedBy(document.getElementById('password-error'));

  nameForm.addEventListener('submit', (event) => {
    event.preventDefault();
    nameStatus.textContent = '';
    guardedName(async () => {
      await actions.setDisplayName(name.value.trim());
      nameStatus.textContent = 'Saved: others see it from their next sign-in.';
    });
  });
  // Checked as the user types, so the browser's own message says what is wrong before submitting.
  const compare = () => repeat.setCustomValidity(repeat.value === next.value ? '' : 'The two new passwords differ.');
  repeat.addEventListener('input', compare);
  next.addEventListener('input', compare);
  passwordForm.addEventListener('submit', (event) => {
    event.preventDefault();
    passwordStatus.textContent = '';
    guardedPassword(async () => {
      await actions.changePassword(current.value, next.value);
      passwordForm.reset();
      passwordStatus.textContent = 'Password changed. Your other sessions were logged out; this one goes on.';
    });
  });

  document.getElementById('logout-all').addEventListener('click', () =>
    openDialog({
      title: 'Log out everywhere?',
      text: 'Every session of this account ends: this one, and those in other browsers and on other devices. You log in again where you want to go on.',
      confirmLabel: 'Log out everywhere',
      danger: true,
      run: () => actions.logoutEverywhere(),
      // The log-in card is up by the time the dialog closes (the opener is hidden with the app).
      focusAfter: () => document.getElementById('login-username'),
    }),
  );

  let shownAccount = null;
  return function render() {
    if (store.settings?.page !== 'account') {
      shownAccount = null;
      return;
    }
    // Filled once per opening (and when the account arrives), not over what the user is typing.
    if (store.account && shownAccount !== store.account) {
      shownAccount = store.account;
      name.value = store.account.displayName ?? '';
    }
  };
}
