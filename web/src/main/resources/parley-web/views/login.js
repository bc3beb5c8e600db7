import { inviteLinkCode } from '../invite-link.js';
import { registerView } from './register.js';

// The card shown while no token pair is stored: the log-in form, and the registration form
// (views/register.js) that "Create an account" switches to and "Log in" switches back from. Opened
// through an invite link, the card starts on registration, which then joins the link's workspace.
// Returns show(), which puts the card up again (after a log-out) on its first field.
export function loginView(auth, onLoggedIn) {
  const form = document.getElementById('login-form');
  const username = document.getElementById('login-username');
  const password = document.getElementById('login-password');
  const error = document.getElementById('login-error');
  const loginPane = document.getElementById('login-view');
  const registerPane = document.getElementById('register-view');
  const registration = registerView(auth, onLoggedIn);

  /** Shows the log-in form or the registration form; the focus goes to its first field. */
  function switchTo(pane) {
    loginPane.hidden = pane !== 'login';
    registerPane.hidden = pane !== 'register';
    (pane === 'login' ? username : registration.firstField).focus();
  }

  document.getElementById('show-register').addEventListener('click', () => {
    registration.prefill(username.value.trim());
    switchTo('register');
  });
  document.getElementById('show-login').addEventListener('click', () => switchTo('login'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) {
      return;
    }
    error.textContent = '';
    try {
      await auth.login(username.value.trim().toLowerCase(), password.value);
      password.value = '';
      onLoggedIn();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });

  return function show() {
    switchTo(inviteLinkCode() === undefined ? 'login' : 'register');
  };
}
