// How channel events change a list of messages (the channel's top level, or one thread's
// replies): posts append, edits and deletions rewrite their target, reactions count per emoji,
// and a reply bumps its root's reply count. An event aimed at a message not in the list returns
// false: that message may be on an older page, where the caller applies it once loaded.

/**
 * Applies one event to `messages`. `threadSeq` selects the list: null for the channel's top
 * level, a root's seq for that thread's replies. Returns false when the target is missing.
 */
export function applyToLog(messages, type, data, threadSeq = null) {
  if (type === 'message.posted') {
    const parent = data.threadSeq ?? null;
    if (parent === threadSeq) {
      messages.push(newMessage(data));
    } else if (threadSeq === null) {
      const root = find(messages, parent);
      if (!root) return false;
      root.replies += 1;
    }
    return true;
  }
  if (data.target === undefined) {
    return true;
  }
  const target = find(messages, data.target);
  if (!target) {
    return false;
  }
  if (type === 'message.edited') {
    target.text = data.text;
    target.edited = true;
  } else if (type === 'message.deleted') {
    target.deleted = true;
    target.text = '';
  } else if (type === 'reaction.added') {
    const users = target.reactions.get(data.emoji) ?? new Set();
    users.add(data.userId);
    target.reactions.set(data.emoji, users);
  } else if (type === 'reaction.removed') {
    const users = target.reactions.get(data.emoji);
    users?.delete(data.userId);
    if (users?.size === 0) target.reactions.delete(data.emoji);
  }
  return true;
}

function newMessage(data) {
  return {
    seq: data.seq,
    author: data.author,
    /** The incoming webhook's name when a hook posted it (`author` is then the hook's id). */
    hook: data.hook ?? null,
    /** Whether a bot account posted it (the server marks bots' posts). */
    bot: !!data.bot,
    text: data.text ?? '',
    files: data.files ?? [],
    ts: data.ts,
    clientMsgId: data.clientMsgId,
    threadSeq: data.threadSeq ?? null,
    deleted: !!data.deleted,
    edited: false,
    replies: 0,
    /** emoji -> Set of user ids, in the order the emoji were first used */
    reactions: new Map(),
  };
}

// Seqs ascend, and most events aim at recent messages: search from the end.
function find(messages, seq) {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].seq === seq) return messages[i];
    if (messages[i].seq < seq) return null;
  }
  return null;
}
