// The settings pages, shown in place of the channel: Account (everyone), Workspace settings (the
// current workspace's owners and admins) and the System console (deployment administrators), which
// the sidebar's workspace and user menus open. Opening a page moves the focus to its title; "Back to chat" returns to the channel.
const PAGES = {
  account: { section: 'account-page', title: () => 'Account settings' },
  workspace: { section: 'workspace-page', title: (store) => `Workspace settings: ${store.workspaces.get(store.settings.workspaceId)?.name ?? ''}` },
  console: { section: 'console-page', title: () => 'System console' },
};

export function settingsView(store, actions) {
  const app = document.getElementById('app');
  const section = document.getElementById('settings');
  const title = document.getElementById('settings-title');
  document.getElementById('settings-close').addEventListener('click', actions.closeSettings);
  // On a phone the sidebar (the menus opening the other pages) is behind a menu button here too.
  document.getElementById('settings-menu').addEventListener('click', () => document.getElementById('sidebar').classList.toggle('open'));

  let shownPage = null;
  return function render() {
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
