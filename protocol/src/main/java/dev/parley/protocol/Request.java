package dev.parley.protocol;

import java.util.List;
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

  /**
   * {@code features}: the optional parts of the contract this client speaks ({@link Features}); the
   * server answers with those it grants, and ignores names it does not know.
   */
  record Auth(String token, Map<String, Long> resume, List<String> features) implements Request {
    public Auth(String token, Map<String, Long> resume) {
      this(token, resume, null);
    }

    public String op() {
      return "auth";
    }

    public Auth validate(Limits limits) {
      Limits.required("token", token);
      if (token.length() > 8 * 1024) {
        throw ProtocolException.badRequest("field 'token' is too long");
      }
      return new Auth(token, limits.resume(resume), Features.requested(features));
    }

    @Override
    public String toString() {
      return "Auth[token=<redacted>, resume=" + resume + ", features=" + features + "]";
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
