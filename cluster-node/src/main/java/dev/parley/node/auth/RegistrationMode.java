package dev.parley.node.auth;

import java.util.Locale;

/** Who may register an account ({@code PARLEY_REGISTRATION}). */
public enum RegistrationMode {
  /** Anyone. */
  OPEN,
  /** Whoever brings a valid workspace invite, and joins that workspace. */
  INVITE,
  /** Nobody: administrators create accounts. */
  CLOSED;

  /** {@code open}, {@code invite} or {@code closed}. */
  public static RegistrationMode fromSetting(String value) {
    for (RegistrationMode mode : values()) {
      if (mode.name().toLowerCase(Locale.ROOT).equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("must be open, invite or closed");
  }
}
