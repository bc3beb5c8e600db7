package dev.parley.node.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes. Passwords longer than bcrypt's 72 bytes are pre-hashed (SHA-512) rather
 * than silently truncated. Hashing is slow on purpose: callers run it off the actor threads.
 */
public final class PasswordHasher {
  private final BCrypt.Hasher hasher;
  private final BCrypt.Verifyer verifyer;
  private final int cost;
  /** Checked against when the username does not exist, so both answers take as long. */
  private final String decoy;

  public PasswordHasher(int cost) {
    this.cost = cost;
    this.hasher = BCrypt.with(BCrypt.Version.VERSION_2B, LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2B));
    this.verifyer = BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.hashSha512(BCrypt.Version.VERSION_2B));
    this.decoy = hash("decoy password for unknown users");
  }

  public String hash(String password) {
    return new String(hasher.hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  public boolean matches(String password, String hash) {
    return verifyer.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
  }

  /** Spends the time of a real check, for a username that does not exist. */
  public void matchNothing(String password) {
    matches(password, decoy);
  }
}
