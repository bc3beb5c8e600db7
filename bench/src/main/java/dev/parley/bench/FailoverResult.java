package dev.parley.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * What a {@code failover} run measured. A channel's unavailability window is the longest time
 * between two consecutive acks of its writer of which the later came after the kill; its longest
 * gap is the same over the whole run (before the kill too). The history check looks up
 * every acknowledged post: {@code lost} (not in history), {@code duplicated} (its clientMsgId is
 * there more than once), {@code moved} (there once, at another seq than the ack said); {@code
 * seqReused} counts acks that gave a seq already acked for another post of the channel (the
 * contract never reuses a seq); {@code problems} names the first few.
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
    long seqReused,
    long storedUnacked,
    List<String> problems,
    Latency ackLatency,
    Timeline timeline) implements Report {

  /** One channel: its unavailability window after the kill, its longest gap, its writer's reconnect attempts. */
  public record ChannelWindow(int channel, long unavailableMs, long longestGapMs, long reconnects) {}

  /**
   * Every acknowledged post is in history exactly once at its own seq, every channel was checked, no
   * post was refused outright, and posting resumed after the kill.
   */
  @Override
  public boolean correct() {
    return lost == 0 && duplicated == 0 && moved == 0 && seqReused == 0 && rejected == 0 && channelsChecked == channels && ackedAfterKill > 0;
  }

  @Override
  public void printTable(PrintStream out) {
    out.printf("scenario            failover against %s%n", String.join(", ", urls));
    out.printf("load                %d channels, one writer each, %.0f posts/s in total, %.1f s%n", channels, postsPerSecond, seconds);
    out.printf("kill                at %.1f s: %s (%s)%n", killAtSeconds, kill, killOutcome);
    out.printf("posts acked         %d (%d after the kill), %d retries, %d refused%s%n",
        acked, ackedAfterKill, retries, rejected, firstError == null ? "" : " (first error: " + firstError + ")");
    out.printf("unavailability      longest window %d ms%n", maxUnavailableMs);
    out.printf("  %-8s %18s %16s %19s%n", "channel", "window (ms)", "longest gap (ms)", "reconnect attempts");
    for (ChannelWindow w : windows) {
      out.printf("  %-8d %18d %16d %19d%n", w.channel(), w.unavailableMs(), w.longestGapMs(), w.reconnects());
    }
    out.printf("history check       %d of %d channels: %d lost, %d duplicated, %d moved, %d seqs acked twice; %d stored but never acked (allowed)%n",
        channelsChecked, channels, lost, duplicated, moved, seqReused, storedUnacked);
    problems.forEach(problem -> out.println("  " + problem));
    Latency.printHeader(out);
    ackLatency.printRow(out, "post -> ok (retries)");
  }
}
