import { guardedBy } from '../dom.js';
import { avatar } from './avatar.js';
import { toggleMenu } from './menu.js';

// The sidebar's bottom: the user's own avatar, name and status, a button opening their menu. It
// sets the status, and opens the account settings, the system console (deployment administrators
// only; the server refuses its ops to anyone else anyway) and logs out.
const STATUSES = [
  { status: 'online', label: 'Online' },
  { status: 'away', label: 'Away' },
  { status: 'dnd', label: 'Do not disturb' },
];

export function userMenuView(store, actions) {
  const button = document.getElementById('user-menu');
  const picture = document.getElementById('user-avatar');
  const name = document.getElementById('user-name');
  const statusText = document.getElementById('user-status');
  const signedIn = document.getElementById('signed-in-as');
  const sidebar = document.getElementById('sidebar');
  const guardedSidebar = guardedBy(document.getElementById('sidebar-error'));
  const guardedSettings = guardedBy(document.getElementById('settings-error'));
  const own = () => store.presence.get(store.userId) ?? 'online';

  const openPage = (page) => () => {
    sidebar.classList.remove('open');
    guardedSettings(() => actions.openSettings(page));
  };
  const items = () => [
    ...STATUSES.map(({ status, label }) => ({
      name: `status-${status}`,
      label,
      checked: own() === status,
      run: () => guardedSidebar(() => actions.setPresence(status)),
    })),
    { separator: true },
    { name: 'account-settings', label: 'Account settings', run: openPage('account') },
    ...(store.account?.admin ? [{ name: 'system-console', label: 'System console', run: openPage('console') }] : []),
    { separator: true },
    { name: 'logout', label: 'Log out', run: actions.logout },
  ];
  button.addEventListener('click', () => toggleMenu(button, 'Your account', items()));

  let shown = null;
  return function render() {
    const account = store.account;
    const status = STATUSES.find((entry) => entry.status === own());
    const now = JSON.stringify([store.userId, account?.username, account?.displayName, status?.status]);
    if (now === shown) return;
    shown = now;
    signedIn.textContent = account ? `Signed in as ${account.username}` : '';
    name.textContent = account?.displayName || account?.username || '';
    statusText.textContent = status?.label ?? '';
    statusText.className = `user-status ${status?.status ?? ''}`;
    picture.replaceChildren(...(account ? [avatar(store.userId, account.username)] : []));
  };
}
