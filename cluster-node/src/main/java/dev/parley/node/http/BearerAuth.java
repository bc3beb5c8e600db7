package dev.parley.node.http;

import dev.parley.node.Rejections;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.BotAuthenticator;
import dev.parley.node.auth.TokenService;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code Authorization: Bearer <accessToken>} for every authenticated HTTP endpoint: the inner
 * route runs for the verified user; anything else is 401 {@code unauthorized} with a challenge.
 * Where bots are served ({@code POST /v1/api/<op>}), a bot's token ({@code pbt_...}) is checked
 * by the {@link BotAuthenticator} instead; elsewhere it is refused like any token that is no JWT.
 */
public final class BearerAuth extends AllDirectives {
  private static final String REALM = "parley";

  private final TokenService tokens;
  private final BotAuthenticator bots;
  private final JsonResponses responses;

  /** Access tokens only. */
  public BearerAuth(TokenService tokens, JsonResponses responses) {
    this(tokens, null, responses);
  }

  /** Access tokens, and bot tokens checked by {@code bots}. */
  public BearerAuth(TokenService tokens, BotAuthenticator bots, JsonResponses responses) {
    this.tokens = tokens;
    this.bots = bots;
    this.responses = responses;
  }

  public Route authenticated(Function<AuthenticatedUser, Route> inner) {
    return optionalHeaderValueByType(
        Authorization.class,
        header -> {
          Optional<String> token =
              header
                  .map(Authorization::credentials)
                  .filter(credentials -> "bearer".equalsIgnoreCase(credentials.scheme()))
                  .map(HttpCredentials::token);
          if (token.isEmpty()) {
            return complete(unauthorized("send Authorization: Bearer <accessToken>"));
          }
          if (bots != null && bots.handles(token.get())) {
            return onComplete(
                () -> bots.verify(token.get()),
                verified ->
                    verified.isSuccess()
                        ? inner.apply(verified.get().user())
                        : refused(verified.failed().get()));
          }
          AuthenticatedUser user;
          try {
            user = tokens.verifyAccess(token.get());
          } catch (ProtocolException e) {
            return complete(unauthorized(e.getMessage()));
          }
          return inner.apply(user);
        });
  }

  /** A token that is no live bot's is 401; a store that could not answer, what its failure maps to. */
  private Route refused(Throwable failure) {
    ProtocolException error = Rejections.toProtocol(failure);
    return complete(error.code() == ErrorCode.UNAUTHORIZED ? unauthorized(error.getMessage()) : responses.failure(failure));
  }

  private HttpResponse unauthorized(String message) {
    return responses
        .error(new ProtocolException(ErrorCode.UNAUTHORIZED, message))
        .addHeader(WWWAuthenticate.create(HttpChallenge.createOAuth2(REALM)));
  }
}
