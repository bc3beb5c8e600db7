// Posts not yet acknowledged, kept in this tab's sessionStorage as well, so that a reload (or a
// crash the browser restores the tab from) does not lose them: they are posted again with the
// same clientMsgId, which the server answers as a duplicate if the first try did land. Per tab,
// so tabs never overwrite each other's; per user, so another user never sends them. A post
// refused for good (failed) is shown until the page is left, not kept.
const STORAGE_KEY = 'parley.outbox';

export class Outbox {
  #entries = new Map();
  #userId = null;

  /** Takes up what this tab kept for `userId`; what it kept for another user is dropped. */
  open(userId) {
    this.#userId = userId;
    let kept = null;
    try {
      kept = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch {
      // Unreadable: nothing was kept.
    }
    if (kept?.userId === userId) {
      for (const entry of kept.entries) {
        if (!this.#entries.has(entry.clientMsgId)) this.#entries.set(entry.clientMsgId, entry);
      }
    }
    this.#save();
  }

  /** Logging out: nothing stays behind for the next person at this browser. */
  forget() {
    this.#entries.clear();
    this.#userId = null;
    sessionStorage.removeItem(STORAGE_KEY);
  }

  get(clientMsgId) {
    return this.#entries.get(clientMsgId);
  }

  values() {
    return this.#entries.values();
  }

  /** entry: {channelId, clientMsgId, text, threadSeq, files (ids), failed, error} */
  add(entry) {
    this.#entries.set(entry.clientMsgId, entry);
    this.#save();
  }

  delete(clientMsgId) {
    if (this.#entries.delete(clientMsgId)) this.#save();
  }

  /** Refused for good (`message` says why): shown as not sent, no longer kept. */
  fail(clientMsgId, message) {
    const entry = this.#entries.get(clientMsgId);
    if (!entry) return;
    entry.failed = true;
    entry.error = message;
    this.#save();
  }

  /** A failed post tried again (same id): pending, and kept, once more. Returns it. */
  retry(clientMsgId) {
    const entry = this.#entries.get(clientMsgId);
    if (!entry) return null;
    entry.failed = false;
    entry.error = null;
    this.#save();
    return entry;
  }

  #save() {
    if (this.#userId === null) return;
    const entries = [...this.#entries.values()].filter((entry) => !entry.failed);
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ userId: this.#userId, entries }));
  }
}
