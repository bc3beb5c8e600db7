// One WebSocket to /v1/ws: authenticates with `auth` + `resume`, matches replies by `ref`, and
// reconnects with capped exponential backoff whenever it drops (including `draining` and close
// 4004, which mean "this node is leaving"). Every reconnect tries the next of the known nodes
// (this page's own, then those the node listed), so a dead or draining node is left behind.
// A path that silently drops packets (Wi-Fi gone, a frozen node) never closes a WebSocket, so a
// socket that does not open, or leaves any request (a `ping` or the user's own) unanswered within
// the heartbeat timeout, is given up on: a node answers every request within its ask timeout, if
// only with `unavailable`, so silence means the node or the path is gone.
// The node closes a socket (4001) when the access token it was authenticated with expires, so
// every new access token is sent on the open socket (`auth` again) to keep it.
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 15_000;
const CLOSE_AUTH = 4001;
const CLOSE_DRAINING = 4004;
// Until /client-config.json says otherwise; the node's defaults (parley.web).
const HEARTBEAT_INTERVAL_MS = 20_000;
const HEARTBEAT_TIMEOUT_MS = 10_000;

export class Disconnected extends Error {
  constructor() {
    super('disconnected');
    this.code = 'disconnected';
  }
}

export class RequestError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export class Socket {
  #auth;
  #handlers;
  #ws = null;
  #ready = false;
  #nextRef = 1;
  #pending = new Map();
  #attempt = 0;
  #timer = null;
  #stopped = false;
  #nodes;
  #node = 0;
  #heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS;
  #heartbeatTimeoutMs = HEARTBEAT_TIMEOUT_MS;
  #heartbeat = null;
  #openTimer = null;
  #waiting = false;
  // The access token the open socket was last authenticated with.
  #authenticatedWith = null;

