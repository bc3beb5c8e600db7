import { el, guardedBy, updateRows } from '../dom.js';
import { openDialog } from './dialog.js';

// Workspace settings: the members with their roles. The owner changes roles (admin or member) and
// hands the ownership over; owners and admins remove members (not the owner, not themselves, and
// only the owner removes an admin). Removing and handing over ask first.
export function workspaceMembersView(store, actions) {
  const rows = document.getElementById('member-rows');
  const status = document.getElementById('members-status');
  const error = document.getElementById('members-error');
  const guarded = guardedBy(error);

  function workspaceName() {
    return store.workspaces.get(store.settings.workspaceId)?.name ?? '';
  }

  function confirmRemove(member) {
    status.textContent = '';
    openDialog({
      title: `Remove ${member.username}?`,
      text: `${member.username} leaves every channel of ${workspaceName()} at once, and needs a new invite to come back. Their messages stay.`,
      confirmLabel: 'Remove',
      danger: true,
      run: async () => {
        await actions.removeMember(member.userId);
        status.textContent = `${member.username} was removed.`;
      },
    });
  }

  function confirmTransfer(member) {
    status.textContent = '';
    openDialog({
      title: `Make ${member.username} the owner?`,
      text: `${member.username} becomes the owner of ${workspaceName()} and you become an admin: only they can then change roles or hand it on.`,
      confirmLabel: 'Make owner',
      danger: true,
      run: async () => {
        await actions.transferOwnership(member.userId);
        status.textContent = `${member.username} is the owner now.`;
      },
    });
  }

  function roleCell(member, mine) {
    if (mine !== 'owner' || member.role === 'owner') {
      return el('td', { text: member.role });
    }
    const select = el(
      'select',
      {
        class: 'member-role',
        'aria-label': `Role of ${member.username}`,
        onchange: () =>
          guarded(async () => {
            status.textContent = '';
            try {
              await actions.setRole(member.userId, select.value);
              status.textContent = `${member.username} is ${select.value === 'admin' ? 'an admin' : 'a member'} now.`;
            } catch (failure) {
              select.value = member.role;
              throw failure;
            }
          }),
      },
      ...['member', 'admin'].map((role) => el('option', { value: role, text: role, ...(role === member.role ? { selected: '' } : {}) })),
    );
    return el('td', {}, select);
  }

  function memberRow(member, mine) {
    const self = member.userId === store.userId;
    const removable = !self && member.role !== 'owner' && (mine === 'owner' || member.role === 'member');
    const transferable = !self && mine === 'owner';
    return {
      key: member.userId,
      signature: JSON.stringify([member.username, member.role, mine, self]),
      build: () => {
        const actionsCell = el('td', { class: 'row-actions' });
        if (removable) {
          actionsCell.append(el('button', { type: 'button', class: 'member-remove', 'aria-label': `Remove ${member.username}`, text: 'Remove', onclick: () => confirmRemove(member) }));
        }
        if (transferable) {
          actionsCell.append(el('button', { type: 'button', class: 'member-transfer', 'aria-label': `Make owner: ${member.username}`, text: 'Make owner', onclick: () => confirmTransfer(member) }));
        }
        return el(
          'tr',
          { class: 'member', 'data-name': member.username, 'data-role': member.role },
          el('td', { text: self ? `${member.username} (you)` : member.username }),
          roleCell(member, mine),
          actionsCell,
        );
      },
    };
  }

  return function render() {
    const settings = store.settings?.page === 'workspace' ? store.settings : null;
    if (!settings) {
      status.textContent = '';
      error.textContent = '';
      return;
    }
    const mine = store.role(settings.workspaceId);
    const members = [...(store.members.get(settings.workspaceId) ?? [])].sort((a, b) => a.username.localeCompare(b.username));
    updateRows(rows, members.map((member) => memberRow(member, mine)));
  };
}
