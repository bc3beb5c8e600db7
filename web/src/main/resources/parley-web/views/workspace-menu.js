import { guardedBy } from '../dom.js';
import { toggleMenu } from './menu.js';
import { browseChannelsDialog, createChannelDialog, createWorkspaceDialog, inviteDialog, joinWorkspaceDialog } from './sidebar-dialogs.js';

// The sidebar's top: the current workspace's name, a button opening the workspace's menu. It
// switches between the user's workspaces (each a choice, the current one chosen), invites people
// and opens the workspace's settings (its owners and admins), creates and browses its channels,
// and creates or joins another workspace. What it offers is decided when it opens, so a role
// changed meanwhile counts.
export function workspaceMenuView(store, actions) {
  const button = document.getElementById('workspace-menu');
  const name = document.getElementById('workspace-name');
  const sidebar = document.getElementById('sidebar');
  const closeSidebar = () => sidebar.classList.remove('open');
  const guarded = guardedBy(document.getElementById('settings-error'));

  const items = () => {
    const current = store.currentWorkspaceId;
    const entries = [...store.workspaces.values()].map((workspace) => ({
      name: 'workspace-choice',
      label: workspace.name,
      checked: workspace.id === current,
      run: () => {
        if (workspace.id !== current) actions.selectWorkspace(workspace.id);
      },
    }));
    if (entries.length > 0) entries.push({ separator: true });
    if (store.managesWorkspace(current)) {
      entries.push(
        { name: 'invite-people', label: 'Invite people', run: () => inviteDialog(actions, store.workspaces.get(current)?.name ?? '') },
        {
          name: 'workspace-settings',
          label: 'Workspace settings',
          run: () => {
            closeSidebar();
            guarded(() => actions.openSettings('workspace'));
          },
        },
      );
    }
    if (current) {
      entries.push(
        { name: 'create-channel', label: 'Create channel', run: () => createChannelDialog(actions, closeSidebar) },
        { name: 'browse-channels', label: 'Browse channels', run: () => browseChannelsDialog(actions, closeSidebar) },
        { separator: true },
      );
    }
    entries.push(
      { name: 'new-workspace', label: 'New workspace', run: () => createWorkspaceDialog(actions) },
      { name: 'join-workspace', label: 'Join workspace', run: () => joinWorkspaceDialog(actions) },
    );
    return entries;
  };
  button.addEventListener('click', () => toggleMenu(button, 'Workspace', items()));

  return function render() {
    const shown = store.workspaces.get(store.currentWorkspaceId)?.name ?? 'No workspace yet';
    if (name.textContent !== shown) name.textContent = shown;
  };
}
