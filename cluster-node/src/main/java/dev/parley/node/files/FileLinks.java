package dev.parley.node.files;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived signed links to files, for browsers, which cannot send a bearer token from an
 * {@code <img>} or a download link and must not put one in a URL (it would stay in history, logs and
 * {@code Referer}s for its whole lifetime). A link names the file, the user it was made for and when
 * it expires, signed with HMAC-SHA256; it grants what that user may read, which is checked again
 * when it is used. The key is derived from the deployment's token secret, so every node of a
 * deployment accepts every node's links and no new secret needs to be set.
 */
public final class FileLinks {
  private static final String HMAC = "HmacSHA256";
  /** Separates the key's use from the token key's: the same secret signs nothing else this way. */
  private static final byte[] PURPOSE = "parley file links v1".getBytes(StandardCharsets.UTF_8);

  /** What a valid link names. */
  public record Grant(String fileId, String userId) {}

  /** A link and when it stops working (epoch milliseconds). */
  public record Link(String query, long expiresAt) {}

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  public FileLinks(byte[] tokenSecret, Duration ttl, Clock clock) {
    this.key = new SecretKeySpec(hmac(new SecretKeySpec(tokenSecret, HMAC), PURPOSE), HMAC);
    this.ttl = ttl;
    this.clock = clock;
  }

  /** The query string ({@code u=..&e=..&s=..}) that lets {@code userId} fetch {@code fileId} for a while. */
  public Link sign(String fileId, String userId) {
    long expires = clock.millis() + ttl.toMillis();
    return new Link("u=" + userId + "&e=" + expires + "&s=" + signature(fileId, userId, expires), expires);
  }

  /** The grant of a link's parameters, if they were signed here and have not expired. */
  public Optional<Grant> verify(String fileId, String userId, String expires, String signature) {
    long expiresAt;
    try {
      expiresAt = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (expiresAt < clock.millis()) {
      return Optional.empty();
    }
    byte[] expected = signature(fileId, userId, expiresAt).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    return Optional.of(new Grant(fileId, userId));
  }

  private String signature(String fileId, String userId, long expires) {
    byte[] mac = hmac(key, (fileId + "\n" + userId + "\n" + expires).getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(message);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
