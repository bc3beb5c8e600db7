import { guardedBy } from '../dom.js';

// On the log-in page: setting a new password with the one-time reset token an administrator gave
// (`admin.reset`). The form then offers the log-in with the new password.
export function passwordResetView(auth) {
  const form = document.getElementById('reset-form');
  const username = document.getElementById('reset-username');
  const token = document.getElementById('reset-token-input');
  const password = document.getElementById('reset-password');
  const status = document.getElementById('reset-status');
  const guarded = guardedBy(document.getElementById('reset-error'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    status.textContent = '';
    guarded(async () => {
      const name = username.value.trim().toLowerCase();
      await auth.resetPassword(name, token.value.trim(), password.value);
      form.reset();
      document.getElementById('login-username').value = name;
      status.textContent = 'Password set: log in with it above. Your other sessions were logged out.';
      document.getElementById('login-password').focus();
    });
  });
}
