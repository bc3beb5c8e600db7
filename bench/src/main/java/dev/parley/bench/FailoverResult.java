package dev.parley.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * What a {@code failover} run measured. A channel's unavailability window is the time between its
 * last ack at or before the kill and its first ack after it, as the writer saw it; its longest gap
 * is the longest time between consecutive acks over the whole run. The history check looks up
 * every acknowledged post: {@code lost} (not in history), {@code duplicated} (its clientMsgId is
 * there more than once), {@code moved} (there once, at another seq than the ack said).
 */
public record FailoverResult(
    String scenario,
    List<String> urls,
    int channels,
    double postsPerSecond,
    double seconds,
    String kill,
    double killAtSeconds,
    String killOutcome,
    long acked,
    long ackedAfterKill,
    long retries,
    long rejected,
    String firstError,
    List<ChannelWindow> windows,
    long maxUnavailableMs,
    long channelsChecked,
    long lost,
    long duplicated,
    long moved,
    long storedUnacked,
    Latency ackLatency,
    Timeline timeline) implements Report {

  /** One channel: its unavailability window around the kill, its longest gap, its writer's reconnects. */
  public record ChannelWindow(int channel, long unavailableMs, long longestGapMs, long reconnects) {}

  /**
   * Every acknowledged post is in history exactly once at its seq, every channel was checked, no
   * post was refused outright, and posting resumed after the kill.
   */
  @Override
  public boolean correct() {
    return lost == 0 && duplicated == 0 && moved == 0 && rejected == 0 && channelsChecked == channels && ackedAfterKill > 0;
  }

  @Override
  public void printTable(PrintStream out) {
    out.printf("scenario            failover against %s%n", String.join(", ", urls));
    out.printf("load                %d channels, one writer each, %.0f posts/s in total, %.1f s%n", channels, postsPerSecond, seconds);
    out.printf("kill                at %.1f s: %s (%s)%n", killAtSeconds, kill, killOutcome);
    out.printf("posts acked         %d (%d after the kill), %d retries, %d refused%s%n",
        acked, ackedAfterKill, retries, rejected, firstError == null ? "" : " (first error: " + firstError + ")");
    out.printf("unavailability      longest window %d ms%n", maxUnavailableMs);
    out.printf("  %-8s %18s %16s %11s%n", "channel", "window (ms)", "longest gap (ms)", "reconnects");
    for (ChannelWindow w : windows) {
      out.printf("  %-8d %18d %16d %11d%n", w.channel(), w.unavailableMs(), w.longestGapMs(), w.reconnects());
    }
    out.printf("history check       %d of %d channels: %d lost, %d duplicated, %d moved; %d stored but never acked (allowed)%n",
        channelsChecked, channels, lost, duplicated, moved, storedUnacked);
    Latency.printHeader(out);
    ackLatency.printRow(out, "post -> ok (retries)");
  }
}
