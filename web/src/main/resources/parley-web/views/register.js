import { confirmInvite, inviteCodeOf, inviteLinkCode } from '../invite-link.js';

// The registration form of the log-in card: username, display name, password twice and an invite
// code (filled in from an invite link the page was opened with). What the page can check itself
// (the username's form, the password's length, the two passwords alike) is said under the field
// before anything is sent; the server's refusals go under the field they are about (a username
// taken, an invite not valid) or above the button (registration closed, too many attempts). The
// first field in error gets the focus, so a screen reader reads its message with it.
const USERNAME = /^[a-z0-9._-]{3,32}$/;
const PASSWORD_MIN = 8;

export function registerView(auth, onRegistered) {
  const form = document.getElementById('register-form');
  const fields = {
    username: document.getElementById('register-username'),
    displayName: document.getElementById('register-display-name'),
    password: document.getElementById('register-password'),
    confirm: document.getElementById('register-confirm'),
    invite: document.getElementById('register-invite'),
  };
  const error = document.getElementById('register-error');
  const submit = document.getElementById('register-submit');
  const inviteNote = document.getElementById('login-invite');

  const linked = inviteLinkCode();
  inviteNote.hidden = linked === undefined;
  if (linked !== undefined) fields.invite.value = linked;
  document.getElementById('login-invite-drop').addEventListener('click', () => {
    history.replaceState(null, '', location.pathname);
    inviteNote.hidden = true;
    fields.invite.value = '';
    fields.username.focus();
  });

  /** Says `message` under the field (or clears it with ''). */
  function mark(name, message) {
    const field = fields[name];
    document.getElementById(`${field.id}-error`).textContent = message;
    if (message) {
      field.setAttribute('aria-invalid', 'true');
    } else {
      field.removeAttribute('aria-invalid');
    }
  }

  /** What is wrong with each field as typed, by field name ('' when nothing is). */
  function problems() {
    const username = fields.username.value.trim().toLowerCase();
    const password = fields.password.value;
    return {
      username: USERNAME.test(username) ? '' : 'Choose a username of 3 to 32 letters, digits, dots, dashes or underscores.',
      password: password.length >= PASSWORD_MIN ? '' : `The password needs at least ${PASSWORD_MIN} characters.`,
      confirm: fields.confirm.value === password ? '' : 'The passwords differ: type the same password twice.',
      invite: '',
    };
  }

  /** Marks every field's problem; focuses the first field in error. Returns whether there was none. */
  function check() {
    const found = problems();
    for (const [name, message] of Object.entries(found)) mark(name, message);
    const first = Object.keys(found).find((name) => found[name]);
    fields[first]?.focus();
    return first === undefined;
  }

  // A message shown goes as soon as the field is put right, not at the next submit.
  for (const name of ['username', 'password', 'confirm']) {
    fields[name].addEventListener('input', () => {
      const found = problems();
      for (const shown of ['username', 'password', 'confirm']) {
        if (fields[shown].getAttribute('aria-invalid') === 'true' && !found[shown]) mark(shown, '');
      }
    });
  }

  /** The server's refusal, under the field it is about when there is one. */
  function refused(failure, inviteCode) {
    if (failure.status === 409) {
      mark('username', 'That username is taken: choose another.');
      fields.username.focus();
    } else if (failure.status === 403 && failure.message.startsWith('registration needs an invite')) {
      mark('invite', 'This server admits new accounts with an invite: enter the code or link you were given.');
      fields.invite.focus();
    } else if (failure.status === 403 && inviteCode !== undefined && !failure.message.startsWith('registration is closed')) {
      mark('invite', `This invite cannot be used: ${failure.message}.`);
      fields.invite.focus();
    } else {
      error.textContent = failure.status === 403 && failure.message.startsWith('registration is closed')
        ? 'Registration is closed on this server: an administrator creates accounts.'
        : failure.message;
    }
  }

  async function register(account) {
    // An invite link's code: a code not valid where anyone may register still makes the account,
    // and the link then says, once logged in, what is wrong with it; elsewhere the refusal stands.
    const fromLink = account.inviteCode !== undefined && account.inviteCode === inviteLinkCode();
    if (fromLink) confirmInvite(account.inviteCode);
    try {
      await auth.register(account);
    } catch (failure) {
      if (!fromLink || failure.status !== 403) throw failure;
      await auth.register({ ...account, inviteCode: undefined }).catch(() => {
        throw failure;
      });
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    mark('invite', '');
    if (!check()) {
      return;
    }
    const username = fields.username.value.trim().toLowerCase();
    const password = fields.password.value;
    const displayName = fields.displayName.value.trim() || undefined;
    const inviteCode = inviteCodeOf(fields.invite.value.trim()) || undefined;
    submit.disabled = true;
    try {
      await register({ username, password, displayName, inviteCode });
    } catch (failure) {
      refused(failure, inviteCode);
      return;
    } finally {
      submit.disabled = false;
    }
    try {
      await auth.login(username, password);
    } catch (failure) {
      error.textContent = failure.message;
      return;
    }
    form.reset();
    inviteNote.hidden = true;
    onRegistered();
  });

  return {
    firstField: fields.username,
    /** Starts the form with what was typed as a username on the log-in form, unless one is typed here. */
    prefill(username) {
      if (!fields.username.value) fields.username.value = username;
    },
  };
}
