import { guardedBy } from '../dom.js';

// Workspace settings: the workspace's name (owners and admins rename it).
export function workspaceGeneralView(store, actions) {
  const form = document.getElementById('workspace-rename-form');
  const input = document.getElementById('workspace-rename');
  const guarded = guardedBy(document.getElementById('workspace-rename-error'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(() => actions.renameWorkspace(input.value.trim()));
  });

  let shownFor = null;
  return function render() {
    const settings = store.settings?.page === 'workspace' ? store.settings : null;
    // Filled when the page opens, not over what the user is typing.
    if (settings !== shownFor) {
      shownFor = settings;
      if (settings) input.value = store.workspaces.get(settings.workspaceId)?.name ?? '';
    }
  };
}