  /**
   * handlers: resume() -> {channelId: lastSeq}; onReady(authData); onEvent(type, data);
   * onStatus(online: boolean); onLoggedOut().
   */
  constructor(auth, handlers) {
    this.#auth = auth;
    this.#handlers = handlers;
    this.#nodes = [location.origin];
    auth.onRenewed = () => this.#renewAuthentication();
    // Back on a network: try now rather than at the end of a backoff of up to 15 s.
    window.addEventListener('online', () => {
      if (this.#waiting && !this.#stopped) this.#reconnect(0);
    });
  }

  /** From /client-config.json: other nodes' base URLs to fail over to, after this page's own, and the heartbeat. */
  configure({ nodes = [], heartbeatIntervalMs, heartbeatTimeoutMs }) {
    this.#nodes = [...new Set([...this.#nodes, ...nodes.map((url) => new URL(url).origin)])];
    this.#heartbeatIntervalMs = heartbeatIntervalMs ?? this.#heartbeatIntervalMs;
    this.#heartbeatTimeoutMs = heartbeatTimeoutMs ?? this.#heartbeatTimeoutMs;
  }

  /** The node the socket is (or will next be) connected to. */
  get node() {
    return this.#nodes[this.#node];
  }

  get ready() {
    return this.#ready;
  }

  start() {
    this.#stopped = false;
    this.#open();
  }

  stop() {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#ws?.close(1000);
  }

  /** Sends a request once authenticated; rejects with Disconnected if the socket is not up. */
  request(op, fields = {}) {
    if (!this.#ready) {
      return Promise.reject(new Disconnected());
    }
    return this.#send(op, fields);
  }

  #send(op, fields) {
    const ref = String(this.#nextRef++);
    const ws = this.#ws;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#abandon(ws), this.#heartbeatTimeoutMs);
      const answered = (settle) => (value) => {
        clearTimeout(timer);
        settle(value);
      };
      this.#pending.set(ref, { resolve: answered(resolve), reject: answered(reject) });
      ws.send(JSON.stringify({ op, ref, ...fields }));
    });
  }

  async #open() {
    this.#waiting = false;
    this.#auth.node = this.node;
    let token;
    try {
      token = await this.#auth.accessToken();
    } catch {
      this.#afterAuthFailure();
      return;
    }
    const ws = new WebSocket(`${this.node.replace(/^http/, 'ws')}/v1/ws`);
    this.#ws = ws;
    this.#openTimer = setTimeout(() => this.#abandon(ws), this.#heartbeatTimeoutMs);
    ws.onopen = () => {
      if (ws !== this.#ws) return;
      // presence.batch: in a large workspace, the presence changes of a short while in one frame.
      this.#send('auth', { token, resume: this.#handlers.resume(), features: ['presence.batch'] }).then(
        (data) => {
          clearTimeout(this.#openTimer);
          this.#ready = true;
          this.#authenticatedWith = token;
          this.#attempt = 0;
          // A ping's answer says nothing more than its arrival: #send's timer gives the socket up without one.
          this.#heartbeat = setInterval(() => this.#send('ping', {}).catch(() => {}), this.#heartbeatIntervalMs);
          this.#handlers.onStatus(true);
          this.#handlers.onReady(data);
          // Refreshed while the socket was opening.
          this.#renewAuthentication();
        },
        // `unauthorized` is followed by close 4001, after which onclose refreshes the token. Any
        // other refusal (`unavailable` while the user's session moves off a dead node) leaves the
        // socket open: close it, and onclose retries after a backoff.
        (error) => {
          if (error.code !== 'unauthorized') ws.close(1000);
        },
      );
    };
    // An abandoned socket may still deliver frames if its path comes back: they are not ours.
    ws.onmessage = (message) => ws === this.#ws && this.#receive(JSON.parse(message.data));
    ws.onclose = (close) => this.#closed(ws, close.code);
  }

  /**
   * Sends the newest access token on the open socket, which then lives until that one expires. A
   * refusal changes nothing: the socket closes with 4001 at the old token's expiry and reconnects.
   */
  #renewAuthentication() {
    const token = this.#auth.currentAccessToken;
    if (!this.#ready || !token || token === this.#authenticatedWith) {
      return;
    }
    this.#authenticatedWith = token;
    this.#send('auth', { token }).catch(() => {});
  }

  /** Gives up on a socket that stopped answering: its close would only come when TCP gives up. */
  #abandon(ws) {
    if (ws !== this.#ws) {
      return;
    }
    this.#closed(ws, null);
    ws.close();
  }

  #receive(frame) {
    if (frame.op === 'event') {
      if (frame.type === 'draining') {
        this.#ws.close(1000);
        return;
      }
      this.#handlers.onEvent(frame.type, frame.data);
      return;
    }
    const waiter = this.#pending.get(frame.ref);
    if (!waiter) {
      return;
    }
    this.#pending.delete(frame.ref);
    if (frame.op === 'ok') {
      waiter.resolve(frame.data);
    } else {
      waiter.reject(new RequestError(frame.code, frame.message));
    }
  }

  async #closed(ws, code) {
    if (ws !== this.#ws) {
      return;
    }
    this.#ws = null;
    clearTimeout(this.#openTimer);
    clearInterval(this.#heartbeat);
    this.#ready = false;
    for (const waiter of this.#pending.values()) {
      waiter.reject(new Disconnected());
    }
    this.#pending.clear();
    if (this.#stopped) {
      return;
    }
    this.#handlers.onStatus(false);
    if (code === CLOSE_AUTH) {
      try {
        await this.#auth.refresh();
      } catch {
        this.#afterAuthFailure();
        return;
      }
    }
    this.#reconnect(code === CLOSE_DRAINING ? 0 : this.#backoff());
  }

  #afterAuthFailure() {
    if (!this.#auth.loggedIn) {
      this.#handlers.onLoggedOut();
      return;
    }
    // The refresh itself failed for a transient reason (node down): keep trying.
    this.#handlers.onStatus(false);
    this.#reconnect(this.#backoff());
  }

  #backoff() {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.#attempt++);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  #reconnect(delay) {
    clearTimeout(this.#timer);
    if (!this.#waiting) this.#node = (this.#node + 1) % this.#nodes.length;
    this.#waiting = true;
    this.#timer = setTimeout(() => this.#open(), delay);
  }
}
