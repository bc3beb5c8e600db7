package dev.parley.node.http;

import java.time.Duration;

/**
 * What the node's responses tell browsers beyond the web client's own settings.
 *
 * @param publicUrl the node's origin as browsers reach it ({@code PARLEY_PUBLIC_URL}), empty if not known
 * @param hstsMaxAge how long a browser keeps to https once told, when {@code publicUrl} is https
 */
public record SecurityHeaderSettings(String publicUrl, Duration hstsMaxAge) {}
