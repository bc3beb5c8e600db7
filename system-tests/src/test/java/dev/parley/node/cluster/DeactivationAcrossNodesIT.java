package dev.parley.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.persistence.DatabaseSettings;
import dev.parley.persistence.testing.PostgresTestServer;
import dev.parley.protocol.CloseCode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An administrator deactivates a user through one node while the user's socket is open on another
 * node, a separate JVM (both on 127.0.0.1, one PostgreSQL database): the socket closes with 4001
 * within a second of the request (before its answer, in practice), and that node refuses the
 * user's login.
 */
class DeactivationAcrossNodesIT {
  private static final Duration AT_ONCE = Duration.ofSeconds(1);

  @Test
  void aDeactivatedUsersSocketOnAnotherNodeClosesWithinASecond() {
    DatabaseSettings database = PostgresTestServer.freshDatabase();
    int clusterPort = TestNode.freePort();
    try (TestNode here = TestNode.startOn(database, Map.of("parley.cluster.port", String.valueOf(clusterPort)));
        NodeProcess there = NodeProcess.joining(database, clusterPort)) {
      Accounts.User admin = Accounts.newUser(here.httpUrl(), "boss");
      Accounts.User user = Accounts.newUser(there.httpUrl(), "leaver");
      WsClient socket = WsClient.authenticated(there.wsUrl(), user.accessToken());
      socket.ok("ping", f -> {});

      ApiClient administrator = ApiClient.as(here.httpUrl(), admin.accessToken());
      // The audit log's first use starts its entity (a shard allocation): not what is measured here.
      administrator.ok("admin.audit", f -> {});
      long asked = System.nanoTime();
      administrator.ok("admin.deactivate", f -> f.put("username", user.username()));
      int code = socket.awaitClose();
      Duration took = Duration.ofNanos(System.nanoTime() - asked);
      assertEquals(CloseCode.AUTH_FAILED, code);
      assertTrue(took.compareTo(AT_ONCE) < 0, "closed " + took.toMillis() + " ms after admin.deactivate was sent");
      System.out.println("deactivated user's socket on the other node closed " + took.toMillis() + " ms after admin.deactivate was sent");

      HttpResponse<String> login =
          Accounts.post(
              there.httpUrl(),
              "/v1/auth/login",
              "{\"username\":\"" + user.username() + "\",\"password\":\"password-" + user.username() + "\"}");
      assertEquals(403, login.statusCode(), login.body());
    }
  }
}
