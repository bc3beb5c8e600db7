package dev.parley.node.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import dev.parley.protocol.ChannelEventData;
import dev.parley.protocol.Ephemeral;
import dev.parley.protocol.WireCodec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract documents a node serves ({@code /v1/openapi.yaml}, {@code /v1/asyncapi.yaml}) are
 * the ones in {@code docs/}, parse, and describe every op and event, so they cannot fall behind the
 * protocol module or docs/protocol.md unnoticed.
 */
class ContractDocsTest {
  /** The ops of the contract (docs/protocol.md, "Requests and replies"), implemented or not. */
  private static final Set<String> PROTOCOL_OPS =
      Set.of(
          "auth", "ping", "workspace.create", "workspace.invite", "workspace.join", "workspace.members",
          "workspace.role", "workspace.channels", "channel.create", "channel.join", "channel.leave", "channel.add",
          "channel.topic", "dm.open", "message.post", "message.edit", "message.delete", "reaction.add",
          "reaction.remove", "history", "thread", "typing", "read", "presence.set", "call.signal", "workspace.invites",
          "workspace.invite.revoke", "workspace.remove", "workspace.transfer", "workspace.rename", "channel.archive",
          "channel.unarchive", "channel.delete", "channel.rename", "hook.create", "hook.list", "hook.revoke");

  /** The event types of the contract (docs/protocol.md, "Events"), channel and ephemeral. */
  private static final Set<String> PROTOCOL_EVENTS =
      Set.of(
          "message.posted", "message.edited", "message.deleted", "reaction.added", "reaction.removed",
          "member.joined", "member.left", "channel.topic", "typing", "presence", "read", "receipt", "call.signal",
          "channel.added", "gap", "draining", "channel.archived", "channel.unarchived", "channel.deleted",
          "workspace.removed", "channel.renamed");

  private static final YAMLMapper YAML = new YAMLMapper();
  private static TestNode node;
  private static JsonNode openApi;
  private static JsonNode asyncApi;

  @BeforeAll
  static void start() {
    node = TestNode.startH2(Map.of());
    openApi = parse(served("openapi.yaml"));
    asyncApi = parse(served("asyncapi.yaml"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> get(String name) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(node.httpUrl() + "/v1/" + name)).timeout(WsClient.TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("GET /v1/" + name + " failed", e);
    }
  }

  private static String served(String name) {
    HttpResponse<String> response = get(name);
    assertEquals(200, response.statusCode(), name);
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"), name);
    return response.body();
  }

  private static JsonNode parse(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (Exception e) {
      throw new AssertionError("not YAML: " + e.getMessage(), e);
    }
  }

  @Test
  void theServedDocumentsAreTheOnesInDocs() throws Exception {
    for (String name : List.of("openapi.yaml", "asyncapi.yaml")) {
      assertEquals(Files.readString(Path.of("..", "docs", name)), get(name).body(), name);
    }
    assertTrue(openApi.path("openapi").asText().startsWith("3.1"));
    assertTrue(asyncApi.path("asyncapi").asText().startsWith("3.0"));
  }

  @Test
  void everyOpIsAnHttpPathAndAWebSocketMessage() {
    Set<String> ops = new TreeSet<>(PROTOCOL_OPS);
    ops.addAll(WireCodec.ops());
    JsonNode messages = asyncApi.path("channels").path("socket").path("messages");
    for (String op : ops) {
      assertFalse(openApi.path("paths").path("/v1/api/" + op).path("post").isMissingNode(), "openapi.yaml lacks " + op);
      assertEquals(op, messages.path("op." + op).path("name").asText(), "asyncapi.yaml lacks " + op);
      assertEquals(op, opConst(messages.path("op." + op).path("payload")), op);
    }
  }

  @Test
  void theWebhookEndpointIsAnHttpPath() {
    JsonNode post = openApi.path("paths").path("/v1/hooks/{token}").path("post");
    assertEquals("hooks.post", post.path("operationId").asText(), "openapi.yaml lacks POST /v1/hooks/{token}");
    assertFalse(post.path("requestBody").path("content").path("application/x-www-form-urlencoded").isMissingNode());
  }

  /** The {@code op} constant of a request payload: {@code allOf} [envelope, {@code {op: const}}, fields]. */
  private static String opConst(JsonNode payload) {
    for (JsonNode part : payload.path("allOf")) {
      if (part.path("properties").path("op").has("const")) {
        return part.path("properties").path("op").path("const").asText();
      }
    }
    return null;
  }

  @Test
  void everyEventTypeIsAWebSocketMessage() throws Exception {
    Set<String> types = new TreeSet<>(PROTOCOL_EVENTS);
    types.addAll(eventTypesOfTheProtocolModule());
    JsonNode messages = asyncApi.path("channels").path("socket").path("messages");
    for (String type : types) {
      JsonNode message = messages.path("event." + type);
      assertEquals(type, message.path("name").asText(), "asyncapi.yaml lacks event " + type);
      assertEquals(type, message.path("payload").path("properties").path("type").path("const").asText(), type);
    }
  }

  /** Every channel event record's {@code TYPE} and every {@link Ephemeral} type constant. */
  private static Set<String> eventTypesOfTheProtocolModule() throws IllegalAccessException {
    Set<String> types = new TreeSet<>();
    for (Class<?> event : ChannelEventData.class.getPermittedSubclasses()) {
      types.add((String) staticField(event, "TYPE").get(null));
    }
    for (Field field : Ephemeral.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        types.add((String) field.get(null));
      }
    }
    assertTrue(types.contains(Ephemeral.GAP), types.toString());
    return types;
  }

  private static Field staticField(Class<?> type, String name) {
    try {
      return type.getField(name);
    } catch (NoSuchFieldException e) {
      throw new AssertionError(type.getSimpleName() + " has no " + name, e);
    }
  }

  @Test
  void everyReferenceResolves() {
    Map<String, JsonNode> documents = Map.of("openapi.yaml", openApi, "asyncapi.yaml", asyncApi);
    documents.forEach(
        (name, document) -> {
          List<String> refs = new ArrayList<>();
          collectRefs(document, refs);
          assertFalse(refs.isEmpty(), name);
          for (String ref : refs) {
            int hash = ref.indexOf('#');
            JsonNode target = hash <= 0 ? (hash == 0 ? document : null) : documents.get(ref.substring(0, hash));
            assertTrue(target != null && !target.at(ref.substring(hash + 1)).isMissingNode(), name + ": " + ref);
          }
        });
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject() && node.path("$ref").isTextual()) {
      refs.add(node.path("$ref").asText());
    }
    node.forEach(child -> collectRefs(child, refs));
  }
}
