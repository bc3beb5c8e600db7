import { copyField } from '../clipboard.js';
import { el, guardedBy, updateRows } from '../dom.js';
import { inviteLink } from '../invite-link.js';

// Workspace settings: invites. Owners and admins make one with an expiry and a use limit (its
// link shows with a copy button), see those that still work with their uses, and revoke them.
export function workspaceInvitesView(store, actions) {
  const form = document.getElementById('invite-form');
  const expiry = document.getElementById('invite-expiry');
  const maxUses = document.getElementById('invite-max-uses');
  const created = document.getElementById('invite-new');
  const link = document.getElementById('invite-new-link');
  const copyStatus = document.getElementById('invite-copy-status');
  const rows = document.getElementById('invite-rows');
  const error = document.getElementById('invites-error');
  const guarded = guardedBy(error);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(async () => {
      const code = await actions.createInvite(expiry.value ? Number(expiry.value) : null, maxUses.value ? Number(maxUses.value) : null);
      link.value = inviteLink(code);
      copyStatus.textContent = '';
      created.hidden = false;
      link.focus();
      link.select();
    });
  });
  document.getElementById('invite-new-copy').addEventListener('click', () => copyField(link, copyStatus));

  function inviteRow(invite) {
    const uses = invite.maxUses ? `${invite.uses} of ${invite.maxUses}` : String(invite.uses);
    return {
      key: invite.code,
      signature: JSON.stringify([invite.uses, invite.maxUses, invite.expiresAt]),
      build: () =>
        el(
          'tr',
          { class: 'invite', 'data-code': invite.code },
          el('td', { class: 'code', text: invite.code }),
          el('td', { text: invite.createdAt ? when(invite.createdAt) : '' }),
          el('td', { text: invite.expiresAt ? when(invite.expiresAt) : 'never' }),
          el('td', { class: 'invite-uses', text: uses }),
          el(
            'td',
            { class: 'row-actions' },
            el('button', {
              type: 'button',
              class: 'invite-revoke',
              'aria-label': `Revoke invite ${invite.code}`,
              text: 'Revoke',
              onclick: () => guarded(() => actions.revokeInvite(invite.code)),
            }),
          ),
        ),
    };
  }

  let shownFor = null;
  return function render() {
    const settings = store.settings?.page === 'workspace' ? store.settings : null;
    if (settings !== shownFor) {
      // A link from an earlier visit is not shown again.
      shownFor = settings;
      created.hidden = true;
      link.value = '';
      error.textContent = '';
    }
    if (!settings) return;
    const invites = settings.invites ?? [];
    updateRows(rows, invites.length ? invites.map(inviteRow) : [emptyRow(settings.invites === null ? 'Loading…' : 'No invites work now.')]);
  };
}

function when(ts) {
  return new Date(ts).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

function emptyRow(text) {
  return { key: `empty:${text}`, signature: text, build: () => el('tr', {}, el('td', { colspan: '5', class: 'note', text })) };
}
