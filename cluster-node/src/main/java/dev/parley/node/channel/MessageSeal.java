package dev.parley.node.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals message text with AES-256-GCM under a message's own random key. The channel id and the
 * event's seq are the associated data, so a sealed text opens only in the event it was written for:
 * copied into another message or channel it reads as erased, not as that message's text.
 */
public final class MessageSeal {
  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final String KEY_ALGORITHM = "AES";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  /** The first byte of every sealed text, so that the format can change without guessing. */
  private static final byte FORMAT = 1;
  private static final int HEADER_BYTES = SealedText.KEY_ID_OFFSET + SealedText.KEY_ID_BYTES + NONCE_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();

  private MessageSeal() {}

  /** A fresh random AES-256 key, with a random id, for the post at {@code seq}. */
  public static MessageKey newKey(String channelId, long seq, String authorId, long ts, List<String> fileIds) {
    byte[] secret = new byte[KEY_BYTES];
    RANDOM.nextBytes(secret);
    return new MessageKey(channelId, seq, RANDOM.nextLong(), authorId, ts, secret, fileIds);
  }

  /** {@code text} sealed under {@code key} for the event {@code seq} of {@code channelId}. */
  public static SealedText seal(MessageKey key, String channelId, long seq, String text) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.secret(), KEY_ALGORITHM), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(channelId, seq));
      byte[] ciphertext = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
      return new SealedText(
          ByteBuffer.allocate(HEADER_BYTES + ciphertext.length).put(FORMAT).putLong(key.keyId()).put(nonce).put(ciphertext).array());
    } catch (GeneralSecurityException e) {
      // AES-GCM is in every JDK; failing here means a broken runtime, not bad input.
      throw new IllegalStateException("cannot seal a message: " + e.getClass().getSimpleName(), e);
    }
  }

  /**
   * The text, or empty when it does not open under this key and associated data (another key,
   * another message's event, or damaged bytes): such a text reads as erased.
   */
  public static Optional<String> open(MessageKey key, String channelId, long seq, SealedText sealed) {
    byte[] bytes = sealed.bytes();
    if (bytes.length < HEADER_BYTES || bytes[0] != FORMAT || sealed.keyId() != key.keyId()) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key.secret(), KEY_ALGORITHM),
          new GCMParameterSpec(TAG_BITS, bytes, HEADER_BYTES - NONCE_BYTES, NONCE_BYTES));
      cipher.updateAAD(associatedData(channelId, seq));
      byte[] plain = cipher.doFinal(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES);
      return Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] associatedData(String channelId, long seq) {
    return (channelId + "\u0000" + seq).getBytes(StandardCharsets.UTF_8);
  }
}
