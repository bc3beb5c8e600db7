import { el, guardedBy, updateRows } from '../dom.js';

// System console: the audit log, newest first, a page at a time ("Older" goes further back,
// "Newest" to the top): when, who, what (the op), to what and the op's detail. Ids of users,
// workspaces and channels the page knows are shown by their names.
export function consoleAuditView(store, actions) {
  const rows = document.getElementById('audit-rows');
  const newest = document.getElementById('audit-newest');
  const older = document.getElementById('audit-older');
  const guarded = guardedBy(document.getElementById('audit-error'));

  newest.addEventListener('click', () => guarded(() => actions.loadAudit()));
  older.addEventListener('click', () => {
    const last = store.settings?.audit?.entries.at(-1);
    if (last) guarded(() => actions.loadAudit(last.seq));
  });

  function nameOf(id) {
    if (store.names.has(id)) return store.names.get(id);
    if (store.workspaces.has(id)) return store.workspaces.get(id).name;
    const channel = store.channels.get(id);
    return channel ? store.title(channel) : id;
  }

  function entryRow(entry) {
    const who = nameOf(entry.actorId);
    const target = nameOf(entry.target);
    return {
      key: String(entry.seq),
      signature: JSON.stringify([who, target]),
      build: () =>
        el(
          'tr',
          { class: 'audit-entry', 'data-seq': String(entry.seq), 'data-action': entry.action },
          el('td', { text: new Date(entry.ts).toLocaleString([], { dateStyle: 'short', timeStyle: 'medium' }) }),
          el('td', { class: 'audit-who', text: who }),
          el('td', { class: 'audit-action', text: entry.action }),
          el('td', { class: 'audit-target', text: target }),
          el('td', { class: 'audit-detail', text: entry.detail ?? '' }),
        ),
    };
  }

  return function render() {
    const audit = store.settings?.page === 'console' ? store.settings.audit : null;
    newest.disabled = !audit;
    older.disabled = !audit?.hasMore;
    updateRows(rows, (audit?.entries ?? []).map(entryRow));
  };
}
