package dev.parley.node.management;

import dev.parley.node.auth.AttemptThrottle;
import dev.parley.node.auth.SecurityLog;
import dev.parley.node.http.JsonResponses;
import dev.parley.node.net.ClientAddress;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.WireCodec;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' write endpoints, {@code /v1/admin/drain|leave|down|backup} on the management port
 * ({@link AdminRoutes}): drain this node, make a member leave, down a member, back up the embedded
 * database ({@link OnlineBackup}). They need
 * {@code Authorization: Bearer <PARLEY_ADMIN_TOKEN>} and are closed when no token is configured;
 * chat users' tokens never open them. Wrong or missing tokens are counted per TCP peer and refused
 * with 429 beyond the budget, each refusal one line of the security log.
 */
public final class AdminApi extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final String BEARER = "Bearer ";

  /** Why this node shut down: an operator asked it to drain. */
  private static final class DrainRequested implements CoordinatedShutdown.Reason {}

  private record AddressBody(String address) {}

  private final ActorSystem<?> system;
  private final WireCodec codec;
  private final JsonResponses responses;
  private final byte[] token;
  private final Duration drainDelay;
  private final AttemptThrottle failures;
  private final OnlineBackup backup;
  private final Executor blocking;

  /** {@code failures}: wrong or missing tokens per client address. */
  public AdminApi(
      ActorSystem<?> system,
      WireCodec codec,
      String adminToken,
      Duration drainDelay,
      AttemptThrottle failures,
      OnlineBackup backup) {
    this.system = system;
    this.backup = backup;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("parley.blocking-dispatcher"));
    this.codec = codec;
    this.responses = new JsonResponses(codec);
    this.token = adminToken.getBytes(StandardCharsets.UTF_8);
    this.drainDelay = drainDelay;
    this.failures = failures;
  }

  public Route route() {
    return pathPrefix(
        "v1",
        () ->
            pathPrefix(
                "admin",
                () ->
                    post(
                        () ->
                            concat(
                                path("drain", () -> authorized("drain", operator -> complete(drain(operator)))),
                                path("leave", () -> authorized("leave", operator -> withAddress(address -> {
                                  Cluster.get(system).manager().tell(new Leave(address));
                                  log.info("Operator at {} asked member {} to leave", operator.getHostAddress(), address);
                                  return responses.json(StatusCodes.ACCEPTED, Map.of("leaving", address.toString()));
                                }))),
                                path("down", () -> authorized("down", operator -> withAddress(address -> {
                                  Cluster.get(system).manager().tell(new Down(address));
                                  log.info("Operator at {} downed member {}", operator.getHostAddress(), address);
                                  return responses.json(StatusCodes.ACCEPTED, Map.of("downed", address.toString()));
                                }))),
                                path("backup", () -> authorized("backup", operator -> completeWithFuture(backup(operator))))))));
  }

  private CompletionStage<HttpResponse> backup(InetAddress operator) {
    if (!backup.supported()) {
      return CompletableFuture.completedFuture(
          refusal(
              ErrorCode.CONFLICT,
              "this node's database is PostgreSQL: back it up with pg_dump (docs/operations.md#backup-and-restore)"));
    }
    log.info("Operator at {} asked for a backup", operator.getHostAddress());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            OnlineBackup.Taken taken = backup.take();
            log.info("Backup {} written ({} bytes)", taken.file(), taken.bytes());
            return responses.json(StatusCodes.OK, Map.of("file", taken.file(), "bytes", taken.bytes()));
          } catch (Exception e) {
            log.warn("Backup failed", e);
            return refusal(ErrorCode.INTERNAL, "backup failed: " + e.getMessage());
          }
        },
        blocking);
  }

  /** The shutdown starts a moment later, so that the 202 reaches the operator before the port closes. */
  private HttpResponse drain(InetAddress operator) {
    log.info("Operator at {} asked this node to drain", operator.getHostAddress());
    system
        .scheduler()
        .scheduleOnce(
            drainDelay,
            () -> CoordinatedShutdown.get(system.classicSystem()).run(new DrainRequested()),
            system.executionContext());
    return responses.json(StatusCodes.ACCEPTED, Map.of("draining", true));
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
            return complete(refusal(ErrorCode.BAD_REQUEST, "address must look like pekko://parley@host:port"));
          }
          return complete(action.run(address));
        });
  }

  private interface OperatorRoute {
    Route run(InetAddress operator);
  }

  /**
   * The budget is checked before the token is: a guesser over it learns nothing, whatever it sends.
   * The right token gives its attempt back, so only wrong and missing ones count.
   */
  private Route authorized(String action, OperatorRoute inner) {
    return extractRequest(
        request -> {
          InetAddress peer = ClientAddress.peer(request);
          if (token.length == 0) {
            SecurityLog.refusedOperator(action, peer, "the operator endpoints are closed (PARLEY_ADMIN_TOKEN is not set)");
            return complete(refusal(ErrorCode.FORBIDDEN, "admin endpoints are closed: PARLEY_ADMIN_TOKEN is not set"));
          }
          String key = ClientAddress.throttleKey(peer);
          long retryAfter = failures.attempt(key);
          if (retryAfter > 0) {
            SecurityLog.refusedOperator(action, peer, "too many failed attempts, retry in " + retryAfter + " s");
            return complete(responses.rateLimited("too many failed attempts; retry later", retryAfter));
          }
          Optional<byte[]> given = bearer(request);
          if (given.isPresent() && MessageDigest.isEqual(given.get(), token)) {
            failures.giveBack(key);
            return inner.run(peer);
          }
          SecurityLog.refusedOperator(action, peer, given.isPresent() ? "a wrong operator token" : "no operator token");
          return complete(refusal(ErrorCode.UNAUTHORIZED, "operator token required"));
        });
  }

  private static Optional<byte[]> bearer(HttpRequest request) {
    return request
        .getHeader(Authorization.class)
        .map(Authorization::value)
        .filter(value -> value.startsWith(BEARER))
        .map(value -> value.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse refusal(ErrorCode code, String message) {
    return responses.error(new ProtocolException(code, message));
  }
}
