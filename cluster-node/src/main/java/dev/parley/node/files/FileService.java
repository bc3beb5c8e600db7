package dev.parley.node.files;

import dev.parley.node.EntityIds;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files from upload to removal: uploads ({@link Uploads}), the claims of posts, downloads and
 * signed links, and the removal of a deleted message's files. A download is allowed to the
 * channel's members once the file is in a post, and to its uploader before. Blocking store calls
 * run on the files dispatcher.
 */
public final class FileService {
  private static final Logger log = LoggerFactory.getLogger(FileService.class);
  private static final String NO_SUCH_FILE = "no such file";

  /** Bytes to send and what they are; {@code length} is null when unknown (thumbnails). */
  public record Download(FileInfo info, boolean thumbnail, InputStream bytes, Long length) {}

  /** A link to a file and the file it leads to. */
  public record SignedLink(FileInfo info, FileLinks.Link link) {}

  private final FileEntities entities;
  private final FileSettings settings;
  private final FileStore store;
  private final FileLinks links;
  private final Executor blocking;
  private final Uploads uploads;

  public FileService(
      ActorSystem<?> system, FileSettings settings, FileStore store, FileLinks links, Duration askTimeout, Clock clock) {
    this.entities = new FileEntities(system, askTimeout);
    this.settings = settings;
    this.store = store;
    this.links = links;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig(FileSettings.DISPATCHER));
    this.uploads = new Uploads(system, entities, settings, store, blocking, clock);
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
    return uploads.upload(userId, channelId, name, declaredLength, body);
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
              return entities.requireMember(userId, s.info().channelId()).thenApply(member -> s.info());
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
    return entities.requireActive(userId)
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
    return entities.requireActive(userId)
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

  /** Removes a file its uploader uploaded and never posted, and gives its bytes back to their quota. */
  public CompletionStage<FileInfo> discard(String userId, String fileId) {
    return entities
        .requireActive(userId)
        .thenCompose(active -> checkedId(fileId))
        .thenCompose(id -> entities.<FileInfo>attachment(id, replyTo -> new Attachment.Discard(userId, replyTo)))
        .thenApply(FileEntities::valueOf)
        .thenCompose(info -> CompletableFuture.runAsync(() -> deleteBytes(info), blocking).thenApply(deleted -> info))
        .thenCompose(
            info ->
                entities.<FileQuota.Usage>quota(userId, replyTo -> new FileQuota.Release(info.id(), replyTo))
                    .thenApply(released -> info));
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

  private CompletionStage<Attachment.Stored> stored(String fileId) {
    return checkedId(fileId)
        .thenCompose(id -> entities.<Attachment.Stored>attachment(id, Attachment.Get::new))
        .thenApply(FileEntities::valueOf);
  }

  /** An id a client sent: one that could name no entity names no file. */
  private static CompletionStage<String> checkedId(String fileId) {
    try {
      return CompletableFuture.completedFuture(EntityIds.checked(fileId));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new ProtocolException(ErrorCode.NOT_FOUND, NO_SUCH_FILE));
    }
  }

  private static ProtocolException protocolCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ProtocolException p) {
        return p;
      }
    }
    return null;
  }

  private static <T> CompletableFuture<List<T>> all(List<String> ids, Function<String, CompletionStage<T>> each) {
    List<CompletableFuture<T>> futures = ids.stream().map(id -> each.apply(id).toCompletableFuture()).toList();
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(done -> futures.stream().map(CompletableFuture::join).toList());
  }

}
