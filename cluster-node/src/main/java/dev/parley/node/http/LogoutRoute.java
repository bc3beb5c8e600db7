package dev.parley.node.http;

import dev.parley.node.auth.AuthService;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.WireCodec;
import dev.parley.protocol.auth.AuthBodies;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * {@code POST /v1/auth/logout}: {@code {"refreshToken"}} ends the login that token came from;
 * {@code {"all": true}} with a bearer access token ends every login of its user. 204 either way,
 * also when there was nothing left to end, so a client may send it again.
 */
final class LogoutRoute extends AllDirectives {
  private final AuthService auth;
  private final WireCodec codec;
  private final JsonResponses responses;
  private final BearerAuth bearer;

  LogoutRoute(AuthService auth, WireCodec codec, JsonResponses responses) {
    this.auth = auth;
    this.codec = codec;
    this.responses = responses;
    this.bearer = new BearerAuth(auth.tokens(), responses);
  }

  Route route() {
    return path(
        "logout",
        () ->
            withSizeLimit(
                responses.maxBodyBytes(),
                () -> entity(Unmarshaller.entityToString(), this::logout)));
  }

  private Route logout(String text) {
    AuthBodies.Logout body;
    try {
      body = codec.readBody(text, AuthBodies.Logout.class);
      if (body.everywhere() && body.refreshToken() != null) {
        throw ProtocolException.badRequest("send either 'refreshToken' or 'all', not both");
      }
      if (body.everywhere()) {
        return bearer.authenticated(user -> done(auth.logoutEverywhere(user)));
      }
      return done(auth.logout(Limits.required("refreshToken", body.refreshToken())));
    } catch (RuntimeException e) {
      return complete(responses.failure(e));
    }
  }

  private Route done(CompletionStage<Void> logout) {
    return completeWithFuture(
        logout.thenApply(nothing -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT)).exceptionally(responses::failure));
  }
}
