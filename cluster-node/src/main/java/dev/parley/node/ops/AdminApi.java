package dev.parley.node.ops;

import dev.parley.protocol.ErrorBody;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.WireCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' write endpoints under {@code /v1/admin}: drain this node, make a member leave, down
 * a member. They need {@code Authorization: Bearer <PARLEY_ADMIN_TOKEN>} and are closed when no
 * token is configured; chat users' tokens never open them.
 */
public final class AdminApi extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

  /** Why this node shut down: an operator asked it to drain. */
  private static final class DrainRequested implements CoordinatedShutdown.Reason {}

  private record AddressBody(String address) {}

  private final ActorSystem<?> system;
  private final WireCodec codec;
  private final byte[] token;
  private final Duration drainDelay;

  public AdminApi(ActorSystem<?> system, WireCodec codec, String adminToken, Duration drainDelay) {
    this.system = system;
    this.drainDelay = drainDelay;
    this.codec = codec;
    this.token = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  public Route route() {
    return pathPrefix(
        "admin",
        () ->
            post(
                () ->
                    authorized(
                        () ->
                            concat(
                                path("drain", () -> complete(drain())),
                                path("leave", () -> withAddress(address -> {
                                  Cluster.get(system).manager().tell(new Leave(address));
                                  log.info("Operator asked member {} to leave", address);
                                  return json(StatusCodes.ACCEPTED, Map.of("leaving", address.toString()));
                                })),
                                path("down", () -> withAddress(address -> {
                                  Cluster.get(system).manager().tell(new Down(address));
                                  log.info("Operator downed member {}", address);
                                  return json(StatusCodes.ACCEPTED, Map.of("downed", address.toString()));
                                }))))));
  }

  /** The shutdown starts a moment later, so that the 202 reaches the operator before the port closes. */
  private HttpResponse drain() {
    log.info("Operator asked this node to drain");
    system
        .scheduler()
        .scheduleOnce(
            drainDelay,
            () -> CoordinatedShutdown.get(system.classicSystem()).run(new DrainRequested()),
            system.executionContext());
    return json(StatusCodes.ACCEPTED, Map.of("draining", true));
  }

  private interface AddressAction {
    HttpResponse run(Address address);
  }

  /** The member named in the body ({@code {"address":"pekko://parley@host:port"}}), or this node. */
  private Route withAddress(AddressAction action) {
    return entity(
        Unmarshaller.entityToString(),
        body -> {
          Address address;
          try {
            String given = body.isBlank() ? null : codec.readBody(body, AddressBody.class).address();
            address = given == null ? Cluster.get(system).selfMember().address() : AddressFromURIString.parse(given);
          } catch (RuntimeException e) {
            return complete(error(StatusCodes.BAD_REQUEST, ErrorCode.BAD_REQUEST, "address must look like pekko://parley@host:port"));
          }
          return complete(action.run(address));
        });
  }

  private Route authorized(Supplier<Route> inner) {
    if (token.length == 0) {
      return complete(error(StatusCodes.FORBIDDEN, ErrorCode.FORBIDDEN, "admin endpoints are closed: PARLEY_ADMIN_TOKEN is not set"));
    }
    return optionalHeaderValueByType(
        Authorization.class,
        header -> {
          Optional<byte[]> given =
              header
                  .map(h -> h.value())
                  .filter(v -> v.startsWith("Bearer "))
                  .map(v -> v.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8));
          if (given.isPresent() && MessageDigest.isEqual(given.get(), token)) {
            return inner.get();
          }
          log.warn("Operator endpoint refused: {} operator token", given.isPresent() ? "a wrong" : "no");
          return complete(error(StatusCodes.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "operator token required"));
        });
  }

  private HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, codec.encode(body));
  }

  private HttpResponse error(StatusCode status, ErrorCode code, String message) {
    return json(status, new ErrorBody(code, message));
  }
}
