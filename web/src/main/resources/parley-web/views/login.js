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
      await auth.register(name, secret, invite ? decodeURIComponent(invite[1]) : undefined);
      await auth.login(name, secret);
    }),
  );
}
