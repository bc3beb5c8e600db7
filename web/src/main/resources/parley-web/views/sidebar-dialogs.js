import { copyField } from '../clipboard.js';
import { el } from '../dom.js';
import { inviteCodeOf, inviteLink } from '../invite-link.js';
import { openDialog, showDialog } from './dialog.js';
import { presenceDot } from './presence-dot.js';

// The dialogs the sidebar's buttons open: a new workspace, joining one with an invite code or
// link, a new channel, browsing the workspace's public channels to join one, inviting people
// (a new invite's link, with a button that copies it), and a new message to one or more people.
const NAME_MAX = 80;
const TOPIC_MAX = 250;
const CHANNEL_PATTERN = '[a-z0-9._\\-]{1,80}';
// A link from the sidebar is for sharing now; the workspace settings make invites with other terms.
const INVITE_DAYS = 7;
const DAY_SECONDS = 24 * 60 * 60;

export function createWorkspaceDialog(actions) {
  openDialog({
    title: 'Create a workspace',
    text: 'A workspace holds its own channels and people; you become its owner.',
    confirmLabel: 'Create workspace',
    input: { label: 'Workspace name', maxlength: String(NAME_MAX), required: '', autocomplete: 'off' },
    run: (name) => actions.createWorkspace(name),
  });
}

export function joinWorkspaceDialog(actions) {
  openDialog({
    title: 'Join a workspace',
    text: 'Paste the invite link or code someone in the workspace gave you.',
    confirmLabel: 'Join workspace',
    input: { label: 'Invite link or code', required: '', autocomplete: 'off' },
    run: (value) => actions.joinWorkspace(inviteCodeOf(value)),
  });
}

export function createChannelDialog(actions, closeSidebar) {
  const visibility = (value, label, note, checked) =>
    el(
      'label',
      { class: 'choice' },
      el('input', { type: 'radio', name: 'channel-visibility', id: `channel-${value}`, value, ...(checked ? { checked: '' } : {}) }),
      el('span', {}, el('strong', { text: label }), el('span', { class: 'note', text: ` ${note}` })),
    );
  const name = el('input', { id: 'channel-name', maxlength: String(NAME_MAX), pattern: CHANNEL_PATTERN, required: '', autocomplete: 'off', 'aria-describedby': 'channel-name-note' });
  const topic = el('input', { id: 'channel-topic-input', maxlength: String(TOPIC_MAX), autocomplete: 'off' });
  openDialog({
    title: 'Create a channel',
    confirmLabel: 'Create channel',
    fields: [
      el('label', { text: 'Name ' }, name),
      el('p', { id: 'channel-name-note', class: 'note', text: 'Lower-case letters, digits, dots, dashes and underscores.' }),
      el(
        'fieldset',
        { class: 'choices' },
        el('legend', { text: 'Who can find it' }),
        visibility('public', 'Public', 'anyone in the workspace can browse and join it', true),
        visibility('private', 'Private', 'only the people added to it see it', false),
      ),
      el('label', { text: 'Topic (optional) ' }, topic),
    ],
    run: async () => {
      await actions.createChannel(name.value.trim(), document.getElementById('channel-private').checked, topic.value.trim());
      closeSidebar();
    },
    // The sidebar may have closed over the button that opened the dialog: the new channel's box instead.
    focusAfter: () => document.getElementById('composer'),
  });
}

