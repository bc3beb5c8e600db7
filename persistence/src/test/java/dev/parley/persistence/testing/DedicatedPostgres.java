package dev.parley.persistence.testing;

import dev.parley.persistence.DatabaseSettings;

/**
 * A private PostgreSQL server owned by one test, which may restart it or cut it off: fault tests
 * must not disturb the server the rest of the suite shares.
 */
public final class DedicatedPostgres implements AutoCloseable {
  private final PrivatePostgres server;

  private DedicatedPostgres(PrivatePostgres server) {
    this.server = server;
  }

  public static DedicatedPostgres start() {
    return new DedicatedPostgres(PrivatePostgres.start(PrivatePostgres.DEBIAN_BIN_DIR));
  }

  /** The TCP port it listens on (on 127.0.0.1 only), for a firewall rule that cuts it off. */
  public int port() {
    return server.port();
  }

  public DatabaseSettings freshDatabase() {
    return PostgresTestServer.freshDatabase(server.adminUrl());
  }

  /** A fast shutdown and start on the same port and data: every client connection is cut. */
  public void restart() {
    server.restart();
  }

  @Override
  public void close() {
    server.stop();
  }
}
