// The log-in / register form shown while no token pair is stored.
export function loginView(auth, onLoggedIn) {
  const form = document.getElementById('login-form');
  const username = document.getElementById('login-username');
  const password = document.getElementById('login-password');
  const error = document.getElementById('login-error');

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
      const invite = /^#join=(.+)$/.exec(location.hash);
      const code = invite ? decodeURIComponent(invite[1]) : undefined;
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
