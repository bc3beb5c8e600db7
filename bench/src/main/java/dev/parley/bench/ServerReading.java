package dev.parley.bench;

/**
 * The server's footprint at one moment (see {@link ServerProbe}); {@code source} says where the
 * memory figures came from. A figure that could not be read is {@link #UNKNOWN}.
 */
public record ServerReading(long connections, long heapUsedBytes, long rssBytes, String source) {
  public static final long UNKNOWN = -1;
}
