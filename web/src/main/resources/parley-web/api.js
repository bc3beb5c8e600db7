// HTTP identity calls (/v1/auth/*) and the token pair, kept in localStorage so a reload stays
// logged in. Refresh tokens are single-use: concurrent callers share one refresh in flight.
const STORAGE_KEY = 'parley.tokens';
// Refresh this long before the access token expires, so a socket never authenticates with a
// token about to lapse; at most half the token's life, so short-lived tokens do not refresh
// back to back.
const REFRESH_MARGIN_MS = 60_000;
const REFRESH_RETRY_MS = 2_000;

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
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

export class Auth {
  #tokens = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
  #refreshing = null;
  #timer = null;
  /**
   * The node that answers token refreshes and search: the one the socket is trying, so that a
   * page whose own node died goes on through another (they allow this page's origin).
   */
  node = location.origin;

  get loggedIn() {
    return this.#tokens !== null;
  }

  get userId() {
    return this.#tokens?.userId;
  }

  register(username, password) {
    return postJson('/v1/auth/register', { username, password });
  }

  async login(username, password) {
    this.#store(await postJson('/v1/auth/login', { username, password }));
  }

  logout() {
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
      const refreshToken = this.#tokens?.refreshToken;
      this.#refreshing = postJson(`${this.node}/v1/auth/refresh`, { refreshToken })
        .then((pair) => this.#store({ ...pair, userId: pair.userId || this.#tokens.userId }))
        .catch((error) => {
          if (error.status === 401 || error.status === 400) {
            this.logout();
          }
          throw error;
        })
        .finally(() => {
          this.#refreshing = null;
        });
    }
    return this.#refreshing;
  }

  /** Refreshes silently before expiry while the page is open. */
  scheduleRefresh() {
    clearTimeout(this.#timer);
    if (!this.#tokens) {
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

  #store(pair) {
    this.#tokens = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      userId: pair.userId,
      refreshAt: Date.now() + pair.expiresIn * 1000 - Math.min(REFRESH_MARGIN_MS, (pair.expiresIn * 1000) / 2),
    };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#tokens));
    this.scheduleRefresh();
  }
}
