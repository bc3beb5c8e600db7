package dev.parley.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON encoding and decoding of the wire contract, for servers and clients alike. Decoding never
 * throws anything but {@link FrameException} / {@link ProtocolException}, whose messages are safe
 * to send back.
 */
public final class WireCodec {

  private static final Map<String, Class<? extends Request>> OPS =
      Map.ofEntries(
          Map.entry("auth", Request.Auth.class),
          Map.entry("ping", Request.Ping.class),
          Map.entry("workspace.create", WorkspaceRequest.WorkspaceCreate.class),
          Map.entry("workspace.invite", WorkspaceRequest.WorkspaceInvite.class),
          Map.entry("workspace.join", WorkspaceRequest.WorkspaceJoin.class),
          Map.entry("workspace.members", WorkspaceRequest.WorkspaceMembers.class),
          Map.entry("workspace.channels", WorkspaceRequest.WorkspaceChannels.class),
          Map.entry("channel.create", ChannelRequest.ChannelCreate.class),
          Map.entry("channel.join", ChannelRequest.ChannelJoin.class),
          Map.entry("channel.leave", ChannelRequest.ChannelLeave.class),
          Map.entry("message.post", MessageRequest.MessagePost.class),
          Map.entry("history", MessageRequest.History.class),
          Map.entry("workspace.role", WorkspaceRequest.WorkspaceRole.class),
          Map.entry("channel.add", ChannelRequest.ChannelAdd.class),
          Map.entry("channel.topic", ChannelRequest.ChannelTopic.class),
          Map.entry("dm.open", ChannelRequest.DmOpen.class),
          Map.entry("message.edit", MessageRequest.MessageEdit.class),
          Map.entry("message.delete", MessageRequest.MessageDelete.class),
          Map.entry("reaction.add", MessageRequest.ReactionAdd.class),
          Map.entry("reaction.remove", MessageRequest.ReactionRemove.class),
          Map.entry("thread", MessageRequest.Thread.class),
          Map.entry("typing", LiveRequest.Typing.class),
          Map.entry("read", MessageRequest.Read.class),
          Map.entry("presence.set", LiveRequest.PresenceSet.class),
          Map.entry("call.signal", LiveRequest.CallSignal.class),
          Map.entry("account.me", AccountRequest.AccountMe.class),
          Map.entry("account.password", AccountRequest.AccountPassword.class),
          Map.entry("account.name", AccountRequest.AccountName.class),
          Map.entry("account.email.set", AccountRequest.AccountEmailSet.class),
          Map.entry("notify.get", NotifyRequest.NotifyGet.class),
          Map.entry("notify.set", NotifyRequest.NotifySet.class),
          Map.entry("admin.grant", AccountRequest.AdminAction.class),
          Map.entry("admin.revoke", AccountRequest.AdminAction.class),
          Map.entry("admin.deactivate", AccountRequest.AdminAction.class),
          Map.entry("admin.delete", AccountRequest.AdminAction.class),
          Map.entry("admin.reactivate", AccountRequest.AdminAction.class),
          Map.entry("admin.reset", AccountRequest.AdminAction.class),
          Map.entry("admin.create", AccountRequest.AdminCreate.class),
          Map.entry("admin.audit", AccountRequest.AdminAudit.class),
          Map.entry("admin.accounts", AccountRequest.AdminAccounts.class),
          Map.entry("admin.registration", AccountRequest.AdminRegistration.class),
          Map.entry("admin.registration.set", AccountRequest.AdminRegistrationSet.class),
          Map.entry("workspace.invites", WorkspaceRequest.WorkspaceInvites.class),
          Map.entry("workspace.invite.revoke", WorkspaceRequest.WorkspaceInviteRevoke.class),
          Map.entry("workspace.remove", WorkspaceRequest.WorkspaceMemberAction.class),
          Map.entry("workspace.transfer", WorkspaceRequest.WorkspaceMemberAction.class),
          Map.entry("workspace.rename", WorkspaceRequest.WorkspaceRename.class),
          Map.entry("workspace.retention", WorkspaceRequest.WorkspaceRetention.class),
          Map.entry("channel.archive", ChannelRequest.ChannelAction.class),
          Map.entry("channel.unarchive", ChannelRequest.ChannelAction.class),
          Map.entry("channel.delete", ChannelRequest.ChannelAction.class),
          Map.entry("channel.rename", ChannelRequest.ChannelRename.class),
          Map.entry("hook.create", HookRequest.HookCreate.class),
          Map.entry("hook.list", HookRequest.HookList.class),
          Map.entry("hook.revoke", HookRequest.HookRevoke.class),
          Map.entry("bot.create", BotRequest.BotCreate.class),
          Map.entry("bot.list", BotRequest.BotList.class),
          Map.entry("bot.remove", BotRequest.BotRemove.class),
          Map.entry("bot.token.create", BotRequest.BotTokenCreate.class),
          Map.entry("bot.token.list", BotRequest.BotTokenList.class),
          Map.entry("bot.token.revoke", BotRequest.BotTokenRevoke.class),
          Map.entry("subscription.create", SubscriptionRequest.SubscriptionCreate.class),
          Map.entry("subscription.list", SubscriptionRequest.SubscriptionList.class),
          Map.entry("subscription.remove", SubscriptionRequest.SubscriptionRemove.class),
          Map.entry("subscription.enable", SubscriptionRequest.SubscriptionEnable.class));

