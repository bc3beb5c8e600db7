package dev.parley.protocol;

/** Event data that has no {@code seq} and is not stored. */
public final class Ephemeral {
  private Ephemeral() {}

  public static final String GAP = "gap";
  /** This node is leaving: reconnect, possibly to another node. */
  public static final String DRAINING = "draining";

  /** Events after {@code after} could not be replayed: fetch them with {@code history}. */
  public record Gap(String channelId, long after) {}
}
