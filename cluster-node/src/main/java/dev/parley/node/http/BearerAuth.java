package dev.parley.node.http;

import dev.parley.node.auth.AuthenticatedUser;
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
 */
public final class BearerAuth extends AllDirectives {
  private static final String REALM = "parley";

  private final TokenService tokens;
  private final JsonResponses responses;

  public BearerAuth(TokenService tokens, JsonResponses responses) {
    this.tokens = tokens;
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
          AuthenticatedUser user;
          try {
            user = tokens.verifyAccess(token.get());
          } catch (ProtocolException e) {
            return complete(unauthorized(e.getMessage()));
          }
          return inner.apply(user);
        });
  }

  private HttpResponse unauthorized(String message) {
    return responses
        .error(new ProtocolException(ErrorCode.UNAUTHORIZED, message))
        .addHeader(WWWAuthenticate.create(HttpChallenge.createOAuth2(REALM)));
  }
}