  private final ObjectMapper mapper = strictMapper();
  private final Limits limits;

  public WireCodec(Limits limits) {
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  /** The names of the request ops this version decodes. */
  public static Set<String> ops() {
    return OPS.keySet();
  }

  /**
   * Unknown fields are ignored (the contract grows by adding fields), but a field of the wrong JSON
   * type is an error: no {@code "5"} for 5, no 5.9 for 5, no 123 for a text, no {@code ""} for absent.
   */
  private static ObjectMapper strictMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      for (CoercionInputShape shape : CoercionInputShape.values()) {
        mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
      }
    }
    return mapper;
  }

  /** Parses and validates one client frame. */
  public ClientFrame decodeRequest(String text) {
    JsonNode root = parse(text, null);
    if (!root.isObject()) {
      throw new FrameException(null, ErrorCode.BAD_REQUEST, "a frame must be a JSON object");
    }
    String ref = ref(root.get("ref"));
    JsonNode opNode = root.get("op");
    if (opNode == null || !opNode.isTextual()) {
      throw new FrameException(ref, ErrorCode.BAD_REQUEST, "missing field 'op'");
    }
    Class<? extends Request> type = OPS.get(opNode.asText());
    if (type == null) {
      throw new FrameException(ref, ErrorCode.BAD_REQUEST, "unknown op '" + clip(opNode.asText()) + "'");
    }
    try {
      Request request = bind(root, type).validate(limits);
      return new ClientFrame(ref, request);
    } catch (ProtocolException e) {
      throw new FrameException(ref, opNode.asText(), e.code(), e.getMessage());
    }
  }

  /**
   * The request's correlation id: a JSON string within the id length limit (64 characters by
   * default), or null when the member is absent or {@code null}. Any other JSON value (a number,
   * an object, an array, a boolean) is refused, not converted: a reply would carry a string where
   * the client sent a number, and not always the client's digits ({@code 1.50} reads as 1.5,
   * {@code 1e400} as Infinity), so the client could not match it. The refusal, like that of a
   * too-long ref, carries no ref.
   */
  private String ref(JsonNode refNode) {
    if (refNode == null || refNode.isNull()) {
      return null;
    }
    if (!refNode.isTextual()) {
      throw new FrameException(
          null, ErrorCode.BAD_REQUEST, "field 'ref' must be a string, not " + jsonType(refNode));
    }
    String ref = refNode.textValue();
    try {
      limits.optionalRef(ref);
    } catch (ProtocolException e) {
      throw new FrameException(null, e.code(), e.getMessage());
    }
    return ref;
  }

  private static String jsonType(JsonNode node) {
    return switch (node.getNodeType()) {
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** Binds a JSON body (HTTP) to a record, mapping every failure to {@code bad_request}. */
  public <T> T readBody(String text, Class<T> type) {
    JsonNode root;
    try {
      root = parse(text, null);
    } catch (FrameException e) {
      throw new ProtocolException(e.code(), e.getMessage());
    }
    if (!root.isObject()) {
      throw ProtocolException.badRequest("the body must be a JSON object");
    }
    return bind(root, type);
  }

  private <T> T bind(JsonNode node, Class<T> type) {
    requireUnicode(node);
    try {
      return mapper.treeToValue(node, type);
    } catch (MismatchedInputException e) {
      String field = e.getPath().isEmpty() ? "?" : e.getPath().get(0).getFieldName();
      throw ProtocolException.badRequest("field '" + field + "' has the wrong type");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw ProtocolException.badRequest("the request does not fit its op");
    }
  }

  /**
   * A JSON string may escape half of a surrogate pair on its own (U+D800 alone); such a string is
   * not Unicode text, cannot be stored (the journal's CBOR encoding refuses it) and is refused
   * here, in any field.
   */
  private static void requireUnicode(JsonNode root) {
    Deque<JsonNode> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      List<String> texts = new ArrayList<>();
      if (node.isTextual()) {
        texts.add(node.textValue());
      }
      node.properties().forEach(field -> texts.add(field.getKey()));
      node.forEach(pending::push);
      if (!texts.stream().allMatch(StandardCharsets.UTF_8.newEncoder()::canEncode)) {
        throw ProtocolException.badRequest("text must be Unicode: an unpaired surrogate escape is not");
      }
    }
  }

  private JsonNode parse(String text, String ref) {
    try {
      JsonNode node = mapper.readTree(text);
      if (node == null) {
        throw new FrameException(ref, ErrorCode.BAD_REQUEST, "empty frame");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new FrameException(ref, ErrorCode.BAD_REQUEST, "malformed JSON");
    }
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  public String encode(Object frame) {
    try {
      return mapper.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + frame.getClass().getSimpleName(), e);
    }
  }

  /** The JSON text of a request frame, as a client sends it. */
  public String encodeRequest(String ref, Request request) {
    ObjectNode node = mapper.valueToTree(request);
    ObjectNode frame = mapper.createObjectNode();
    frame.put("op", request.op());
    if (ref != null) {
      frame.put("ref", ref);
    }
    node.properties().forEach(e -> {
      if (!e.getValue().isNull()) {
        frame.set(e.getKey(), e.getValue());
      }
    });
    return frame.toString();
  }

  /** Parses a server frame, as a client receives it. */
  public IncomingFrame decodeServerFrame(String text) {
    JsonNode root = parse(text, null);
    return new IncomingFrame(
        root.path("op").asText(),
        root.hasNonNull("ref") ? root.get("ref").asText() : null,
        root.path("code").asText(null),
        root.path("message").asText(null),
        root.path("type").asText(null),
        root.path("data"));
  }

  public <T> T convert(JsonNode data, Class<T> type) {
    try {
      return mapper.treeToValue(data, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unexpected " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  /** The data of a channel event by its wire type, or null for a type this version lacks. */
  public ChannelEventData channelEvent(String type, JsonNode data) {
    Class<? extends ChannelEventData> cls = ChannelEventData.classOf(type);
    return cls == null ? null : convert(data, cls);
  }

  /** A server frame as a client sees it: {@code data} stays JSON until the client asks for a type. */
  public record IncomingFrame(String op, String ref, String code, String message, String type, JsonNode data) {
    public boolean isOk() {
      return "ok".equals(op);
    }

    public boolean isError() {
      return "error".equals(op);
    }

    public boolean isEvent() {
      return "event".equals(op);
    }
  }
}