/** The workspace's public channels the user is not in, found by name as the filter is typed. */
export async function browseChannelsDialog(actions, closeSidebar) {
  const filter = el('input', { id: 'browse-filter', type: 'search', autocomplete: 'off', maxlength: String(NAME_MAX) });
  const list = el('ul', { id: 'browse-list', class: 'browse-list', 'aria-label': 'Channels you can join' });
  const status = el('p', { id: 'browse-status', class: 'note', role: 'status', text: 'Loading…' });
  const error = el('p', { class: 'error', role: 'alert' });
  const done = el('button', { type: 'button', id: 'browse-close', text: 'Close' });
  const close = showDialog({
    title: 'Browse channels',
    content: [el('label', { class: 'field', text: 'Filter channels ' }, filter), status, list, error, el('div', { class: 'row' }, done)],
    focus: filter,
  });
  done.addEventListener('click', () => close());
  let joinable = [];
  const render = () => {
    const query = filter.value.trim().toLowerCase();
    const shown = joinable.filter((channel) => channel.name.includes(query));
    list.replaceChildren(...shown.map((channel) => browseRow(channel)));
    status.textContent = shown.length ? '' : joinable.length ? 'No channel by that name.' : 'No other public channels to join.';
  };
  const browseRow = (channel) =>
    el(
      'li',
      { class: 'browse-channel', 'data-name': channel.name },
      el('span', { class: 'channel-name', text: `#${channel.name}` }),
      el('button', {
        type: 'button',
        class: 'join-channel',
        'aria-label': `Join #${channel.name}`,
        text: 'Join',
        onclick: async (event) => {
          event.target.disabled = true;
          error.textContent = '';
          try {
            await actions.joinChannel(channel.id);
            closeSidebar();
            close(document.getElementById('composer'));
          } catch (failure) {
            error.textContent = failure.message;
            event.target.disabled = false;
          }
        },
      }),
    );
  filter.addEventListener('input', render);
  try {
    joinable = (await actions.browse()).sort((a, b) => a.name.localeCompare(b.name));
    render();
  } catch (failure) {
    status.textContent = '';
    error.textContent = failure.message;
  }
}

/** Makes an invite to the current workspace and shows its link, ready to copy. */
export async function inviteDialog(actions, workspaceName) {
  const link = el('input', { id: 'invite-link', class: 'code', readonly: '', value: '' });
  const code = el('output', { id: 'invite-code', class: 'code' });
  const copy = el('button', { type: 'button', id: 'invite-copy', class: 'primary', text: 'Copy link', disabled: '' });
  const status = el('span', { id: 'invite-dialog-status', role: 'status' });
  const error = el('p', { class: 'error', role: 'alert' });
  const done = el('button', { type: 'button', id: 'invite-done', text: 'Done' });
  const close = showDialog({
    title: `Invite people to ${workspaceName}`,
    text: `Whoever opens this link is asked to join the workspace. It works for ${INVITE_DAYS} days; the workspace settings make invites with other terms and revoke them.`,
    content: [
      el('label', { class: 'field', text: 'Invite link ' }, link),
      el('p', { class: 'note' }, 'Or give them the code: ', code),
      el('div', { class: 'row' }, copy, done, status),
      error,
    ],
    focus: done,
  });
  copy.addEventListener('click', () => copyField(link, status));
  done.addEventListener('click', () => close());
  try {
    const created = await actions.invite(INVITE_DAYS * DAY_SECONDS);
    link.value = inviteLink(created);
    code.textContent = created;
    copy.disabled = false;
    copy.focus();
  } catch (failure) {
    error.textContent = failure.message;
  }
}

/** A DM with the people picked from the workspace's members (found by name as the filter is typed): one, or a group. */
export function newMessageDialog(store, actions, closeSidebar) {
  const members = (store.members.get(store.currentWorkspaceId) ?? [])
    .filter((member) => member.userId !== store.userId)
    .sort((a, b) => a.username.localeCompare(b.username));
  const filter = el('input', { id: 'dm-filter', type: 'search', autocomplete: 'off', maxlength: String(NAME_MAX) });
  const rows = members.map((member) =>
    el(
      'li',
      { class: 'dm-person', 'data-name': member.username },
      el(
        'label',
        { class: 'choice' },
        el('input', { type: 'checkbox', value: member.userId }),
        presenceDot(store.presence.get(member.userId)),
        el('span', { text: member.username }),
      ),
    ),
  );
  const picked = () => rows.map((row) => row.querySelector('input')).filter((box) => box.checked);
  // A person ticked stays in sight while the filter looks for the next.
  filter.addEventListener('input', () => {
    const query = filter.value.trim().toLowerCase();
    for (const row of rows) row.hidden = !row.dataset.name.includes(query) && !row.querySelector('input').checked;
  });
  openDialog({
    title: 'New message',
    text: 'Pick one person for a direct message, or several for a group.',
    confirmLabel: 'Open conversation',
    fields: [
      el('label', { class: 'field', text: 'Find people ' }, filter),
      el('fieldset', { class: 'choices' }, el('legend', { text: 'People' }), el('ul', { id: 'dm-people', class: 'browse-list' }, ...rows)),
    ],
    run: async () => {
      const userIds = picked().map((box) => box.value);
      if (userIds.length === 0) throw new Error('Pick at least one person.');
      await actions.openDm(userIds);
      closeSidebar();
    },
    focusAfter: () => document.getElementById('composer'),
  });
}
