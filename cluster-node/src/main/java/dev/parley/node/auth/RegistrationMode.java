package dev.parley.node.auth;

import dev.parley.seed.SettingChecks;

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
    return SettingChecks.oneOf(RegistrationMode.class, value);
  }
}
