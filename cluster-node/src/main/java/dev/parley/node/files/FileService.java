package dev.parley.node.files;

import dev.parley.node.EntityIds;
import dev.parley.node.Ids;
import dev.parley.node.Outcome;
import dev.parley.node.channel.Channel;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.session.UserSession;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files from upload to removal. An upload streams into a staged file on the files dispatcher (the
 * actor and HTTP threads never wait on a disk or S3), is measured, typed from its bytes and given a
 * thumbnail if it is an image, is reserved against its uploader's quota, and only then goes to the
 * store and is registered ({@link Attachment}). A post claims its files; a download is allowed to
 * the channel's members once the file is in a post, and to its uploader before.
 */
public final class FileService {
  private static final Logger log = LoggerFactory.getLogger(FileService.class);
  private static final String NO_SUCH_FILE = "no such file";

  /** Bytes to send and what they are; {@code length} is null when unknown (thumbnails). */
  public record Download(FileInfo info, boolean thumbnail, InputStream bytes, Long length) {}

  /** A link to a file and the file it leads to. */
  public record SignedLink(FileInfo info, FileLinks.Link link) {}

  /** What stored an upload needs to undo when a later step fails. */
  private record Staged(String fileId, Path file, Path thumbnail) {}

  private record Inspected(long size, String contentType, boolean thumbnail) {}

  private final ActorSystem<?> system;
  private final FileEntities entities;
  private final FileSettings settings;
  private final FileStore store;
  private final TypeSniffer sniffer = new TypeSniffer();
  private final Thumbnails thumbnails;
  private final FileLinks links;
  private final Executor blocking;
  private final Clock clock;

  public FileService(
      ActorSystem<?> system, FileSettings settings, FileStore store, FileLinks links, Duration askTimeout, Clock clock) {
    this.system = system;
    this.entities = new FileEntities(system, askTimeout);
    this.settings = settings;
    this.store = store;
    this.thumbnails = new Thumbnails(settings.thumbnailEdge(), settings.thumbnailMaxPixels());
    this.links = links;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(FileSettings.DISPATCHER));
    this.clock = clock;
    try {
      Files.createDirectories(settings.stagingDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the files' staging directory " + settings.stagingDir(), e);
    }
  }

  public FileSettings settings() {
    return settings;
  }

  /** Where the bytes are, for the node's start line. */
  public String describeStore() {
    return store.describe();
  }

  public FileLinks links() {
    return links;
  }

