// HTTP identity calls (/v1/auth/*) and the token pair, kept in localStorage so a reload stays
// logged in. Refresh tokens are single-use, and the tabs of one browser share the pair: one tab
// (the holder of a Web Lock) refreshes it on schedule and the others take up what it stores.
// Refreshes on demand take turns under another lock and skip when another tab already did one.
// Logging out ends the session on the server too, so a copy of the refresh token is worthless.
const STORAGE_KEY = 'parley.tokens';
const SCHEDULER_LOCK = 'parley.refresh-scheduler';
const REFRESH_LOCK = 'parley.refresh';
// Without Web Locks (plain http to a host other than localhost), how long a tab whose refresh was
// refused waits for a tab that won the race to store the new pair before it logs out.
const REFRESH_RACE_GRACE_MS = 3_000;
// Refresh this long before the access token expires, so a socket never authenticates with a
// token about to lapse; at most half the token's life, so short-lived tokens do not refresh
// back to back.
const REFRESH_MARGIN_MS = 60_000;
const REFRESH_RETRY_MS = 2_000;
// How long logging out waits for the node to end the session before the page forgets the pair
// anyway: a dead node must not keep the user logged in.
const LOGOUT_TIMEOUT_MS = 3_000;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function postJson(url, body, { headers = {}, signal } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, data.code || 'internal', data.message || response.statusText);
  }
  return data;
}

/** `GET /v1/search` on the current node: hits in the workspace's channels the user is a member of. */
export async function search(auth, workspaceId, q) {
  const query = new URLSearchParams({ workspaceId, q, limit: '20' });
  const response = await fetch(`${auth.node}/v1/search?${query}`, { headers: { Authorization: `Bearer ${await auth.accessToken()}` } });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, data.code || 'internal', data.message || response.statusText);
  }
  return data.hits;
}

/**
 * `/client-config.json`: the base URLs of the nodes this page may fail over to (from
 * PARLEY_WEB_NODES) and the socket's heartbeat; empty when the node cannot be asked.
 */
export async function clientConfig() {
  try {
    const response = await fetch('/client-config.json');
    return response.ok ? await response.json() : {};
  } catch {
    return {};
  }
}

function storedPair() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
  } catch {
    return null;
  }
}

/** Runs `task` while no other tab of this browser refreshes, where the browser can tell. */
function inRefreshTurn(task) {
  return navigator.locks ? navigator.locks.request(REFRESH_LOCK, task) : task();
}

/** The pair another tab stores within `timeoutMs` in place of the one holding `used`, or null. */
function pairStoredInPlaceOf(used, timeoutMs) {
  return new Promise((resolve) => {
    let timer = null;
    const check = () => {
      const stored = storedPair();
      if (stored && stored.refreshToken !== used) finish(stored);
    };
    const finish = (pair) => {
      clearTimeout(timer);
      window.removeEventListener('storage', check);
      resolve(pair);
    };
    timer = setTimeout(() => finish(null), timeoutMs);
    window.addEventListener('storage', check);
    check();
  });
}

export class Auth {
  #tokens = storedPair();
  #refreshing = null;
  #timer = null;
  // Without Web Locks every tab refreshes on its own schedule.
  #scheduler = !navigator.locks;
  /** Called with `loggedIn` when another tab logged in or out. */
  onChangedElsewhere = () => {};
  /** Called when there is a new access token, refreshed here or in another tab. */
  onRenewed = () => {};
  /**
   * The node that answers token refreshes and search: the one the socket is trying, so that a
   * page whose own node died goes on through another (they allow this page's origin).
   */
  node = location.origin;
  /** Why the session ended when the server ended it (a deactivated account), for the log-in page; else null. */
  endedBecause = null;

  constructor() {
    // Held until the tab closes; then another tab's request is granted and it takes over.
    navigator.locks?.request(SCHEDULER_LOCK, () => {
      this.#scheduler = true;
      this.scheduleRefresh();
      return new Promise(() => {});
    });
    window.addEventListener('storage', (event) => {
      if (event.key !== STORAGE_KEY && event.key !== null) {
        return;
      }
      const stored = storedPair();
      const wasLoggedIn = this.loggedIn;
      if (stored) {
        this.#adopt(stored);
      } else {
        this.#tokens = null;
        clearTimeout(this.#timer);
      }
      if (wasLoggedIn !== this.loggedIn) this.onChangedElsewhere(this.loggedIn);
    });
  }

  get loggedIn() {
    return this.#tokens !== null;
  }

  get userId() {
    return this.#tokens?.userId;
  }

  /** The newest access token, as it is: for a socket to renew its authentication with. */
  get currentAccessToken() {
    return this.#tokens?.accessToken;
  }

  /**
   * `displayName` and `inviteCode` may be undefined (the name is then the username); the
   * deployment may admit new accounts only with an invite.
   */
  register({ username, password, displayName, inviteCode }) {
    return postJson('/v1/auth/register', { username, password, displayName, inviteCode });
  }

  async login(username, password) {
    this.#store(await postJson('/v1/auth/login', { username, password }));
  }

  /** Spends an administrator's one-time reset token on a new password (the account's sessions end). */
  resetPassword(username, resetToken, password) {
    return postJson('/v1/auth/reset-password', { username, resetToken, password });
  }

  /**
   * Ends this session on the server, then forgets the pair (here and in the other tabs). A node
   * that cannot be reached in time does not stop the log-out; the session then ends at its expiry.
   */
  async logout() {
    const refreshToken = this.#tokens?.refreshToken;
    if (refreshToken) {
      await postJson(`${this.node}/v1/auth/logout`, { refreshToken }, { signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS) }).catch(() => {});
    }
    this.#forget();
  }

