// The administration ops behind the settings pages, as calls on the socket: the user's own
// account; a workspace's members, invites, name and channels (its owners and admins); the
// deployment's accounts and audit log (its administrators). What a page lists goes into
// `store.settings`, refreshed after each change so the page shows what the server now holds.
// Failures are thrown for the page to show where the user acted.
const AUDIT_PAGE = 50;
const ACCOUNT_PAGE = 50;

/** What each account op changes in a listed account, shown before the listing catches up. */
const ACCOUNT_CHANGES = {
  'admin.deactivate': { deactivated: true },
  'admin.reactivate': { deactivated: false },
  'admin.grant': { admin: true },
  'admin.revoke': { admin: false },
};

/** deps: {store, socket() -> the current Socket} */
export function createSettingsActions({ store, socket }) {
  const request = (op, fields = {}) => socket().request(op, fields);

  let accountRequests = 0;

  /** `settings` still the page that asked: a late answer must not land on another page. */
  const stillOpen = (settings) => store.settings === settings;

  async function loadMembers(workspaceId) {
    const { members } = await request('workspace.members', { workspaceId });
    store.setMembers(workspaceId, members);
    store.changed();
  }

  async function loadInvites(settings) {
    const { invites } = await request('workspace.invites', { workspaceId: settings.workspaceId });
    if (stillOpen(settings)) settings.invites = invites;
    store.changed();
  }

  async function loadNotify(settings) {
    const preferences = await request('notify.get');
    if (stillOpen(settings)) settings.notify = preferences;
    store.changed();
  }

  async function loadChannels(settings) {
    const { channels } = await request('workspace.channels', { workspaceId: settings.workspaceId });
    if (stillOpen(settings)) settings.channels = channels.filter((channel) => channel.kind !== 'dm');
    store.changed();
  }

  const actions = {
    async loadAccount() {
      const { account } = await request('account.me');
      store.account = account;
      store.changed();
    },

    /** Shows a settings page ('account', 'workspace' or 'console') and loads what it lists. */
    openSettings(page) {
      const settings = {
        page, workspaceId: store.currentWorkspaceId, invites: null, channels: null, archived: new Map(), audit: null,
        accounts: null, accountChanges: new Map(), registration: null,
      };
      store.settings = settings;
      store.changed();
      if (page === 'workspace') {
        return Promise.all([loadMembers(settings.workspaceId), loadInvites(settings), loadChannels(settings)]);
      }
      if (page === 'console') {
        return Promise.all([actions.loadAudit(), actions.loadAccounts(''), actions.loadRegistration()]);
      }
      return Promise.all([actions.loadAccount(), loadNotify(settings)]);
    },
    closeSettings() {
      store.settings = null;
      store.changed();
    },

    async setDisplayName(displayName) {
      const { account } = await request('account.name', { displayName });
      store.account = account;
      store.changed();
    },
    /**
     * The default notification preference ({level, muted}) or one channel's (with channelId);
     * desktop notifications follow the answer at once.
     */
    async setNotify(fields) {
      const preferences = await request('notify.set', fields);
      if (store.settings) store.settings.notify = preferences;
      store.dispatchEvent(new CustomEvent('notify-preferences', { detail: preferences }));
      store.changed();
    },
    /** Where notification emails go; empty: nowhere. */
    async setEmail(email) {
      const { account } = await request('account.email.set', { email });
      store.account = account;
      store.changed();
    },
    /** Changes the password; the server ends the user's other sessions, this one goes on. */
    async changePassword(currentPassword, newPassword) {
      await request('account.password', { currentPassword, newPassword });
    },

    async renameWorkspace(name) {
      const { workspace } = await request('workspace.rename', { workspaceId: store.settings.workspaceId, name });
      store.setWorkspaces([workspace]);
      store.changed();
    },
    async setRole(userId, role) {
      const workspaceId = store.settings.workspaceId;
      try {
        await request('workspace.role', { workspaceId, userId, role });
      } finally {
        // Refused or not, the page shows the role the server holds.
        await loadMembers(workspaceId);
      }
    },
    async removeMember(userId) {
      const workspaceId = store.settings.workspaceId;
      await request('workspace.remove', { workspaceId, userId });
      await loadMembers(workspaceId);
    },
    async transferOwnership(userId) {
      const workspaceId = store.settings.workspaceId;
      await request('workspace.transfer', { workspaceId, userId });
      await loadMembers(workspaceId);
    },
    /** expiresIn (seconds) and maxUses: null for no limit. Returns the new invite's code. */
    async createInvite(expiresIn, maxUses) {
      const settings = store.settings;
      const fields = { workspaceId: settings.workspaceId };
      if (expiresIn !== null) fields.expiresIn = expiresIn;
      if (maxUses !== null) fields.maxUses = maxUses;
      const { code } = await request('workspace.invite', fields);
      await loadInvites(settings);
      return code;
    },
    async revokeInvite(code) {
      const settings = store.settings;
      await request('workspace.invite.revoke', { workspaceId: settings.workspaceId, code });
      await loadInvites(settings);
    },
    /** op: channel.rename (with `name`), channel.archive, channel.unarchive or channel.delete. */
    async administerChannel(op, channelId, name) {
      const settings = store.settings;
      await request(op, name === undefined ? { channelId } : { channelId, name });
      // workspace.channels does not say whether a channel is archived (only a channel's own summary
      // does, for the channels the user is in): the page remembers what it did.
      if (op === 'channel.archive' || op === 'channel.unarchive') settings.archived.set(channelId, op === 'channel.archive');
      await loadChannels(settings);
    },

    async createAccount(username, password, displayName) {
      const fields = { username, password };
      if (displayName) fields.displayName = displayName;
      await request('admin.create', fields);
      await actions.loadAudit();
    },
    /** op: admin.deactivate, admin.reactivate, admin.grant or admin.revoke. */
    async administerAccount(op, username) {
      const settings = store.settings;
      await request(op, { username });
      // The listing follows the accounts' events about a second behind: show the change now, and on
      // the pages loaded until the listing has it.
      if (ACCOUNT_CHANGES[op]) {
        settings.accountChanges.set(username, { ...settings.accountChanges.get(username), ...ACCOUNT_CHANGES[op] });
        const listed = settings.accounts?.accounts.find((account) => account.username === username);
        if (listed) Object.assign(listed, ACCOUNT_CHANGES[op]);
      }
      if (username === store.account?.username) await actions.loadAccount();
      await actions.loadAudit();
    },
    /** A one-time reset token for the account: {username, resetToken, expiresAt}, for the page to show once. */
    async resetPassword(username) {
      const reset = await request('admin.reset', { username });
      await actions.loadAudit();
      return reset;
    },
    /** A page of the accounts by username, those matching `query` ('' for all), after the username `after`. */
    async loadAccounts(query, after = null) {
      const settings = store.settings;
      const fields = { limit: ACCOUNT_PAGE };
      if (query) fields.query = query;
      if (after !== null) fields.after = after;
      // Answers may come back out of order while the user types: only the latest request's counts.
      const asked = ++accountRequests;
      const { accounts, next } = await request('admin.accounts', fields);
      if (!stillOpen(settings) || asked !== accountRequests) return;
      for (const account of accounts) Object.assign(account, settings.accountChanges.get(account.username));
      settings.accounts = { query, after, accounts, next: next ?? null };
      store.changed();
    },
    /** The registration mode in force: {mode, source} (source: 'stored' or 'environment'). */
    async loadRegistration() {
      const settings = store.settings;
      const registration = await request('admin.registration');
      if (stillOpen(settings)) settings.registration = registration;
      store.changed();
    },
    async setRegistration(mode) {
      const settings = store.settings;
      const registration = await request('admin.registration.set', { mode });
      if (stillOpen(settings)) settings.registration = registration;
      await actions.loadAudit();
    },
    /** A page of the audit log, newest first: the newest page, or the one below `before`. */
    async loadAudit(before = null) {
      const settings = store.settings;
      const fields = { limit: AUDIT_PAGE };
      if (before !== null) fields.before = before;
      const { entries, hasMore } = await request('admin.audit', fields);
      if (stillOpen(settings)) settings.audit = { entries, hasMore };
      store.changed();
    },
  };
  return actions;
}
