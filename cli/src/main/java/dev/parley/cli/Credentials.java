package dev.parley.cli;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.auth.AuthBodies;

/**
 * The tokens of one profile. An expired access token is replaced with {@code POST
 * /v1/auth/refresh}; the new pair is saved at once because the old refresh token stops working.
 * Another process with the same profile may have refreshed first: then its tokens are taken from
 * the file instead of spending a refresh token that is already dead.
 */
final class Credentials {
  private final SessionStore store;
  private final String profile;
  private final AuthClient auth;
  private Session session;

  Credentials(SessionStore store, String profile, Session session, AuthClient auth) {
    this.store = store;
    this.profile = profile;
    this.session = session;
    this.auth = auth;
  }

  synchronized Session session() {
    return session;
  }

  synchronized String accessToken() {
    return session.accessToken();
  }

  /** Replaces {@code staleAccessToken}, unless that already happened. */
  synchronized void refresh(String staleAccessToken) {
    if (!session.accessToken().equals(staleAccessToken)) {
      return;
    }
    SessionStore.ProfileLock lock = store.lock(profile);
    try {
      Session onDisk = store.load(profile).orElse(null);
      if (onDisk != null
          && onDisk.userId().equals(session.userId())
          && onDisk.server().equals(session.server())
          && !onDisk.accessToken().equals(staleAccessToken)) {
        session = onDisk;
        return;
      }
      AuthBodies.Tokens tokens;
      try {
        tokens = auth.refresh(onDisk != null ? onDisk.refreshToken() : session.refreshToken());
      } catch (CliException e) {
        if (ErrorCode.UNAUTHORIZED.wire().equals(e.code())) {
          throw new CliException(ErrorCode.UNAUTHORIZED, expiredMessage());
        }
        throw e;
      }
      if (tokens.accessToken() == null || tokens.refreshToken() == null) {
        throw new CliException(ErrorCode.INTERNAL, "the refresh reply has no token pair");
      }
      session = session.withTokens(tokens.accessToken(), tokens.refreshToken());
      store.save(profile, session);
    } finally {
      lock.close();
    }
  }

  String expiredMessage() {
    return "the session of profile '" + profile + "' has expired; log in again";
  }
}
