package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.node.Ids;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.TestNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A channel id that names nothing costs one journal read, not one per ask: the second ask, after
 * the empty entity was passivated, is answered without starting it again (counted by the node's
 * {@code parley_channel_recoveries_total} and its shard's entities). A DM whose id was asked for
 * before it existed can be used as soon as it is opened.
 */
class AbsentChannelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NO_SUCH_CHANNEL = "{\"code\":\"not_found\",\"message\":\"no such channel\"}";

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of("pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout", "1s"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static double channelRecoveries() {
    for (String line : LocalCluster.get(node.managementUrl() + "/metrics").body().split("\n")) {
      if (line.startsWith("parley_channel_recoveries_total ")) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    throw new AssertionError("no parley_channel_recoveries_total in /metrics");
  }

  private static int channelEntities() {
    try {
      int entities = 0;
      for (JsonNode region : JSON.readTree(LocalCluster.get(node.managementUrl() + "/cluster/shards/Channel").body()).path("regions")) {
        entities += region.path("numEntities").asInt();
      }
      return entities;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> history(ApiClient client, String channelId) {
    return client.call("history", n -> n.put("channelId", channelId));
  }

  @Test
  void aSecondAskForAMissingChannelReadsNoJournal() {
    ApiClient alice = ApiClient.as(node.httpUrl(), Accounts.newUser(node.httpUrl(), "absent").accessToken());
    String missing = Ids.channel();
    double before = channelRecoveries();

    HttpResponse<String> first = history(alice, missing);
    assertEquals(404, first.statusCode());
    assertEquals(NO_SUCH_CHANNEL, first.body());
    assertEquals(before + 1, channelRecoveries(), "the first ask starts the empty entity, which reads the journal");
    LocalCluster.awaitCondition(() -> channelEntities() == 0, Duration.ofSeconds(30), "the empty channel to be passivated");

    for (String op : List.of("history", "message.post", "channel.join")) {
      HttpResponse<String> again =
          alice.call(op, n -> n.put("channelId", missing).put("clientMsgId", "m1").put("text", "hello"));
      assertEquals(404, again.statusCode(), op);
      assertEquals(NO_SUCH_CHANNEL, again.body(), op);
    }
    assertEquals(before + 1, channelRecoveries(), "an ask for the same id started the entity again");
    assertEquals(0, channelEntities(), "an ask for the same id started the entity again");
  }

  @Test
  void aDmAskedForBeforeItWasOpenedIsThereOnceOpened() {
    Accounts.User alice = Accounts.newUser(node.httpUrl(), "dm-a");
    Accounts.User bob = Accounts.newUser(node.httpUrl(), "dm-b");
    ApiClient asAlice = ApiClient.as(node.httpUrl(), alice.accessToken());
    ApiClient asBob = ApiClient.as(node.httpUrl(), bob.accessToken());
    String workspaceId = asAlice.ok("workspace.create", n -> n.put("name", "Absent")).path("workspace").path("id").asText();
    String code = asAlice.ok("workspace.invite", n -> n.put("workspaceId", workspaceId)).path("code").asText();
    asBob.ok("workspace.join", n -> n.put("code", code));
    String dmId = Ids.dm(workspaceId, List.copyOf(new TreeSet<>(List.of(alice.userId(), bob.userId()))));

    HttpResponse<String> before = history(asAlice, dmId);
    assertEquals(404, before.statusCode(), before::body);

    JsonNode opened = asAlice.ok("dm.open", n -> n.put("workspaceId", workspaceId).putArray("userIds").add(bob.userId()));
    assertEquals(dmId, opened.path("channel").path("id").asText());
    asBob.ok("message.post", n -> n.put("channelId", dmId).put("clientMsgId", "m1").put("text", "hi alice"));
    JsonNode events = asAlice.ok("history", n -> n.put("channelId", dmId)).path("events");
    assertEquals("hi alice", events.get(events.size() - 1).path("data").path("text").asText(), events::toString);
  }
}
