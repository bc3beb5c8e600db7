import { guardedBy } from '../dom.js';

// The settings pages, shown in place of the channel: Account (everyone), Workspace settings (the
// current workspace's owners and admins) and the System console (deployment administrators). A
// page's link shows only to those who may use it (the server refuses its ops to anyone else
// anyway); the sidebar says whose account it is. Opening a page moves the focus to its title; "Back to chat" returns to the channel.
const PAGES = {
  account: { section: 'account-page', link: 'open-account', title: () => 'Account settings' },
  workspace: { section: 'workspace-page', link: 'open-workspace-settings', title: (store) => `Workspace settings: ${store.workspaces.get(store.settings.workspaceId)?.name ?? ''}` },
  console: { section: 'console-page', link: 'open-console', title: () => 'System console' },
};

export function settingsView(store, actions) {
  const app = document.getElementById('app');
  const section = document.getElementById('settings');
  const title = document.getElementById('settings-title');
  const guarded = guardedBy(document.getElementById('settings-error'));

  for (const [page, { link }] of Object.entries(PAGES)) {
    document.getElementById(link).addEventListener('click', () => {
      document.getElementById('sidebar').classList.remove('open');
      guarded(() => actions.openSettings(page));
    });
  }
  document.getElementById('settings-close').addEventListener('click', actions.closeSettings);
  // On a phone the sidebar (the other pages' links) is behind a menu button here too.
  document.getElementById('settings-menu').addEventListener('click', () => document.getElementById('sidebar').classList.toggle('open'));

  let shownPage = null;
  const signedIn = document.getElementById('signed-in-as');
  return function render() {
    signedIn.textContent = store.account ? `Signed in as ${store.account.username}` : '';
    document.getElementById(PAGES.workspace.link).hidden = !store.managesWorkspace(store.currentWorkspaceId);
    document.getElementById(PAGES.console.link).hidden = !store.account?.admin;
    const page = store.settings?.page ?? null;
    app.classList.toggle('in-settings', page !== null);
    section.hidden = page === null;
    for (const [key, { section: id }] of Object.entries(PAGES)) {
      document.getElementById(id).hidden = key !== page;
    }
    if (page !== null) title.textContent = PAGES[page].title(store);
    if (page !== shownPage) {
      shownPage = page;
      if (page !== null) title.focus();
    }
  };
}
