package dev.parley.node.http;

import dev.parley.node.notify.Preferences;
import dev.parley.node.notify.UnsubscribeLinks;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/notify/unsubscribe?token=...}: the link in every notification email. A token
 * signed for a user ({@link UnsubscribeLinks}) sets that user's default notification level to
 * {@code nothing}, with no login (the link is opened from a mailbox); 200 with a line saying so,
 * also when it was already so. Any other token: 404, changing nothing.
 */
final class NotifyRoutes extends AllDirectives {
  private static final String DONE =
      "You will get no more notification emails from Parley. Choose what notifies you in Parley's settings.\n";

  private final UnsubscribeLinks links;
  private final Preferences preferences;
  private final JsonResponses responses;

  NotifyRoutes(UnsubscribeLinks links, Preferences preferences, JsonResponses responses) {
    this.links = links;
    this.preferences = preferences;
    this.responses = responses;
  }

  Route route() {
    return pathPrefix(
        "notify",
        () -> path("unsubscribe", () -> get(() -> parameterOptional("token", token -> unsubscribe(token)))));
  }

  private Route unsubscribe(Optional<String> token) {
    Optional<String> userId = token.flatMap(links::verify);
    if (userId.isEmpty()) {
      return complete(responses.failure(new ProtocolException(ErrorCode.NOT_FOUND, "this unsubscribe link is not valid")));
    }
    return completeWithFuture(
        preferences
            .unsubscribe(userId.get())
            .thenApply(
                done ->
                    HttpResponse.create()
                        .withStatus(StatusCodes.OK)
                        .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, DONE)))
            .exceptionally(
                failure ->
                    responses.failure(new ProtocolException(ErrorCode.UNAVAILABLE, "the database could not be reached; try again"))));
  }
}
