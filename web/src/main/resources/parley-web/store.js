import { applyToLog } from './message-log.js';
import { Outbox } from './outbox.js';

// Client-side state: workspaces and their members, channels with their read markers and loaded
// messages, the open thread or search panel, who is typing, presence, and posts not yet
// acknowledged. Channel events are applied exactly once and in seq
// order: each channel keeps a cursor (the last seq applied); an older seq is a duplicate, a jump
// past cursor + 1 is parked until `history` fills the hole (see main.js).
export class Store extends EventTarget {
  constructor() {
    super();
    this.reset();
  }

  /** Forgets everything: a new log-in starts from nothing. */
  reset() {
    this.workspaces = new Map();
    this.channels = new Map();
    this.names = new Map();
    this.currentWorkspaceId = null;
    this.currentChannelId = null;
    this.userId = null;
    /** workspaceId -> [{userId, username, role}] */
    this.members = new Map();
    /** userId -> online | away | dnd | offline */
    this.presence = new Map();
    /** channelId -> Map userId -> when the indicator lapses (ms) */
    this.typing = new Map();
    /** {kind: 'thread', channelId, rootSeq, replies} or {kind: 'search', query, hits}, or null */
    this.panel = null;
    /** The user's own account from `account.me`: {id, username, displayName, admin}, or null until known. */
    this.account = null;
    /**
     * The settings page shown in place of the channel, or null: {page: 'account' | 'workspace' |
     * 'console', workspaceId, invites, channels, archived: Map channelId -> boolean (what the page
     * did), audit: {entries, hasMore}, accounts: {query, after, accounts, next}, accountChanges:
     * Map username -> what this page changed, registration: {mode, source}} (lists null until loaded).
     */
    this.settings = null;
    this.outbox = new Outbox();
  }

  changed() {
    this.dispatchEvent(new Event('change'));
  }

  setWorkspaces(list) {
    for (const workspace of list) {
      this.workspaces.set(workspace.id, workspace);
    }
    if (!this.workspaces.has(this.currentWorkspaceId)) {
      this.currentWorkspaceId = this.workspaces.keys().next().value ?? null;
    }
  }

  /** Adds or refreshes a channel from an auth reply, a create/join reply or `channel.added`. */
  upsertChannel(info) {
    const known = this.channels.get(info.id);
    if (!known) {
      this.channels.set(info.id, {
        ...info,
        topic: info.topic ?? '',
        lastSeq: info.lastSeq ?? 0,
        readSeq: info.readSeq ?? 0,
        mentions: info.mentions ?? 0,
        // null until the first event or history page fixes where this client stands.
        cursor: info.lastSeq ?? null,
        messages: null,
        // Loaded events aimed at messages older than the loaded pages, for when those load.
        orphans: [],
        oldestSeq: null,
        hasOlder: false,
        parked: new Map(),
        // Seqs of events applied here that are not posts by others (see unread()).
        quietSeqs: [],
        // Set by a `gap` event until history has caught up past it.
        gapAfter: null,
        // The member count as of seq memberCountSeq (the channel's answer); later member events move it.
        memberCount: info.memberCount ?? null,
        memberCountSeq: info.memberCount === undefined ? null : (info.lastSeq ?? 0),
      });
      return;
    }
    Object.assign(known, {
      name: info.name,
      kind: info.kind,
      topic: info.topic ?? known.topic,
      lastSeq: Math.max(known.lastSeq, info.lastSeq ?? 0),
      readSeq: Math.max(known.readSeq, info.readSeq ?? 0),
      mentions: info.mentions ?? known.mentions,
      archived: info.archived ?? known.archived,
    });
    if (info.memberCount !== undefined && (known.memberCountSeq === null || (info.lastSeq ?? 0) >= known.memberCountSeq)) {
      known.memberCount = info.memberCount;
      known.memberCountSeq = info.lastSeq ?? 0;
    }
  }

  /** Where each channel stands, for `resume` after a reconnect. */
  resume() {
    const resume = {};
    for (const channel of this.channels.values()) {
      if (channel.cursor !== null) {
        resume[channel.id] = channel.cursor;
      }
    }
    return resume;
  }

