package dev.parley.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The client-to-server operations of the WebSocket contract, one record per {@code op}. The
 * envelope fields ({@code op}, {@code ref}) live in {@link ClientFrame}. {@link #validate} checks
 * the fields against the limits and returns the normalized request.
 */
public sealed interface Request {

  /** The wire name of this operation. */
  String op();

  Request validate(Limits limits);

  record Auth(String token, Map<String, Long> resume) implements Request {
    public String op() {
      return "auth";
    }

    public Auth validate(Limits limits) {
      Limits.required("token", token);
      if (token.length() > 8 * 1024) {
        throw ProtocolException.badRequest("field 'token' is too long");
      }
      return new Auth(token, limits.resume(resume));
    }

    @Override
    public String toString() {
      return "Auth[token=<redacted>, resume=" + resume + "]";
    }
  }

  record Ping() implements Request {
    public String op() {
      return "ping";
    }

    public Ping validate(Limits limits) {
      return this;
    }
  }

  record WorkspaceCreate(String name) implements Request {
    public String op() {
      return "workspace.create";
    }

    public WorkspaceCreate validate(Limits limits) {
      return new WorkspaceCreate(limits.workspaceName(name));
    }
  }

  record WorkspaceInvite(String workspaceId) implements Request {
    public String op() {
      return "workspace.invite";
    }

    public WorkspaceInvite validate(Limits limits) {
      return new WorkspaceInvite(limits.id("workspaceId", workspaceId));
    }
  }

  record WorkspaceJoin(String code) implements Request {
    public String op() {
      return "workspace.join";
    }

    public WorkspaceJoin validate(Limits limits) {
      Limits.required("code", code);
      if (code.isEmpty() || code.length() > 2 * limits.maxIdChars()) {
        throw ProtocolException.badRequest("field 'code' is not an invite code");
      }
      return this;
    }
  }

  record WorkspaceMembers(String workspaceId) implements Request {
    public String op() {
      return "workspace.members";
    }

    public WorkspaceMembers validate(Limits limits) {
      return new WorkspaceMembers(limits.id("workspaceId", workspaceId));
    }
  }

  record WorkspaceChannels(String workspaceId) implements Request {
    public String op() {
      return "workspace.channels";
    }

    public WorkspaceChannels validate(Limits limits) {
      return new WorkspaceChannels(limits.id("workspaceId", workspaceId));
    }
  }

  record ChannelCreate(
      String workspaceId, String name, @JsonProperty("private") Boolean isPrivate, String topic)
      implements Request {
    public String op() {
      return "channel.create";
    }

    public ChannelCreate validate(Limits limits) {
      return new ChannelCreate(
          limits.id("workspaceId", workspaceId),
          limits.channelName(name),
          Boolean.TRUE.equals(isPrivate),
          limits.topic(topic));
    }
  }

  record ChannelJoin(String channelId) implements Request {
    public String op() {
      return "channel.join";
    }

    public ChannelJoin validate(Limits limits) {
      return new ChannelJoin(limits.id("channelId", channelId));
    }
  }

  record ChannelLeave(String channelId) implements Request {
    public String op() {
      return "channel.leave";
    }

    public ChannelLeave validate(Limits limits) {
      return new ChannelLeave(limits.id("channelId", channelId));
    }
  }

  record MessagePost(String channelId, String clientMsgId, String text, Long threadSeq)
      implements Request {
    public String op() {
      return "message.post";
    }

    public MessagePost validate(Limits limits) {
      Limits.optionalSeq("threadSeq", threadSeq);
      if (threadSeq != null && threadSeq < 1) {
        throw ProtocolException.badRequest("field 'threadSeq' must be a message seq (>= 1)");
      }
      return new MessagePost(
          limits.id("channelId", channelId),
          limits.id("clientMsgId", clientMsgId),
          limits.messageText(text),
          threadSeq);
    }
  }

  record History(String channelId, Long before, Long after, Integer limit) implements Request {
    public String op() {
      return "history";
    }

    public History validate(Limits limits) {
      if (before != null && after != null) {
        throw ProtocolException.badRequest("give 'before' or 'after', not both");
      }
      Limits.optionalSeq("before", before);
      Limits.optionalSeq("after", after);
      return new History(limits.id("channelId", channelId), before, after, limits.historyLimit(limit));
    }
  }
}
