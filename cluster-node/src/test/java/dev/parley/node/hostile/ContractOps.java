package dev.parley.node.hostile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request fields of every op in the wire contract (docs/protocol.md, "Requests and replies"), with the kind of
 * value each takes, so the fuzzer can start from a request that means something and then break it.
 */
final class ContractOps {

  /** What a field holds, which decides its valid values. */
  enum Kind {
    WORKSPACE_ID, CHANNEL_ID, USER_ID, USER_IDS, WORKSPACE_NAME, CHANNEL_NAME, TOPIC, TEXT, CLIENT_MSG_ID,
    SEQ, LIMIT, FLAG, INVITE_CODE, ROLE, STATUS, EMOJI, CALL_ID, CALL_KIND, PAYLOAD, TOKEN, RESUME
  }

  /** One field of a request; an optional one is often left out of a valid request. */
  record Field(String name, Kind kind, boolean optional) {}

  private static final Map<String, List<Field>> FIELDS = new LinkedHashMap<>();

  static {
    op("auth", req("token", Kind.TOKEN), opt("resume", Kind.RESUME));
    op("ping");
    op("workspace.create", req("name", Kind.WORKSPACE_NAME));
    op("workspace.invite", req("workspaceId", Kind.WORKSPACE_ID));
    op("workspace.join", req("code", Kind.INVITE_CODE));
    op("workspace.members", req("workspaceId", Kind.WORKSPACE_ID));
    op("workspace.role", req("workspaceId", Kind.WORKSPACE_ID), req("userId", Kind.USER_ID), req("role", Kind.ROLE));
    op("workspace.channels", req("workspaceId", Kind.WORKSPACE_ID));
    op("channel.create", req("workspaceId", Kind.WORKSPACE_ID), req("name", Kind.CHANNEL_NAME), opt("private", Kind.FLAG), opt("topic", Kind.TOPIC));
    op("channel.join", req("channelId", Kind.CHANNEL_ID));
    op("channel.leave", req("channelId", Kind.CHANNEL_ID));
    op("channel.add", req("channelId", Kind.CHANNEL_ID), req("userId", Kind.USER_ID));
    op("channel.topic", req("channelId", Kind.CHANNEL_ID), req("topic", Kind.TOPIC));
    op("dm.open", req("workspaceId", Kind.WORKSPACE_ID), req("userIds", Kind.USER_IDS));
    op("message.post", req("channelId", Kind.CHANNEL_ID), req("clientMsgId", Kind.CLIENT_MSG_ID), req("text", Kind.TEXT), opt("threadSeq", Kind.SEQ));
    op("message.edit", req("channelId", Kind.CHANNEL_ID), req("seq", Kind.SEQ), req("text", Kind.TEXT));
    op("message.delete", req("channelId", Kind.CHANNEL_ID), req("seq", Kind.SEQ));
    op("reaction.add", req("channelId", Kind.CHANNEL_ID), req("seq", Kind.SEQ), req("emoji", Kind.EMOJI));
    op("reaction.remove", req("channelId", Kind.CHANNEL_ID), req("seq", Kind.SEQ), req("emoji", Kind.EMOJI));
    op("history", req("channelId", Kind.CHANNEL_ID), opt("before", Kind.SEQ), opt("after", Kind.SEQ), opt("limit", Kind.LIMIT));
    op("thread", req("channelId", Kind.CHANNEL_ID), req("seq", Kind.SEQ), opt("after", Kind.SEQ), opt("limit", Kind.LIMIT));
    op("typing", req("channelId", Kind.CHANNEL_ID));
    op("read", req("channelId", Kind.CHANNEL_ID), req("seq", Kind.SEQ));
    op("presence.set", req("status", Kind.STATUS));
    op("call.signal", req("toUserId", Kind.USER_ID), req("callId", Kind.CALL_ID), req("kind", Kind.CALL_KIND), req("payload", Kind.PAYLOAD));
  }

  private ContractOps() {}

  private static void op(String name, Field... fields) {
    FIELDS.put(name, List.of(fields));
  }

  private static Field req(String name, Kind kind) {
    return new Field(name, kind, false);
  }

  private static Field opt(String name, Kind kind) {
    return new Field(name, kind, true);
  }

  /** The contract's ops; a server version may decode fewer (then they are unknown ops to it). */
  static Set<String> names() {
    return FIELDS.keySet();
  }

  /** The fields of an op; none for an op the contract does not list. */
  static List<Field> fieldsOf(String op) {
    return FIELDS.getOrDefault(op, List.of());
  }

  /** Every field name of the contract, for fields put where they do not belong. */
  static Set<String> allFieldNames() {
    Set<String> names = new TreeSet<>();
    FIELDS.values().forEach(fields -> fields.forEach(f -> names.add(f.name())));
    return names;
  }

  /** A field of each kind, for an op whose fields the contract does not list. */
  static List<Field> oneOfEachKind() {
    Map<Kind, Field> byKind = new LinkedHashMap<>();
    FIELDS.values().forEach(fields -> fields.forEach(f -> byKind.putIfAbsent(f.kind(), new Field(f.name(), f.kind(), true))));
    return List.copyOf(byKind.values());
  }
}
