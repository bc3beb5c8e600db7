package dev.parley.node.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens of the unsubscribe links in notification emails ({@code GET
 * /v1/notify/unsubscribe?token=...}): the user id and its HMAC-SHA256, so that the link works
 * without a login and for that user only. The key is derived from the deployment's token secret
 * for this use alone (as {@code files.FileLinks} derives its own), so every node accepts every
 * node's links. A token does not expire: an email may be opened months later, and all it can do
 * is stop that user's notification emails.
 */
public final class UnsubscribeLinks {
  private static final String HMAC = "HmacSHA256";
  private static final byte[] PURPOSE = "parley notify unsubscribe v1".getBytes(StandardCharsets.UTF_8);
  /** The route the links name, relative to the deployment's base URL. */
  public static final String PATH = "/v1/notify/unsubscribe";

  private final SecretKeySpec key;

  public UnsubscribeLinks(byte[] tokenSecret) {
    this.key = new SecretKeySpec(hmac(new SecretKeySpec(tokenSecret, HMAC), PURPOSE), HMAC);
  }

  /** The token for {@code userId}: {@code <userId>.<signature>}, URL-safe. */
  public String token(String userId) {
    return userId + "." + signature(userId);
  }

  /** The user a token was signed for, if it was signed here. */
  public Optional<String> verify(String token) {
    int dot = token == null ? -1 : token.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String userId = token.substring(0, dot);
    byte[] expected = signature(userId).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? Optional.of(userId) : Optional.empty();
  }

  private String signature(String userId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, userId.getBytes(StandardCharsets.UTF_8)));
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
