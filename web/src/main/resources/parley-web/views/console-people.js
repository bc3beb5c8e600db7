import { copyField } from '../clipboard.js';
import { el, guardedBy, updateRows } from '../dom.js';
import { openDialog } from './dialog.js';

// System console: people. The accounts of the deployment, a page at a time by username, found by
// part of a username or display name typed in the search box (admin.accounts); a whole username
// typed there that finds nothing (the listing follows the accounts' events about a second behind)
// gets its own row. Each row shows whether the account is active, deactivated or an
// administrator, and deactivates it (asked first) or reactivates it, resets its password, and makes
// it an administrator or not. A reset token is shown once, in its own box with a copy button: Done,
// or leaving the console, drops it for good. New accounts are created in the form below, and the
// registration mode is set at the top.
const USERNAME = /^[a-z0-9._-]{3,32}$/;
/** How long typing pauses before the search is sent. */
const SEARCH_PAUSE_MS = 250;
const MODE_SOURCES = { stored: 'set by an administrator, for every node', environment: "the server's PARLEY_REGISTRATION" };

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
  const next = document.getElementById('accounts-next');
  const first = document.getElementById('accounts-first');
  const mode = document.getElementById('registration-mode');
  const modeSource = document.getElementById('registration-source');
  const modeStatus = document.getElementById('registration-status');
  const guarded = guardedBy(error);
  const guardedCreate = guardedBy(document.getElementById('create-account-error'));
  const guardedMode = guardedBy(document.getElementById('registration-error'));

  let pause = null;
  search.addEventListener('input', () => {
    clearTimeout(pause);
    pause = setTimeout(() => guarded(() => actions.loadAccounts(search.value.trim().toLowerCase())), SEARCH_PAUSE_MS);
  });
  next.addEventListener('click', () => {
    const listed = store.settings.accounts;
    guarded(() => actions.loadAccounts(listed.query, listed.next));
  });
  first.addEventListener('click', () => guarded(() => actions.loadAccounts(store.settings.accounts.query)));
  document.getElementById('registration-form').addEventListener('submit', (event) => {
    event.preventDefault();
    modeStatus.textContent = '';
    guardedMode(async () => {
      await actions.setRegistration(mode.value);
      modeStatus.textContent = `Registration is ${mode.value} now.`;
    });
  });
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

  /** account: a listed one, or {username} alone for a typed username the listing does not have. */
  function accountRow(account) {
    const username = account.username;
    const listed = account.id !== undefined;
    const self = username === store.account?.username;
    const button = (cls, text, label, onclick) => el('button', { type: 'button', class: cls, text, 'aria-label': label, onclick });
    const status = !listed ? 'not listed yet' : [account.admin ? 'administrator' : null, account.deactivated ? 'deactivated' : 'active'].filter(Boolean).join(', ');
    return {
      key: username,
      signature: JSON.stringify([account, self]),
      build: () => {
        const cell = el('td', { class: 'row-actions' });
        if (!self && account.deactivated !== true) cell.append(button('account-deactivate danger', 'Deactivate', `Deactivate ${username}`, () => confirmDeactivate(username)));
        if (account.deactivated !== false) {
          cell.append(button('account-reactivate', 'Reactivate', `Reactivate ${username}`, () => act('admin.reactivate', username, `${username} is active again.`)));
        }
        cell.append(button('account-reset', 'Reset password', `Reset password of ${username}`, () => resetPassword(username)));
        if (account.admin !== true) {
          cell.append(button('account-grant', 'Make admin', `Make admin: ${username}`, () => act('admin.grant', username, `${username} administers the deployment now.`)));
        }
        if (!self && account.admin !== false) {
          cell.append(button('account-revoke', 'Remove admin', `Remove admin: ${username}`, () => act('admin.revoke', username, `${username} no longer administers the deployment.`)));
        }
        return el(
          'tr',
          { class: 'account', 'data-name': username, 'data-deactivated': String(account.deactivated ?? '') },
          el('td', { class: 'account-username', text: self ? `${username} (you)` : username }),
          el('td', { class: 'account-display-name', text: account.displayName ?? '' }),
          el('td', { class: 'account-status', text: status }),
          cell,
        );
      },
    };
  }

  function renderRegistration(registration) {
    if (!registration) {
      modeSource.textContent = '';
      return;
    }
    if (document.activeElement !== mode) mode.value = registration.mode;
    modeSource.textContent = `Now ${registration.mode}: ${MODE_SOURCES[registration.source] ?? registration.source}.`;
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
      modeStatus.textContent = '';
      search.value = '';
    }
    if (!open) return;
    const listing = store.settings.accounts;
    renderRegistration(store.settings.registration);
    next.disabled = !listing?.next;
    first.disabled = !listing || listing.after === null;
    if (!listing) {
      updateRows(rows, []);
      return;
    }
    const result = listing.accounts.map(accountRow);
    const typed = listing.query;
    if (USERNAME.test(typed) && listing.accounts.length === 0) {
      result.push(accountRow({ username: typed }));
    }
    updateRows(rows, result);
  }
  return render;
}
