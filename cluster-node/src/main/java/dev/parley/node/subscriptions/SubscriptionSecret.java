package dev.parley.node.subscriptions;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signing secret of a subscription (32 random bytes, URL-safe base64, shown once) and the
 * signature of a delivery under it: the hex HMAC-SHA256 of {@code <timestamp>.<body>}, so that a
 * receiver that checks the timestamp's age also refuses a replayed delivery (docs/security.md).
 */
public final class SubscriptionSecret {
  private static final int BYTES = 32;
  private static final String HMAC = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private SubscriptionSecret() {}

  public static String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code sha256=<hex>}, the value of {@code X-Parley-Signature}; {@code timestamp} in seconds since the epoch. */
  public static String signature(String secret, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }
}
