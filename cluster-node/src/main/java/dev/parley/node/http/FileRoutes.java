package dev.parley.node.http;

import dev.parley.node.auth.AttemptThrottle;
import dev.parley.node.auth.AuthenticatedUser;
import dev.parley.node.auth.TokenService;
import dev.parley.node.files.FileInfo;
import dev.parley.node.files.FileLinks;
import dev.parley.node.files.FileService;
import dev.parley.node.files.FileSettings;
import dev.parley.node.files.TypeSniffer;
import dev.parley.node.telemetry.AuthFailure;
import dev.parley.node.telemetry.RateLimitScope;
import dev.parley.node.telemetry.RequestCounter;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Views;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;

/**
 * {@code /v1/files}: uploads ({@code POST ?channelId=&name=}, the raw bytes as the body), downloads
 * ({@code GET /<id>} and {@code /<id>/thumbnail}, with a bearer token or a signed link's
 * parameters), signed links ({@code GET /<id>/link}) and the uploader's removal of a file never
 * posted ({@code DELETE /<id>}). Bytes are served as downloads (images
 * shown in place) under a policy that lets a browser run nothing from them: a file that is a page
 * or a script is inert even when opened directly.
 */
public final class FileRoutes extends AllDirectives {
  private static final CountedEndpoint UPLOAD =
      new CountedEndpoint(RequestCounter.of("files.upload"), AuthFailure.ACCESS_TOKEN, RateLimitScope.UPLOAD);
  private static final CountedEndpoint DOWNLOAD =
      new CountedEndpoint(RequestCounter.of("files.download"), AuthFailure.ACCESS_TOKEN, null);
  private static final CountedEndpoint DISCARD =
      new CountedEndpoint(RequestCounter.of("files.discard"), AuthFailure.ACCESS_TOKEN, null);
  private static final CountedEndpoint LINK =
      new CountedEndpoint(RequestCounter.of("files.link"), AuthFailure.ACCESS_TOKEN, null);
  /** Nothing in a served file may run, load anything or be framed by another page. */
  static final String FILE_POLICY = "sandbox; default-src 'none'";
  private static final String THUMBNAIL_TYPE = "image/png";
  /**
   * Bytes read from the store per stream element: with the default 8 KiB a 25 MiB download is 3,200
   * elements and took about twice as long (docs/benchmarks.md, "Files").
   */
  private static final int READ_CHUNK_BYTES = 64 * 1024;

  private final FileService files;
  private final JsonResponses responses;
  private final BearerAuth bearer;
  /** Uploads per user: each one may cost a thumbnail's decoding, so one user must not take the files dispatcher. */
  private final AttemptThrottle uploads;

  public FileRoutes(FileService files, TokenService tokens, JsonResponses responses, AttemptThrottle uploads) {
    this.files = files;
    this.responses = responses;
    this.bearer = new BearerAuth(tokens, responses);
    this.uploads = uploads;
  }

  /** Mounted under {@code /v1}. */
  Route route() {
    return pathPrefix(
        "files",
        () ->
            concat(
                pathEndOrSingleSlash(() -> post(() -> UPLOAD.route(() -> bearer.authenticated(this::upload)))),
                path(PathMatchers.segment().slash("thumbnail"), id -> get(() -> DOWNLOAD.route(() -> download(id, true)))),
                path(PathMatchers.segment().slash("link"), id -> get(() -> LINK.route(() -> bearer.authenticated(user -> link(user, id))))),
                path(
                    PathMatchers.segment(),
                    id ->
                        concat(
                            get(() -> DOWNLOAD.route(() -> download(id, false))),
                            delete(() -> DISCARD.route(() -> bearer.authenticated(user -> discard(user, id))))))));
  }