  /**
   * Unread posts: the events past the read marker, less those seen arrive that were not someone
   * else's post (reactions, edits, joins, the user's own posts). Events from before this page
   * loaded are counted as the server's seqs give them.
   */
  unread(channel) {
    const quiet = channel.quietSeqs.filter((seq) => seq > channel.readSeq).length;
    return Math.max(0, channel.lastSeq - channel.readSeq - quiet);
  }

  /**
   * Applies one channel event if it is next in order; returns false when it jumped ahead and
   * was parked, so the caller fetches the missing range.
   */
  applyEvent(type, data) {
    const channel = this.channels.get(data.channelId);
    if (!channel) {
      return true;
    }
    if (channel.cursor === null) {
      channel.cursor = data.seq - 1;
    }
    if (data.seq <= channel.cursor) {
      return true;
    }
    if (data.seq > channel.cursor + 1) {
      channel.parked.set(data.seq, { type, data });
      return false;
    }
    this.#commit(channel, type, data);
    for (let next = channel.parked.get(channel.cursor + 1); next; next = channel.parked.get(channel.cursor + 1)) {
      channel.parked.delete(next.data.seq);
      this.#commit(channel, next.type, next.data);
    }
    return true;
  }

  #commit(channel, type, data) {
    channel.cursor = data.seq;
    channel.lastSeq = Math.max(channel.lastSeq, data.seq);
    if (type !== 'message.posted' || data.author === this.userId) {
      channel.quietSeqs = channel.quietSeqs.filter((seq) => seq > channel.readSeq);
      channel.quietSeqs.push(data.seq);
    }
    if (type === 'channel.topic') {
      channel.topic = data.topic;
    } else if (type === 'channel.renamed') {
      channel.name = data.name;
    } else if (type === 'channel.archived' || type === 'channel.unarchived') {
      // Known only from events this page saw: channel summaries do not say.
      channel.archived = type === 'channel.archived';
    } else if ((type === 'member.joined' || type === 'member.left') && channel.memberCountSeq !== null && data.seq > channel.memberCountSeq) {
      // Events up to memberCountSeq (a replay after resuming) are in the count already.
      channel.memberCount += type === 'member.joined' ? 1 : -1;
      channel.memberCountSeq = data.seq;
    }
    if (type === 'message.posted') {
      this.typing.get(channel.id)?.delete(data.author);
      if (data.author === this.userId) {
        this.outbox.delete(data.clientMsgId);
        channel.readSeq = Math.max(channel.readSeq, data.seq);
      } else {
        const mentioned = mentionsUser(data.text, this.names.get(this.userId));
        if (mentioned) channel.mentions += 1;
        this.dispatchEvent(new CustomEvent('posted', { detail: { channel, data, mentioned } }));
      }
    }
    if (channel.messages && !applyToLog(channel.messages, type, data)) {
      channel.orphans.push({ type, data });
    }
    const thread = this.openThread(channel.id);
    if (thread?.replies) {
      applyToLog(thread.replies, type, data, thread.rootSeq);
    }
  }

  /** The thread panel, when it shows a thread of this channel. */
  openThread(channelId) {
    return this.panel?.kind === 'thread' && this.panel.channelId === channelId ? this.panel : null;
  }

  /** Forgets a workspace the user was removed from (its channels went with their `member.left`). */
  removeWorkspace(workspaceId) {
    this.workspaces.delete(workspaceId);
    if (this.settings?.workspaceId === workspaceId && this.settings.page === 'workspace') this.settings = null;
    if (this.currentWorkspaceId === workspaceId) {
      this.currentWorkspaceId = this.workspaces.keys().next().value ?? null;
    }
  }

  /** Forgets a channel the user left. */
  removeChannel(channelId) {
    this.channels.delete(channelId);
    this.typing.delete(channelId);
    if (this.currentChannelId === channelId) this.currentChannelId = null;
    if (this.panel?.channelId === channelId) this.panel = null;
  }

  /** Someone else is typing in a channel: shown for a few seconds unless they type again or post. */
  typingSeen(channelId, userId, lastsMs) {
    if (userId === this.userId) return;
    const typists = this.typing.get(channelId) ?? new Map();
    typists.set(userId, Date.now() + lastsMs);
    this.typing.set(channelId, typists);
  }

  /** The users typing in a channel now. */
  typists(channelId) {
    const now = Date.now();
    return [...(this.typing.get(channelId) ?? new Map())].filter(([, until]) => until > now).map(([userId]) => userId);
  }

  setMembers(workspaceId, members) {
    this.members.set(workspaceId, members);
    for (const member of members) {
      this.names.set(member.userId, member.username);
      if (member.presence) this.presence.set(member.userId, member.presence);
    }
    // The user's role changes when the owner changes it or hands the ownership over.
    const me = members.find((member) => member.userId === this.userId);
    const workspace = this.workspaces.get(workspaceId);
    if (me && workspace) workspace.role = me.role;
  }

  /** The user's role in a workspace: owner, admin or member (undefined outside it). */
  role(workspaceId) {
    return this.workspaces.get(workspaceId)?.role;
  }

  /** Whether the user manages a workspace's invites, members, name and channels. */
  managesWorkspace(workspaceId) {
    const role = this.role(workspaceId);
    return role === 'owner' || role === 'admin';
  }

  /** How a channel is named on screen: `#name`, `🔒name`, or a DM's other members (the server names it after all). */
  title(channel) {
    if (channel.kind !== 'dm') {
      return `${channel.kind === 'private' ? '🔒' : '#'}${channel.name}`;
    }
    const me = this.names.get(this.userId);
    const others = channel.name.split(',').filter((name) => name !== me);
    return others.length ? others.join(', ') : channel.name;
  }

  /** The user ids behind a DM's member names, as far as the workspace's member list knows them. */
  dmUserIds(channel) {
    const byName = new Map((this.members.get(channel.workspaceId) ?? []).map((member) => [member.username, member.userId]));
    return channel.name.split(',').map((name) => byName.get(name)).filter((id) => id && id !== this.userId);
  }

  /** A post the server acknowledged: it leaves the outbox once its event is in (or behind) the cursor. */
  acknowledged(clientMsgId, seq) {
    const entry = this.outbox.get(clientMsgId);
    const channel = entry && this.channels.get(entry.channelId);
    if (channel && channel.cursor !== null && seq <= channel.cursor) {
      this.outbox.delete(clientMsgId);
    }
  }

  /** The latest page of a channel, when it is first viewed. */
  loadLatest(channelId, events, hasMore) {
    const channel = this.channels.get(channelId);
    channel.messages = [];
    channel.orphans = [];
    for (const event of events) {
      if (!applyToLog(channel.messages, event.type, event.data)) {
        channel.orphans.push(event);
      }
      if (event.data.author === this.userId) {
        this.outbox.delete(event.data.clientMsgId);
      }
    }
    channel.oldestSeq = events.length ? events[0].data.seq : null;
    channel.hasOlder = hasMore;
    if (events.length) {
      const last = events[events.length - 1].data.seq;
      channel.cursor = Math.max(channel.cursor ?? 0, last);
      channel.lastSeq = Math.max(channel.lastSeq, last);
    }
  }

  /** An older page, prepended when the user scrolls up. */
  loadOlder(channelId, events, hasMore) {
    const channel = this.channels.get(channelId);
    const older = [];
    const orphans = [];
    for (const event of events) {
      if (!applyToLog(older, event.type, event.data)) orphans.push(event);
    }
    // The newer pages' events aimed at this page's messages come after all of its own.
    channel.orphans = orphans.concat(channel.orphans.filter((event) => !applyToLog(older, event.type, event.data)));
    channel.messages = older.concat(channel.messages);
    channel.oldestSeq = events.length ? events[0].data.seq : channel.oldestSeq;
    channel.hasOlder = hasMore;
  }
}

function mentionsUser(text, username) {
  return !!username && new RegExp(`(^|\\W)@${username.replace(/[.]/g, '\\.')}(\\W|$)`, 'i').test(text ?? '');
}
