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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;

/**
 * A cluster of real node processes, each on its own loopback address (127.0.0.11, .12, ...), with
 * static seed nodes, sharing one PostgreSQL database and one token secret; every node lists all of
 * them in {@code PARLEY_WEB_NODES}, so a browser can fail over between them.
 */
public final class LocalCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * HTTP/1.1 only: the JDK client's default (HTTP/2 by an upgrade) was seen waiting forever on a
   * SIGSTOPped node despite the request's timeout, so every call is also bounded by {@link #send}.
   */
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration GET_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  /** Pekko's {@code pekko.cluster.sharding.number-of-shards}, which the node leaves at its default. */
  private static final int NUMBER_OF_SHARDS = 1000;
  /** The entity-to-shard rule of Pekko's default extractor, which the node's entities use. */
  private static final HashCodeMessageExtractor<Object> SHARD_OF = new HashCodeMessageExtractor<>(NUMBER_OF_SHARDS);
  private static final String SECRET = "local-cluster-test-secret-of-32-bytes+";
  public static final String ADMIN_TOKEN = "lc-Adm1n-9fQx2ZkT7wVbR4hJ8mYp";

  /** Where node {@code i} listens: fixed ports per address, so a restarted node keeps its identity. */
  public record Slot(String host, int httpPort, int managementPort, int clusterPort) {}

  private final List<Slot> slots = new ArrayList<>();
  /** Read by traffic threads while tests restart nodes. */
  private final AtomicReferenceArray<NodeProcess> nodes;
  /** Every process ever started, restarts included: their output is evidence after they die. */
  private final List<NodeProcess> started = new CopyOnWriteArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  /** Configuration every node gets as system properties. */
  private final Map<String, Object> properties;
  /** Environment of node {@code i} alone (its own keystore, say), on top of the shared one. */
  private final IntFunction<Map<String, String>> nodeEnv;

  private LocalCluster(
      int size, DatabaseSettings database, Map<String, Object> properties, IntFunction<Map<String, String>> nodeEnv) {
    this.properties = Map.copyOf(properties);
    this.nodeEnv = nodeEnv;
    nodes = new AtomicReferenceArray<>(size);
    List<String> seeds = new ArrayList<>();
    List<String> webNodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Slot slot = new Slot("127.0.0." + (11 + i), TestNode.freePort(), TestNode.freePort(), TestNode.freePort());
      slots.add(slot);
      seeds.add(slot.host() + ":" + slot.clusterPort());
      webNodes.add("http://" + slot.host() + ":" + slot.httpPort());
    }
    env.put("PARLEY_DB_URL", database.url());
    env.put("PARLEY_DB_USER", database.user());
    env.put("PARLEY_DB_PASSWORD", database.password());
    env.put("PARLEY_TOKEN_SECRET", SECRET);
    env.put("PARLEY_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("PARLEY_SEED_NODES", String.join(",", seeds));
    env.put("PARLEY_WEB_NODES", String.join(",", webNodes));
  }

  /** Starts {@code size} nodes: the first seed forms the cluster, the others join it. */
  public static LocalCluster start(int size, DatabaseSettings database) {
    return start(size, database, Map.of());
  }

  /** As {@link #start(int, DatabaseSettings)}, each node's configuration overridden by {@code properties}. */
  public static LocalCluster start(int size, DatabaseSettings database, Map<String, Object> properties) {
    LocalCluster cluster = new LocalCluster(size, database, properties, i -> Map.of());
    cluster.startNode(0);
    cluster.startConcurrently(1);
    return cluster;
  }

  /** As {@link #start(int, DatabaseSettings)}, node {@code i} with the environment {@code nodeEnv.apply(i)} added. */
  public static LocalCluster startWithNodeEnv(int size, DatabaseSettings database, IntFunction<Map<String, String>> nodeEnv) {
    LocalCluster cluster = new LocalCluster(size, database, Map.of(), nodeEnv);
    cluster.startNode(0);
    cluster.startConcurrently(1);
    return cluster;
  }

  /**
   * Starts {@code size} nodes at once that find each other through Pekko Management Cluster
   * Bootstrap ({@code PARLEY_DISCOVERY=config} over their management endpoints).
   */
  public static LocalCluster startWithBootstrap(int size, DatabaseSettings database) {
    LocalCluster cluster = new LocalCluster(size, database, Map.of(), i -> Map.of());
    List<String> contactPoints = new ArrayList<>();
    for (Slot slot : cluster.slots) {
      contactPoints.add(slot.host() + ":" + slot.managementPort());
    }
    cluster.env.remove("PARLEY_SEED_NODES");
    cluster.env.put("PARLEY_DISCOVERY", "config");
    cluster.env.put("PARLEY_CONFIG_CONTACT_POINTS", String.join(",", contactPoints));
    cluster.env.put("PARLEY_REQUIRED_CONTACT_POINTS", String.valueOf(size));
    cluster.startConcurrently(0);
    return cluster;
  }

  /** Starts nodes {@code from}..size-1 at once and waits until all are Up. */
  private void startConcurrently(int from) {
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    for (int i = from; i < nodes.length(); i++) {
      int index = i;
      starting.add(CompletableFuture.runAsync(() -> startNode(index)));
    }
    starting.forEach(CompletableFuture::join);
    awaitMembers(0, nodes.length());
  }

  /**
   * Pekko's 3 s default for binding the cluster port failed a node's start on a test machine whose
   * load average was 50; a node that cannot bind at all still fails, only later.
   */
  private static final String BIND_TIMEOUT = "20s";

  /**
   * Each node's outgoing cluster connections leave from its own address, not 127.0.0.1 as the
   * kernel would choose, so a firewall rule on addresses cuts exactly the links it names.
   */
  public void startNode(int index) {
    startNode(index, Map.of());
  }

  /** As {@link #startNode(int)}, this start of the node with {@code extraEnv} added. */
  public void startNode(int index, Map<String, String> extraEnv) {
    Slot slot = slots.get(index);
    Map<String, Object> nodeProperties = new HashMap<>(properties);
    nodeProperties.put("pekko.remote.artery.advanced.tcp.outbound-client-hostname", slot.host());
    nodeProperties.put("pekko.remote.artery.bind.bind-timeout", BIND_TIMEOUT);
    Map<String, String> nodeEnv = new HashMap<>(env);
    nodeEnv.put("PARLEY_HTTP_HOST", slot.host());
    nodeEnv.put("PARLEY_CLUSTER_HOST", slot.host());
    nodeEnv.put("PARLEY_MANAGEMENT_PORT", String.valueOf(slot.managementPort()));
    nodeEnv.put("PARLEY_CLUSTER_PORT", String.valueOf(slot.clusterPort()));
    nodeEnv.putAll(this.nodeEnv.apply(index));
    nodeEnv.putAll(extraEnv);
    NodeProcess node = NodeProcess.start(nodeEnv, nodeProperties, slot.httpPort());
    started.add(node);
    nodes.set(index, node);
  }

  public NodeProcess node(int index) {
    return nodes.get(index);
  }

  /** How many output lines of every node process ever started here contain {@code text}. */
  public long outputLinesContaining(String text) {
    return started.stream().flatMap(node -> node.output().stream()).filter(line -> line.contains(text)).count();
  }

  /** The loopback address node {@code index} listens and connects from. */
  public String host(int index) {
    return slots.get(index).host();
  }

  public int size() {
    return nodes.length();
  }

  /** Node {@code index}'s cluster (Artery) address as {@code host:port}, e.g. to name it as a seed. */
  public String clusterAddress(int index) {
    return slots.get(index).host() + ":" + slots.get(index).clusterPort();
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
    return get(managementUrl(index, path));
  }

  /**
   * {@code POST /v1/admin/<action>} on node {@code index}'s management port, with {@code token} as
   * the operator token (none when null); the status.
   */
  public int admin(int index, String action, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(managementUrl(index, "/v1/admin/" + action)))
            .timeout(ADMIN_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return send(request.build(), ADMIN_TIMEOUT).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException("POST /v1/admin/" + action + " to node " + index + " failed", e);
    }
  }

  /** GET on any node's URL; null when it does not answer. */
  public static HttpResponse<String> get(String url) {
    try {
      return send(HttpRequest.newBuilder(URI.create(url)).timeout(GET_TIMEOUT).GET().build(), GET_TIMEOUT);
    } catch (Exception e) {
      return null;
    }
  }

  /** Sends {@code request}, giving up (and cancelling it) a second after {@code timeout} whatever the client does. */
  private static HttpResponse<String> send(HttpRequest request, Duration timeout) throws Exception {
    CompletableFuture<HttpResponse<String>> response = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      return response.get(timeout.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      response.cancel(true);
    }
  }

  /** How many members node {@code index} sees as Up. */
  public int upMembers(int index) {
    return upMembers(management(index, "/cluster/members"));
  }

  /** Whether node {@code index} sees every node Up and none unreachable. */
  public boolean wholeAndReachable(int index) {
    HttpResponse<String> response = management(index, "/cluster/members");
    if (upMembers(response) != size()) {
      return false;
    }
    try {
      return JSON.readTree(response.body()).path("unreachable").isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** How many members an answer of {@code /cluster/members} lists as Up; -1 for no answer. */
  public static int upMembers(HttpResponse<String> response) {
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

  /** How many entities of a type node {@code index} runs, from {@code /cluster/shards/<type>}. */
  public int entitiesOn(int index, String type) {
    HttpResponse<String> response = management(index, "/cluster/shards/" + type);
    if (response == null || response.statusCode() != 200) {
      return 0;
    }
    try {
      int entities = 0;
      for (JsonNode shard : JSON.readTree(response.body()).path("regions")) {
        entities += shard.path("numEntities").asInt();
      }
      return entities;
    } catch (Exception e) {
      return 0;
    }
  }

  /**
   * How many of {@code entityIds} node {@code index} runs: those whose shard it hosts, by
   * {@code /cluster/shards/<type>} and the shard id Pekko's default extractor gives an entity id.
   */
  public int entitiesOf(int index, String type, Collection<String> entityIds) {
    return runningOn(index, type, entityIds).size();
  }

  /** Those of {@code entityIds} whose shard node {@code index} hosts; none when it does not answer. */
  public List<String> runningOn(int index, String type, Collection<String> entityIds) {
    HttpResponse<String> response = management(index, "/cluster/shards/" + type);
    if (response == null || response.statusCode() != 200) {
      return List.of();
    }
    Set<String> shards = new HashSet<>();
    try {
      for (JsonNode shard : JSON.readTree(response.body()).path("regions")) {
        shards.add(shard.path("shardId").asText());
      }
    } catch (Exception e) {
      return List.of();
    }
    return entityIds.stream().filter(id -> shards.contains(SHARD_OF.shardId(id))).toList();
  }

  /**
   * The live node running the most of {@code entityIds}: the one whose death hurts that load most.
   * Fails when no node reports any of them, rather than pick one that holds none.
   */
  public int nodeRunningMost(String type, Collection<String> entityIds) {
    int busiest = -1;
    int most = 0;
    for (int i = 0; i < nodes.length(); i++) {
      int entities = nodes.get(i).isAlive() ? entitiesOf(i, type, entityIds) : 0;
      if (entities > most) {
        most = entities;
        busiest = i;
      }
    }
    if (busiest < 0) {
      throw new AssertionError("no live node reports any of the " + entityIds.size() + " " + type + " entities");
    }
    return busiest;
  }

  /** The live node running the most entities of a type: the one whose death hurts most. */
  public int busiestNode(String type) {
    int busiest = 0;
    int most = -1;
    for (int i = 0; i < nodes.length(); i++) {
      int entities = nodes.get(i).isAlive() ? entitiesOn(i, type) : -1;
      if (entities > most) {
        most = entities;
        busiest = i;
      }
    }
    return busiest;
  }

  public void awaitMembers(int index, int expected) {
    awaitCondition(() -> upMembers(index) == expected, Duration.ofSeconds(60), "node " + index + " to see " + expected + " Up members");
  }

  /**
   * Waits until none of {@code observers} lists node {@code gone} as a member any more: a leaving
   * node stops counting as Up when it starts exiting, and is removed a moment later.
   */
  public void awaitRemoved(int gone, int... observers) {
    String address = "@" + clusterAddress(gone);
    for (int observer : observers) {
      awaitCondition(
          () -> {
            HttpResponse<String> members = management(observer, "/cluster/members");
            return members != null && members.statusCode() == 200 && !members.body().contains(address);
          },
          Duration.ofSeconds(60),
          "node " + observer + " to remove node " + gone);
    }
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

  /** Stops every node at once (SIGTERM), then waits for them. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (int i = 0; i < nodes.length(); i++) {
      NodeProcess node = nodes.get(i);
      if (node != null) {
        stopping.add(CompletableFuture.runAsync(node::close));
      }
    }
    stopping.forEach(CompletableFuture::join);
  }
}
