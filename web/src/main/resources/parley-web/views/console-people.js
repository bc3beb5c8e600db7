import { copyField } from '../clipboard.js';
import { el, guardedBy, updateRows } from '../dom.js';
import { openDialog } from './dialog.js';

// System console: people. The server lists no accounts, so the console lists the members of the
// administrator's workspaces, filtered by the search box, and a whole username typed there (any
// account) gets its own row. Each row deactivates (asked first) and reactivates the account,
// resets its password, and makes it an administrator or not. A reset token is shown once, in its
// own box with a copy button: Done, or leaving the console, drops it for good. New accounts are
// created in the form below.
const USERNAME = /^[a-z0-9._-]{3,32}$/;

export function consolePeopleView(store, actions) {
  const search = document.getElementById('account-search');
  const rows = document.getElementById('account-rows');
  const status = document.getElementById('accounts-status');
  const error = document.getElementById('accounts-error');
  const reset = document.getElementById('reset-result');
  const resetNote = document.getElementById('reset-result-note');
  const resetToken = document.getElementById('reset-result-token');
  const resetCopyStatus = document.getElementById('reset-copy-status');
  const createForm = document.getElementById('create-account-form');
  const createStatus = document.getElementById('create-account-status');
  const guarded = guardedBy(error);
  const guardedCreate = guardedBy(document.getElementById('create-account-error'));

  search.addEventListener('input', () => render());
  document.getElementById('reset-result-copy').addEventListener('click', () => copyField(resetToken, resetCopyStatus));
  document.getElementById('reset-result-done').addEventListener('click', () => {
    dropResetToken();
    search.focus();
  });
  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    createStatus.textContent = '';
    const username = document.getElementById('create-username').value.trim().toLowerCase();
    guardedCreate(async () => {
      await actions.createAccount(username, document.getElementById('create-password').value, document.getElementById('create-display-name').value.trim());
      createForm.reset();
      createStatus.textContent = `Account ${username} created.`;
    });
  });

  function dropResetToken() {
    reset.hidden = true;
    resetToken.value = '';
    resetNote.textContent = '';
    resetCopyStatus.textContent = '';
  }

  function act(op, username, done) {
    status.textContent = '';
    return guarded(async () => {
      await actions.administerAccount(op, username);
      status.textContent = done;
    });
  }

  function confirmDeactivate(username) {
    status.textContent = '';
    openDialog({
      title: `Deactivate ${username}?`,
      text: `${username}'s sessions end and their open pages close at once, and they cannot log in until reactivated. Their messages and memberships stay.`,
      confirmLabel: 'Deactivate',
      danger: true,
      run: async () => {
        await actions.administerAccount('admin.deactivate', username);
        status.textContent = `${username} is deactivated.`;
      },
    });
  }

  function resetPassword(username) {
    status.textContent = '';
    guarded(async () => {
      const issued = await actions.resetPassword(username);
      const until = new Date(issued.expiresAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
      resetNote.textContent =
        `Reset token for ${issued.username}, valid once until ${until}. It is shown only now: give it to ${issued.username}, ` +
        'who sets a new password with it on the login page. Their current password works until then.';
      resetToken.value = issued.resetToken;
      resetCopyStatus.textContent = '';
      reset.hidden = false;
      resetToken.focus();
      resetToken.select();
    });
  }

  function accountRow(username, known) {
    const self = username === store.account?.username;
    const button = (cls, text, label, onclick) => el('button', { type: 'button', class: cls, text, 'aria-label': label, onclick });
    return {
      key: username,
      signature: JSON.stringify([known, self]),
      build: () => {
        const cell = el('td', { class: 'row-actions' });
        if (!self) cell.append(button('account-deactivate danger', 'Deactivate', `Deactivate ${username}`, () => confirmDeactivate(username)));
        cell.append(
          button('account-reactivate', 'Reactivate', `Reactivate ${username}`, () => act('admin.reactivate', username, `${username} is active again.`)),
          button('account-reset', 'Reset password', `Reset the password of ${username}`, () => resetPassword(username)),
          button('account-grant', 'Make admin', `Make ${username} an administrator`, () => act('admin.grant', username, `${username} administers the deployment now.`)),
        );
        if (!self) cell.append(button('account-revoke', 'Remove admin', `Remove ${username}'s administration`, () => act('admin.revoke', username, `${username} no longer administers the deployment.`)));
        const name = self ? `${username} (you)` : known ? username : `${username} (not in your workspaces)`;
        return el('tr', { class: 'account', 'data-name': username }, el('td', { text: name }), cell);
      },
    };
  }

  let shown = false;
  function render() {
    const open = store.settings?.page === 'console';
    if (open !== shown) {
      // The token is shown once: not again when the console is opened again.
      shown = open;
      dropResetToken();
      status.textContent = '';
      error.textContent = '';
    }
    if (!open) return;
    const typed = search.value.trim().toLowerCase();
    const known = new Set([...store.members.values()].flat().map((member) => member.username));
    if (store.account) known.add(store.account.username);
    const listed = [...known].filter((username) => username.includes(typed)).sort();
    const result = listed.map((username) => accountRow(username, true));
    if (USERNAME.test(typed) && !known.has(typed)) result.push(accountRow(typed, false));
    updateRows(rows, result);
  }
  return render;
}
