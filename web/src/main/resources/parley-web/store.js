// Client-side state: workspaces, channels with their read markers and loaded messages, user
// names, and posts not yet acknowledged. Channel events are applied exactly once and in seq
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
    /** clientMsgId -> {channelId, clientMsgId, text, failed} */
    this.outbox = new Map();
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
        lastSeq: info.lastSeq ?? 0,
        readSeq: info.readSeq ?? 0,
        mentions: info.mentions ?? 0,
        // null until the first event or history page fixes where this client stands.
        cursor: info.lastSeq ?? null,
        messages: null,
        oldestSeq: null,
        hasOlder: false,
        parked: new Map(),
        // Set by a `gap` event until history has caught up past it.
        gapAfter: null,
      });
      return;
    }
    Object.assign(known, {
      name: info.name,
      kind: info.kind,
      lastSeq: Math.max(known.lastSeq, info.lastSeq ?? 0),
      readSeq: Math.max(known.readSeq, info.readSeq ?? 0),
      mentions: info.mentions ?? known.mentions,
    });
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

  unread(channel) {
    return Math.max(0, channel.lastSeq - channel.readSeq);
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
    if (type === 'message.posted' && data.author === this.userId) {
      this.outbox.delete(data.clientMsgId);
      channel.readSeq = Math.max(channel.readSeq, data.seq);
    }
    if (type === 'message.posted' && data.author !== this.userId && mentionsUser(data.text, this.names.get(this.userId))) {
      channel.mentions += 1;
    }
    if (channel.messages) {
      applyToMessages(channel.messages, type, data);
    }
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
    for (const event of events) {
      applyToMessages(channel.messages, event.type, event.data);
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
    for (const event of events) {
      applyToMessages(older, event.type, event.data);
    }
    channel.messages = older.concat(channel.messages);
    channel.oldestSeq = events.length ? events[0].data.seq : channel.oldestSeq;
    channel.hasOlder = hasMore;
  }
}

function applyToMessages(messages, type, data) {
  if (type === 'message.posted' && !data.threadSeq) {
    messages.push({ seq: data.seq, author: data.author, text: data.text ?? '', ts: data.ts, clientMsgId: data.clientMsgId, deleted: !!data.deleted, edited: false });
    return;
  }
  const target = messages.find((message) => message.seq === data.target);
  if (!target) {
    return;
  }
  if (type === 'message.edited') {
    target.text = data.text;
    target.edited = true;
  } else if (type === 'message.deleted') {
    target.deleted = true;
    target.text = '';
  }
}

function mentionsUser(text, username) {
  return !!username && new RegExp(`(^|\\W)@${username.replace(/[.]/g, '\\.')}(\\W|$)`, 'i').test(text ?? '');
}
