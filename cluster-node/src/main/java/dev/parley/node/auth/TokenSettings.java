package dev.parley.node.auth;

import java.time.Duration;

/** Token lifetimes and the issuer name, from {@code parley.auth}. */
public record TokenSettings(String issuer, Duration accessTokenTtl, Duration refreshTokenTtl) {}