  /**
   * Ends every session of the user, on every device, then forgets the pair. Unlike a plain
   * log-out it fails when the node does not confirm: the user must not believe the others ended.
   */
  async logoutEverywhere() {
    const accessToken = await this.accessToken();
    await postJson(
      `${this.node}/v1/auth/logout`,
      { all: true },
      { headers: { Authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(LOGOUT_TIMEOUT_MS) },
    );
    this.#forget();
  }

  #forget() {
    this.#tokens = null;
    clearTimeout(this.#timer);
    localStorage.removeItem(STORAGE_KEY);
  }

  /** An access token valid for at least the refresh margin, refreshing first when needed. */
  async accessToken() {
    if (!this.#tokens) {
      throw new ApiError(401, 'unauthorized', 'not logged in');
    }
    if (Date.now() > this.#tokens.refreshAt) {
      await this.refresh();
    }
    return this.#tokens.accessToken;
  }

  /** Swaps the refresh token for a new pair; a rejected refresh logs out. */
  refresh() {
    if (!this.#refreshing) {
      const asked = this.#tokens?.refreshToken;
      this.#refreshing = inRefreshTurn(() => this.#refreshInTurn(asked)).finally(() => {
        this.#refreshing = null;
      });
    }
    return this.#refreshing;
  }

  /** `asked`: the refresh token held when the refresh was asked for. */
  async #refreshInTurn(asked) {
    if (!this.#tokens) {
      throw new ApiError(401, 'unauthorized', 'not logged in');
    }
    // Another tab refreshed while this one waited for its turn: its pair is as good.
    const stored = storedPair();
    if (stored && stored.refreshToken !== asked) {
      this.#adopt(stored);
      return;
    }
    if (this.#tokens.refreshToken !== asked) {
      return;
    }
    try {
      const pair = await postJson(`${this.node}/v1/auth/refresh`, { refreshToken: asked });
      // Logged out while the refresh was under way: the pair belongs to a session that ended.
      if (!this.#tokens) {
        throw new ApiError(401, 'unauthorized', 'not logged in');
      }
      this.#store({ ...pair, userId: pair.userId || this.#tokens.userId });
    } catch (error) {
      // 403: the account was deactivated; the session is over for good, as the log-in page says.
      if (error.status === 403) {
        this.endedBecause = error.message;
        this.#forget();
        throw error;
      }
      if (error.status === 401 || error.status === 400) {
        const winner = await pairStoredInPlaceOf(asked, REFRESH_RACE_GRACE_MS);
        if (winner) {
          this.#adopt(winner);
          return;
        }
        this.#forget();
      }
      throw error;
    }
  }

  /** Refreshes silently before expiry while the page is open, in the tab that holds the schedule. */
  scheduleRefresh() {
    clearTimeout(this.#timer);
    if (!this.#tokens || !this.#scheduler) {
      return;
    }
    const delay = Math.max(0, this.#tokens.refreshAt - Date.now());
    // A refresh that failed for a transient reason (its node died) is tried again shortly.
    this.#timer = setTimeout(
      () => this.refresh().then(() => this.scheduleRefresh(), () => {
        if (this.#tokens) this.#timer = setTimeout(() => this.scheduleRefresh(), REFRESH_RETRY_MS);
      }),
      delay,
    );
  }

  #adopt(stored) {
    this.#tokens = stored;
    this.scheduleRefresh();
    this.onRenewed();
  }

  #store(pair) {
    this.#tokens = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      userId: pair.userId,
      refreshAt: Date.now() + pair.expiresIn * 1000 - Math.min(REFRESH_MARGIN_MS, (pair.expiresIn * 1000) / 2),
    };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#tokens));
    this.scheduleRefresh();
    this.onRenewed();
  }
}
