package dev.parley.node.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.persistence.DatabaseSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

/**
 * A cluster of real node processes, each on its own loopback address (127.0.0.11, .12, ...), with
 * static seed nodes, sharing one PostgreSQL database and one token secret.
 */
public final class LocalCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SECRET = "local-cluster-test-secret-of-32-bytes+";
  public static final String ADMIN_TOKEN = "local-cluster-admin-token";

  /** Where node {@code i} listens: fixed ports per address, so a restarted node keeps its identity. */
  public record Slot(String host, int httpPort, int managementPort, int clusterPort) {}

  private final List<Slot> slots = new ArrayList<>();
  /** Read by traffic threads while tests restart nodes. */
  private final AtomicReferenceArray<NodeProcess> nodes;
  private final Map<String, String> env = new HashMap<>();

  private LocalCluster(int size, DatabaseSettings database) {
    nodes = new AtomicReferenceArray<>(size);
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Slot slot = new Slot("127.0.0." + (11 + i), TestNode.freePort(), TestNode.freePort(), TestNode.freePort());
      slots.add(slot);
      seeds.add(slot.host() + ":" + slot.clusterPort());
    }
    env.put("PARLEY_DB_URL", database.url());
    env.put("PARLEY_DB_USER", database.user());
    env.put("PARLEY_DB_PASSWORD", database.password());
    env.put("PARLEY_TOKEN_SECRET", SECRET);
    env.put("PARLEY_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("PARLEY_SEED_NODES", String.join(",", seeds));
  }

  /** Starts {@code size} nodes: the first seed forms the cluster, the others join it. */
  public static LocalCluster start(int size, DatabaseSettings database) {
    LocalCluster cluster = new LocalCluster(size, database);
    cluster.startNode(0);
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (int i = 1; i < size; i++) {
      int index = i;
      others.add(CompletableFuture.runAsync(() -> cluster.startNode(index)));
    }
    others.forEach(CompletableFuture::join);
    cluster.awaitMembers(0, size);
    return cluster;
  }

  public void startNode(int index) {
    Slot slot = slots.get(index);
    Map<String, String> nodeEnv = new HashMap<>(env);
    nodeEnv.put("PARLEY_HTTP_HOST", slot.host());
    nodeEnv.put("PARLEY_CLUSTER_HOST", slot.host());
    nodeEnv.put("PARLEY_MANAGEMENT_PORT", String.valueOf(slot.managementPort()));
    nodeEnv.put("PARLEY_CLUSTER_PORT", String.valueOf(slot.clusterPort()));
    nodes.set(index, NodeProcess.start(nodeEnv, slot.httpPort()));
  }

  public NodeProcess node(int index) {
    return nodes.get(index);
  }

  public int size() {
    return nodes.length();
  }

  public Slot slot(int index) {
    return slots.get(index);
  }

  public String clusterAddress(int index) {
    return "pekko://parley@" + slots.get(index).host() + ":" + slots.get(index).clusterPort();
  }

  /** The WebSocket URL for a client's n-th connection attempt: round the nodes, skipping dead ones. */
  public String liveWsUrl(int attempt) {
    for (int i = 0; i < nodes.length(); i++) {
      int candidate = (attempt + i) % nodes.length();
      NodeProcess node = nodes.get(candidate);
      if (node != null && node.isAlive()) {
        return node.wsUrl();
      }
    }
    return nodes.get(attempt % nodes.length()).wsUrl();
  }

  public String managementUrl(int index, String path) {
    return "http://" + slots.get(index).host() + ":" + slots.get(index).managementPort() + path;
  }

  /** GET on node {@code index}'s management port; null when it does not answer. */
  public HttpResponse<String> management(int index, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(managementUrl(index, path))).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      return null;
    }
  }

  /** How many members node {@code index} sees as Up. */
  public int upMembers(int index) {
    HttpResponse<String> response = management(index, "/cluster/members");
    if (response == null || response.statusCode() != 200) {
      return -1;
    }
    try {
      int up = 0;
      for (JsonNode member : JSON.readTree(response.body()).path("members")) {
        up += "Up".equals(member.path("status").asText()) ? 1 : 0;
      }
      return up;
    } catch (Exception e) {
      return -1;
    }
  }

  public void awaitMembers(int index, int expected) {
    awaitCondition(() -> upMembers(index) == expected, Duration.ofSeconds(60), "node " + index + " to see " + expected + " Up members");
  }

  public static void awaitCondition(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length(); i++) {
      if (nodes.get(i) != null) {
        nodes.get(i).close();
      }
    }
  }
}
