package dev.parley.node.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The real jar's logs as an operator configures them: JSON lines with ids, dated text, refused settings. */
class NodeLogsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static JsonNode parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.isObject()) {
        fail("not a JSON object: " + line);
      }
      return node;
    } catch (JsonProcessingException e) {
      return fail("not JSON: " + line);
    }
  }

  @Test
  void jsonFormatWritesOneObjectPerLineWithTheNodeAndTheIdsOfUsersAndSessions() throws Exception {
    int clusterPort = TestNode.freePort();
    String address = "pekko://parley@127.0.0.1:" + clusterPort;
    List<String> lines;
    Accounts.User alice;
    try (NodeProcess node =
        NodeProcess.start(
            Map.of(
                "PARLEY_LOG_FORMAT", "json",
                "PARLEY_CLUSTER_PORT", String.valueOf(clusterPort),
                "PARLEY_DATA_DIR", Files.createTempDirectory("parley-logs-").toString()),
            TestNode.freePort())) {
      alice = Accounts.newUser(node.httpUrl(), "alice");
      try (WsClient socket = WsClient.authenticated(node.wsUrl(), alice.accessToken())) {
        node.awaitLine("authenticated user " + alice.userId(), WAIT);
      }
      node.signal("TERM");
      node.awaitExit(Duration.ofSeconds(60));
      node.awaitLine("Cluster member removed", WAIT);
      lines = node.output();
    }

    assertFalse(lines.isEmpty());
    for (String line : lines) {
      JsonNode event = parse(line);
      Instant.parse(event.path("timestamp").asText());
      for (String field : List.of("level", "logger", "message")) {
        assertFalse(event.path(field).asText().isEmpty(), field + " missing: " + line);
      }
      assertEquals(address, event.path("node").asText(), line);
    }
    JsonNode authenticated = only(lines, "authenticated user " + alice.userId());
    assertEquals(alice.userId(), authenticated.path("userId").asText(), authenticated.toString());
    assertTrue(authenticated.path("message").asText().contains(authenticated.path("sessionId").asText()), authenticated.toString());
    assertEquals("INFO", authenticated.path("level").asText());
    JsonNode loggedIn = only(lines, "User " + alice.userId() + " logged in");
    assertEquals(alice.username(), loggedIn.path("username").asText(), loggedIn.toString());
    JsonNode up = only(lines, "Cluster member up: " + address);
    assertEquals(address, up.path("member").asText(), up.toString());
  }

  private static JsonNode only(List<String> lines, String message) {
    List<JsonNode> found = lines.stream().map(NodeLogsIT::parse).filter(e -> e.path("message").asText().contains(message)).toList();
    assertEquals(1, found.size(), "lines with '" + message + "': " + found);
    return found.get(0);
  }

  @Test
  void textFormatLinesStartWithTheDate() throws Exception {
    try (NodeProcess node =
        NodeProcess.start(Map.of("PARLEY_DATA_DIR", Files.createTempDirectory("parley-logs-").toString()), TestNode.freePort())) {
      String ready = node.awaitLine("Parley node ready", WAIT);
      assertTrue(
          ready.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  .* - Parley node ready in .*"), ready);
    }
  }

  @Test
  void anInvalidFormatOrLevelStopsTheStartWithOneLineNamingTheVariable() throws Exception {
    String dataDir = Files.createTempDirectory("parley-logs-").toString();
    NodeProcess.Exit format = NodeProcess.runToExit(Map.of("PARLEY_LOG_FORMAT", "xml", "PARLEY_DATA_DIR", dataDir), TestNode.freePort());
    assertEquals(2, format.code(), format.output().toString());
    assertEquals(List.of("parley: invalid PARLEY_LOG_FORMAT: must be text or json (got 'xml')"), format.output());
    NodeProcess.Exit level = NodeProcess.runToExit(Map.of("PARLEY_LOG_LEVEL", "loud", "PARLEY_DATA_DIR", dataDir), TestNode.freePort());
    assertEquals(2, level.code(), level.output().toString());
    assertEquals(
        List.of("parley: invalid PARLEY_LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF (got 'loud')"), level.output());
  }
}
