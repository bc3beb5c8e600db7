import { confirmInvite, inviteLinkCode } from '../invite-link.js';

// The log-in / register form shown while no token pair is stored. Opened through an invite link,
// it says that registering joins the link's workspace (registering is then the user's yes), and
// offers not to.
export function loginView(auth, onLoggedIn) {
  const form = document.getElementById('login-form');
  const username = document.getElementById('login-username');
  const password = document.getElementById('login-password');
  const error = document.getElementById('login-error');
  const inviteNote = document.getElementById('login-invite');
  inviteNote.hidden = inviteLinkCode() === undefined;
  document.getElementById('login-invite-drop').addEventListener('click', () => {
    history.replaceState(null, '', location.pathname);
    inviteNote.hidden = true;
  });

  async function run(action) {
    if (!form.reportValidity()) {
      return;
    }
    error.textContent = '';
    try {
      await action(username.value.trim().toLowerCase(), password.value);
      password.value = '';
      onLoggedIn();
    } catch (failure) {
      error.textContent = failure.message;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run((name, secret) => auth.login(name, secret));
  });
  document.getElementById('register-submit').addEventListener('click', () =>
    run(async (name, secret) => {
      // Opened through an invite link: registration may need its code (the link still joins after).
      const code = inviteLinkCode();
      if (code !== undefined) confirmInvite(code);
      try {
        await auth.register(name, secret, code);
      } catch (refused) {
        // A link whose code is not valid: where the deployment lets anyone register, the account is
        // made without it and the link then says what is wrong with it; elsewhere this refusal stands.
        if (code === undefined || refused.status !== 403) throw refused;
        await auth.register(name, secret).catch(() => { throw refused; });
      }
      await auth.login(name, secret);
    }),
  );
}