  /**
   * Stores {@code body} as a file named {@code name} for {@code channelId}, of which {@code userId}
   * must be a member. {@code declaredLength} (the request's Content-Length) lets a file that is too
   * large, or would not fit the quota, be refused before a byte of it is read.
   */
  public CompletionStage<FileInfo> upload(
      String userId, String channelId, String name, Optional<Long> declaredLength, Source<ByteString, ?> body) {
    String fileName;
    try {
      fileName = FileNames.clean(name);
      EntityIds.checked(channelId);
      declaredLength.ifPresent(this::requireWithinLimit);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Staged staged = new Staged(
        Ids.random('f'), settings.stagingDir().resolve(Ids.random('u')), settings.stagingDir().resolve(Ids.random('t')));
    CompletableFuture<FileInfo> stored =
        requireActive(userId)
            .thenCompose(active -> requireMember(userId, channelId))
            .thenCompose(member -> declaredLength.isPresent() ? requireRoom(userId, declaredLength.get()) : done())
            .thenCompose(room -> receive(body, staged.file()))
            .thenCompose(received -> CompletableFuture.supplyAsync(() -> inspect(staged), blocking))
            .thenCompose(inspected -> store(userId, channelId, fileName, staged, inspected))
            .toCompletableFuture();
    return stored.whenComplete((info, failure) -> discardStaged(staged));
  }

  private CompletionStage<FileInfo> store(String userId, String channelId, String name, Staged staged, Inspected inspected) {
    FileInfo info =
        new FileInfo(staged.fileId(), channelId, userId, name, inspected.size(), inspected.contentType(), inspected.thumbnail(), clock.millis());
    return entities.<FileQuota.Usage>quota(
            userId,
            replyTo -> new FileQuota.Reserve(info.id(), info.size(), settings.quotaBytes(), replyTo))
        .thenApply(FileService::overQuotaIsTooLarge)
        .thenCompose(
            usage ->
                CompletableFuture.runAsync(
                        () -> {
                          put(info.key(), staged.file());
                          if (info.thumbnail()) {
                            put(info.thumbnailKey(), staged.thumbnail());
                          }
                        },
                        blocking)
                    .thenCompose(put -> entities.<FileInfo>attachment(info.id(), replyTo -> new Attachment.Register(info, replyTo)))
                    .thenApply(FileEntities::valueOf)
                    .whenComplete(
                        (registered, failure) -> {
                          if (failure != null) {
                            log.warn("Upload of file {} by user {} failed after its quota was reserved: {}", info.id(), userId, failure.toString());
                            forget(info);
                          }
                        }));
  }

  /** Undoes what a failed upload stored: its bytes and its reservation (best effort, logged). */
  private void forget(FileInfo info) {
    CompletableFuture.runAsync(() -> deleteBytes(info), blocking)
        .thenCompose(deleted -> entities.<FileQuota.Usage>quota(info.uploaderId(), replyTo -> new FileQuota.Release(info.id(), replyTo)));
  }

  private CompletionStage<IOResult> receive(Source<ByteString, ?> body, Path target) {
    long max = settings.maxBytes();
    return body.via(Flow.of(ByteString.class).limitWeighted(max, chunk -> (long) chunk.size()))
        .runWith(FileIO.toPath(target).withAttributes(ActorAttributes.dispatcher(FileSettings.DISPATCHER)), system)
        .exceptionally(
            failure -> {
              if (causedBy(failure, StreamLimitReachedException.class)) {
                throw tooLarge();
              }
              throw new CompletionException(failure);
            });
  }

  private Inspected inspect(Staged staged) {
    try {
      long size = Files.size(staged.file());
      if (size == 0) {
        throw ProtocolException.badRequest("the file is empty");
      }
      String type = sniffer.detect(staged.file());
      boolean thumbnail = thumbnails.make(staged.file(), type, staged.thumbnail()).isPresent();
      return new Inspected(size, type, thumbnail);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void discardStaged(Staged staged) {
    blocking.execute(
        () -> {
          try {
            Files.deleteIfExists(staged.file());
            Files.deleteIfExists(staged.thumbnail());
          } catch (IOException e) {
            log.warn("Could not delete staged upload {}: {}", staged.file(), e.toString());
          }
        });
  }

  /**
   * The files {@code fileIds} for the post {@code clientMsgId} of {@code userId} in {@code channelId},
   * in the order given. All are checked before any is claimed, so a post refused for one bad file
   * leaves the others free for another post.
   */
  public CompletionStage<List<ChannelEvent.PostedFile>> claim(String userId, String channelId, String clientMsgId, List<String> fileIds) {
    if (fileIds.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    String claimKey = channelId + "/" + userId + "/" + clientMsgId;
    return all(fileIds, id -> stored(id).thenApply(s -> checkClaimable(s, userId, channelId, claimKey)))
        .thenCompose(
            checked ->
                all(
                    fileIds,
                    id -> entities.<FileInfo>attachment(id, replyTo -> new Attachment.Claim(channelId, userId, claimKey, replyTo))
                        .thenApply(FileEntities::valueOf)))
        .thenApply(infos -> infos.stream().map(FileInfo::posted).toList());
  }

  private static FileInfo checkClaimable(Attachment.Stored s, String userId, String channelId, String claimKey) {
    if (!s.info().uploaderId().equals(userId)) {
      throw new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_FILE);
    }
    if (!s.info().channelId().equals(channelId)) {
      throw ProtocolException.badRequest("file " + s.info().id() + " was uploaded to another channel");
    }
    if (s.used() && !s.claimKey().equals(claimKey)) {
      throw ProtocolException.badRequest("file " + s.info().id() + " is already in another message");
    }
    return s.info();
  }

  /** The file for {@code userId}, who must be allowed to read it (else {@code not_found}). */
  public CompletionStage<FileInfo> readable(String userId, String fileId) {
    return stored(fileId)
        .thenCompose(
            s -> {
              if (!s.used() && !s.info().uploaderId().equals(userId)) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_FILE);
              }
              return requireMember(userId, s.info().channelId()).thenApply(member -> s.info());
            })
        .exceptionally(
            failure -> {
              ProtocolException refusal = protocolCause(failure);
              if (refusal != null && refusal.code() == ErrorCode.NOT_FOUND) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_FILE);
              }
              throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            });
  }

  /** The bytes of a file (or of its thumbnail) that {@code userId} may read. */
  public CompletionStage<Download> download(String userId, String fileId, boolean thumbnail) {
    return requireActive(userId)
        .thenCompose(a -> readable(userId, fileId))
        .thenCompose(
            info -> {
              if (thumbnail && !info.thumbnail()) {
                throw new ProtocolException(ErrorCode.NOT_FOUND, "this file has no thumbnail");
              }
              return CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      InputStream in = store.open(thumbnail ? info.thumbnailKey() : info.key());
                      return new Download(info, thumbnail, in, thumbnail ? null : info.size());
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  },
                  blocking);
            });
  }

  /** A signed link for {@code userId} to a file they may read. */
  public CompletionStage<SignedLink> link(String userId, String fileId) {
    return requireActive(userId)
        .thenCompose(a -> readable(userId, fileId))
        .thenApply(info -> new SignedLink(info, links.sign(info.id(), userId)));
  }

  /**
   * Removes the files of a deleted message: their records, their bytes, and their share of their
   * uploader's quota. Answered once done; a file that could not be removed is logged and the rest
   * go on.
   */
  public CompletionStage<Integer> removeAll(String channelId, long seq, List<String> fileIds) {
    if (fileIds.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    List<CompletableFuture<Boolean>> removals = new ArrayList<>();
    for (String id : fileIds) {
      removals.add(
          entities.<FileInfo>attachment(id, replyTo -> new Attachment.Remove(replyTo))
              .thenApply(FileEntities::valueOf)
              .thenCompose(info -> CompletableFuture.runAsync(() -> deleteBytes(info), blocking).thenApply(deleted -> info))
              .thenCompose(info -> entities.<FileQuota.Usage>quota(info.uploaderId(), replyTo -> new FileQuota.Release(info.id(), replyTo)))
              .handle(
                  (released, failure) -> {
                    if (failure != null) {
                      log.warn("File {} of deleted message {} in channel {} was not removed: {}", id, seq, channelId, failure.toString());
                    }
                    return failure == null;
                  }));
    }
    return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
        .thenApply(
            all -> {
              int removed = (int) removals.stream().filter(CompletableFuture::join).count();
              log.info("Removed {} of {} files of deleted message {} in channel {}", removed, fileIds.size(), seq, channelId);
              return removed;
            });
  }

  private void deleteBytes(FileInfo info) {
    try {
      store.delete(info.key());
      if (info.thumbnail()) {
        store.delete(info.thumbnailKey());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void put(String key, Path staged) {
    try {
      store.put(key, staged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CompletionStage<Attachment.Stored> stored(String fileId) {
    try {
      EntityIds.checked(fileId);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_FILE));
    }
    return entities.<Attachment.Stored>attachment(fileId, Attachment.Get::new).thenApply(FileEntities::valueOf);
  }

  private CompletionStage<Object> requireActive(String userId) {
    return entities.<UserSession.State>session(userId, UserSession.GetState::new)
        .thenApply(
            outcome -> {
              if (FileEntities.valueOf(outcome).suspended()) {
                throw new ProtocolException(ErrorCode.UNAUTHORIZED, "this account is deactivated");
              }
              return outcome;
            });
  }

  /** Only the channel's members upload to it and read its files; to anyone else it does not exist. */
  private CompletionStage<Object> requireMember(String userId, String channelId) {
    return entities.<Channel.Summary>channel(channelId, replyTo -> new Channel.GetSummary(userId, replyTo))
        .thenApply(
            outcome -> {
              if (outcome instanceof Outcome.Accepted<Channel.Summary> visible && visible.value().member()) {
                return visible.value();
              }
              if (outcome instanceof Outcome.Rejected<Channel.Summary> rejected && rejected.reason() == Outcome.Reason.UNAVAILABLE) {
                FileEntities.valueOf(outcome);
              }
              throw new ProtocolException(ErrorCode.NOT_FOUND, "no such channel");
            });
  }

  private CompletionStage<Object> requireRoom(String userId, long size) {
    return entities.<FileQuota.Usage>quota(userId, FileQuota.GetUsage::new)
        .thenApply(
            outcome -> {
              long used = FileEntities.valueOf(outcome).usedBytes();
              if (used + size > settings.quotaBytes()) {
                throw new ProtocolException(
                    ErrorCode.TOO_LARGE,
                    "over your file quota: you keep " + used + " of " + settings.quotaBytes() + " bytes, and this file has " + size);
              }
              return used;
            });
  }

  private void requireWithinLimit(long size) {
    if (size > settings.maxBytes()) {
      throw tooLarge();
    }
  }

  private ProtocolException tooLarge() {
    return new ProtocolException(
        ErrorCode.TOO_LARGE, "the file is larger than the limit of " + settings.maxBytes() + " bytes (" + mebibytes(settings.maxBytes()) + ")");
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static FileQuota.Usage overQuotaIsTooLarge(Outcome<FileQuota.Usage> outcome) {
    if (outcome instanceof Outcome.Rejected<FileQuota.Usage> rejected && rejected.reason() == Outcome.Reason.TOO_MANY) {
      throw new ProtocolException(ErrorCode.TOO_LARGE, rejected.message());
    }
    return FileEntities.valueOf(outcome);
  }

  private static ProtocolException protocolCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ProtocolException p) {
        return p;
      }
    }
    return null;
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static <T> CompletableFuture<List<T>> all(List<String> ids, Function<String, CompletionStage<T>> each) {
    List<CompletableFuture<T>> futures = ids.stream().map(id -> each.apply(id).toCompletableFuture()).toList();
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
  }

  private static CompletionStage<Object> done() {
    return CompletableFuture.completedFuture(null);
  }
}
