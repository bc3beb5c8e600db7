package dev.parley.node.files;

import dev.parley.node.EntityIds;
import dev.parley.node.Ids;
import dev.parley.node.Outcome;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload's way from the request body to a registered file. The body streams into a staged file
 * on the files dispatcher (the actor and HTTP threads never wait on a disk or S3); then, on the
 * same dispatcher, it is measured, typed from its bytes and given a thumbnail if it is an image; it
 * is reserved against its uploader's quota, and only then moved to the store and registered
 * ({@link Attachment}). A step that fails undoes what the earlier ones left.
 */
final class Uploads {
  private static final Logger log = LoggerFactory.getLogger(Uploads.class);

  /** Where an upload is staged, and the id it will have. */
  private record Staged(String fileId, Path file, Path thumbnail) {}

  private record Inspected(long size, String contentType, boolean thumbnail) {}

  private final ActorSystem<?> system;
  private final FileEntities entities;
  private final FileSettings settings;
  private final FileStore store;
  private final TypeSniffer sniffer = new TypeSniffer();
  private final Thumbnails thumbnails;
  private final Executor blocking;
  private final Clock clock;

  Uploads(ActorSystem<?> system, FileEntities entities, FileSettings settings, FileStore store, Executor blocking, Clock clock) {
    this.system = system;
    this.entities = entities;
    this.settings = settings;
    this.store = store;
    this.thumbnails = new Thumbnails(settings.thumbnailEdge(), settings.thumbnailMaxPixels());
    this.blocking = blocking;
    this.clock = clock;
    try {
      Files.createDirectories(settings.stagingDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the files' staging directory " + settings.stagingDir(), e);
    }
  }

  /**
   * Stores {@code body} as a file named {@code name} for {@code channelId}, of which {@code userId}
   * must be a member. {@code declaredLength} (the request's Content-Length) lets a file that is too
   * large, or would not fit the quota, be refused before a byte of it is read.
   */
  CompletionStage<FileInfo> upload(
      String userId, String channelId, String name, Optional<Long> declaredLength, Source<ByteString, ?> body) {
    String fileName;
    try {
      fileName = FileNames.clean(name);
      EntityIds.checked(channelId);
      declaredLength.ifPresent(this::requireWithinLimit);
    } catch (RuntimeException e) {
      return drain(body, declaredLength).thenCompose(drained -> CompletableFuture.failedFuture(e));
    }
    Staged staged = new Staged(
        Ids.random('f'), settings.stagingDir().resolve(Ids.random('u')), settings.stagingDir().resolve(Ids.random('t')));
    AtomicBoolean reading = new AtomicBoolean();
    CompletableFuture<FileInfo> stored =
        entities.requireActive(userId)
            .thenCompose(active -> entities.requireMember(userId, channelId))
            .thenCompose(member -> declaredLength.isPresent() ? requireRoom(userId, declaredLength.get()) : done())
            .thenCompose(
                room -> {
                  reading.set(true);
                  return receive(body, staged.file());
                })
            .thenCompose(received -> CompletableFuture.supplyAsync(() -> inspect(staged), blocking))
            .thenCompose(inspected -> store(userId, channelId, fileName, staged, inspected))
            .toCompletableFuture();
    return stored
        .whenComplete((info, failure) -> discardStaged(staged))
        .exceptionallyCompose(failure -> reading.get() ? stored : drain(body, declaredLength).thenCompose(drained -> stored));
  }

  /**
   * Reads a refused upload's body to its end, up to {@link #readLimit}, and drops it. The node closes
   * a connection whose request it did not read, and a client still sending then gets a reset instead
   * of the refusal (an HTTP client sending without {@code Expect: 100-continue} does).
   */
  private CompletionStage<Done> drain(Source<ByteString, ?> body, Optional<Long> declaredLength) {
    if (declaredLength.isPresent() && declaredLength.get() > readLimit()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return body.via(Flow.of(ByteString.class).limitWeighted(readLimit(), chunk -> (long) chunk.size()))
        .runWith(Sink.ignore(), system)
        .exceptionally(failure -> Done.getInstance());
  }

  private CompletionStage<FileInfo> store(String userId, String channelId, String name, Staged staged, Inspected inspected) {
    FileInfo info =
        new FileInfo(staged.fileId(), channelId, userId, name, inspected.size(), inspected.contentType(), inspected.thumbnail(), clock.millis());
    return entities.<FileQuota.Usage>quota(
            userId,
            replyTo -> new FileQuota.Reserve(info.id(), info.size(), settings.quotaBytes(), replyTo))
        .thenApply(Uploads::overQuotaIsTooLarge)
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

  /** The most of a refused body read so that its client reads the refusal: twice the size limit; a longer one is cut. */
  private long readLimit() {
    long max = settings.maxBytes();
    return max > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * max;
  }

  /** Writes the body to {@code target}; past the size limit the rest is read and dropped (see {@link #drain}). */
  private CompletionStage<IOResult> receive(Source<ByteString, ?> body, Path target) {
    long max = settings.maxBytes();
    AtomicLong seen = new AtomicLong();
    return body.via(Flow.of(ByteString.class).limitWeighted(readLimit(), chunk -> (long) chunk.size()))
        .filter(chunk -> seen.addAndGet(chunk.size()) <= max)
        .runWith(FileIO.toPath(target).withAttributes(ActorAttributes.dispatcher(FileSettings.DISPATCHER)), system)
        .handle(
            (written, failure) -> {
              if (seen.get() > max) {
                throw tooLarge();
              }
              if (failure != null) {
                throw new CompletionException(failure);
              }
              return written;
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

  private void put(String key, Path staged) {
    try {
      store.put(key, staged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private static CompletionStage<Object> done() {
    return CompletableFuture.completedFuture(null);
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
}
