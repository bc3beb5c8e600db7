package dev.parley.node.auth;

import java.time.Duration;

/**
 * Token lifetimes and the issuer name, from {@code parley.auth}. {@code sessionMaxAge}: how long
 * after a login its refresh tokens may still be spent, however often they were rotated.
 */
public record TokenSettings(String issuer, Duration accessTokenTtl, Duration refreshTokenTtl, Duration sessionMaxAge) {}
