package dev.parley.protocol;

import java.util.Map;

/**
 * The client-to-server operations of the WebSocket contract, one record per {@code op}. The
 * envelope fields ({@code op}, {@code ref}) live in {@link ClientFrame}. {@link #validate} checks
 * the fields against the limits and returns the normalized request.
 */
public sealed interface Request
    permits Request.Auth, Request.Ping, WorkspaceRequest, ChannelRequest, MessageRequest, LiveRequest, AccountRequest,
        HookRequest,
        SubscriptionRequest,
        NotifyRequest,
        BotRequest {

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
}