  private Route upload(AuthenticatedUser user) {
    long retryAfter = uploads.attempt(user.userId());
    if (retryAfter > 0) {
      return complete(responses.rateLimited("too many uploads; retry later", retryAfter));
    }
    return parameterOptional(
        "channelId",
        channelId ->
            parameterOptional(
                "name",
                name ->
                    withoutSizeLimit(
                        () ->
                            extractRequestEntity(
                                entity -> {
                                  OptionalLong length = entity.getContentLengthOption();
                                  CompletionStage<FileInfo> stored =
                                      channelId.isEmpty()
                                          ? CompletableFuture.failedFuture(ProtocolException.badRequest("give the channel: ?channelId=<id>"))
                                          : files.upload(
                                              user.userId(),
                                              channelId.get(),
                                              name.orElse(null),
                                              length.isPresent() ? Optional.of(length.getAsLong()) : Optional.empty(),
                                              entity.getDataBytes());
                                  return completeWithFuture(
                                      stored
                                          .thenApply(info -> responses.json(StatusCodes.CREATED, new Reply.FileUploaded(view(info))))
                                          .exceptionally(responses::failure));
                                }))));
  }

  /** With a signed link's parameters ({@code s}, {@code u}, {@code e}) or else a bearer token. */
  private Route download(String fileId, boolean thumbnail) {
    return parameterOptional(
        "s",
        signature -> {
          if (signature.isEmpty()) {
            return bearer.authenticated(user -> serve(user.userId(), fileId, thumbnail));
          }
          return parameterOptional(
              "u",
              userId ->
                  parameterOptional(
                      "e",
                      expires -> {
                        Optional<FileLinks.Grant> grant =
                            files.links().verify(fileId, userId.orElse(""), expires.orElse(""), signature.get());
                        if (grant.isEmpty()) {
                          return complete(
                              responses.error(new ProtocolException(ErrorCode.UNAUTHORIZED, "this link is not valid or has expired; ask for a new one")));
                        }
                        return serve(grant.get().userId(), fileId, thumbnail);
                      }));
        });
  }

  private Route serve(String userId, String fileId, boolean thumbnail) {
    return completeWithFuture(
        files.download(userId, fileId, thumbnail).thenApply(this::response).exceptionally(responses::failure));
  }

  private HttpResponse response(FileService.Download download) {
    FileInfo info = download.info();
    String type = download.thumbnail() ? THUMBNAIL_TYPE : info.contentType();
    Source<ByteString, ?> bytes =
        StreamConverters.fromInputStream(download::bytes, READ_CHUNK_BYTES)
            .withAttributes(ActorAttributes.dispatcher(FileSettings.DISPATCHER));
    ContentType contentType = contentType(type);
    ResponseEntity entity =
        download.length() != null ? HttpEntities.create(contentType, download.length(), bytes) : HttpEntities.create(contentType, bytes);
    boolean inline = download.thumbnail() || TypeSniffer.shownInline(type);
    List<HttpHeader> headers =
        List.of(
            ContentDisposition.create(
                inline ? ContentDispositionTypes.INLINE : ContentDispositionTypes.ATTACHMENT, Map.of("filename", info.name())),
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("Content-Security-Policy", FILE_POLICY),
            RawHeader.create("Cache-Control", "private"));
    return HttpResponse.create().withStatus(StatusCodes.OK).withEntity(entity).addHeaders(headers);
  }

  /** A type the HTTP layer cannot render (Tika knows odd ones) is served as plain bytes. */
  private static ContentType contentType(String type) {
    try {
      return ContentTypes.parse(type);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }

  private Route discard(AuthenticatedUser user, String fileId) {
    return completeWithFuture(
        files
            .discard(user.userId(), fileId)
            .thenApply(info -> HttpResponse.create().withStatus(StatusCodes.NO_CONTENT))
            .exceptionally(responses::failure));
  }

  private Route link(AuthenticatedUser user, String fileId) {
    return completeWithFuture(
        files
            .link(user.userId(), fileId)
            .thenApply(
                signed -> {
                  String query = "?" + signed.link().query();
                  String base = "/v1/files/" + signed.info().id();
                  return responses.json(
                      StatusCodes.OK,
                      new Reply.FileLink(base + query, signed.info().thumbnail() ? base + "/thumbnail" + query : null, signed.link().expiresAt()));
                })
            .exceptionally(responses::failure));
  }

  static Views.File view(FileInfo info) {
    return new Views.File(info.id(), info.name(), info.size(), info.contentType(), info.thumbnail() ? Boolean.TRUE : null);
  }
}
