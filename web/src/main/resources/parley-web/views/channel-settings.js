import { el, guardedBy, updateRows } from '../dom.js';
import { openDialog } from './dialog.js';

// Workspace settings: the channels the user sees (public ones, and private ones they are in), which
// owners and admins rename, archive (read-only), unarchive and delete (asked first: the history
// goes for everyone). DMs are named after their members and are not listed.
const NAME_PATTERN = '[a-z0-9._\\-]{1,80}';

export function channelSettingsView(store, actions) {
  const rows = document.getElementById('channel-rows');
  const error = document.getElementById('channels-error');
  const guarded = guardedBy(error);

  /** true, false, or undefined when this page cannot tell (a channel the user is not in, untouched here). */
  function archived(settings, channel) {
    return store.channels.get(channel.id)?.archived ?? settings.archived.get(channel.id);
  }

  function rename(channel) {
    openDialog({
      title: `Rename #${channel.name}`,
      text: 'Lower-case letters, digits, dots, dashes and underscores; the old name becomes free.',
      confirmLabel: 'Rename',
      input: { label: 'New name', value: channel.name, required: '', maxlength: '80', pattern: NAME_PATTERN },
      run: (name) => actions.administerChannel('channel.rename', channel.id, name),
    });
  }

  function confirmDelete(channel) {
    openDialog({
      title: `Delete #${channel.name}?`,
      text: 'Its messages and files are gone for everyone, and its members lose it. This cannot be undone.',
      confirmLabel: 'Delete channel',
      danger: true,
      run: () => actions.administerChannel('channel.delete', channel.id),
    });
  }

  function channelRow(settings, channel) {
    const state = archived(settings, channel);
    const name = `${channel.kind === 'private' ? '🔒' : '#'}${channel.name}`;
    const button = (cls, text, label, onclick) => el('button', { type: 'button', class: cls, text, 'aria-label': label, onclick });
    return {
      key: channel.id,
      signature: JSON.stringify([channel.name, channel.kind, state]),
      build: () => {
        const cell = el('td', { class: 'row-actions' }, button('channel-rename', 'Rename', `Rename ${name}`, () => rename(channel)));
        if (state !== true) {
          cell.append(button('channel-archive', 'Archive', `Archive ${name}`, () => guarded(() => actions.administerChannel('channel.archive', channel.id))));
        }
        if (state !== false) {
          cell.append(button('channel-unarchive', 'Unarchive', `Unarchive ${name}`, () => guarded(() => actions.administerChannel('channel.unarchive', channel.id))));
        }
        cell.append(button('channel-delete danger', 'Delete', `Delete ${name}`, () => confirmDelete(channel)));
        return el(
          'tr',
          { class: 'channel-setting', 'data-name': channel.name, 'data-archived': String(state) },
          el('td', { text: name }),
          el('td', { class: 'channel-state', text: state === undefined ? '' : state ? 'archived (read-only)' : 'open' }),
          cell,
        );
      },
    };
  }

  let shownFor = null;
  return function render() {
    const settings = store.settings?.page === 'workspace' ? store.settings : null;
    if (settings !== shownFor) {
      shownFor = settings;
      error.textContent = '';
    }
    if (!settings) return;
    const channels = [...(settings.channels ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    updateRows(rows, channels.map((channel) => channelRow(settings, channel)));
  };
}
