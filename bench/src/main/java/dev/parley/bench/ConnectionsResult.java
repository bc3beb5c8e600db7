package dev.parley.bench;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a {@code connections} run measured. The connect rate is sessions opened (WebSocket upgraded
 * and {@code auth} answered ok) over the wall time from the first attempt to the last answer;
 * connect latency is per session, from its attempt to its auth {@code ok}. Per-session figures
 * divide the server's growth between the reading before the first connect and the one at the end
 * of the hold by the sessions open then. {@code idleCores}: the server process's CPU over the last
 * three quarters of the hold (given its pid), while the sessions only stay connected.
 */
public record ConnectionsResult(
    String scenario,
    String url,
    int sessions,
    int users,
    double targetConnectsPerSecond,
    long opened,
    long failed,
    long dropped,
    String firstError,
    double openSeconds,
    double connectsPerSecond,
    Latency connectLatency,
    Map<String, Long> openedPerLocalAddress,
    double holdSeconds,
    ServerReading before,
    ServerReading after,
    long heapBytesPerSession,
    long rssBytesPerSession,
    double idleCores,
    Timeline timeline) implements Report {

  /** {@link #idleCores} when the server's CPU could not be read (no pid given). */
  public static final double UNKNOWN_CORES = -1;
  private static final double SESSIONS_PER_ROW = 10_000;

  private static final double BYTES_PER_KIB = 1024.0;
  private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

  /** Every session opened and stayed open through the hold. */
  @Override
  public boolean correct() {
    return opened == sessions && failed == 0 && dropped == 0;
  }

  @Override
  public void printTable(PrintStream out) {
    out.printf("scenario            connections against %s%n", url);
    out.printf("sessions            %d requested (%d users), %d opened, %d failed, %d dropped during the hold%s%n",
        sessions, users, opened, failed, dropped, firstError == null ? "" : " (first: " + firstError + ")");
    out.printf("connect rate        %.0f/s achieved (target %.0f/s) over %.1f s; held %.1f s%n",
        connectsPerSecond, targetConnectsPerSecond, openSeconds, holdSeconds);
    out.printf("source addresses    %s%n", openedPerLocalAddress.isEmpty() ? "chosen by the kernel" : openedPerLocalAddress);
    Latency.printHeader(out);
    connectLatency.printRow(out, "connect + auth");
    out.printf("server              %12s %12s %12s%n", "before", "after", "per session");
    out.printf("  connections       %12s %12s%n", count(before.connections()), count(after.connections()));
    out.printf("  heap used (MiB)   %12s %12s %9s KiB%n", mib(before.heapUsedBytes()), mib(after.heapUsedBytes()), kib(heapBytesPerSession));
    out.printf("  RSS (MiB)         %12s %12s %9s KiB%n", mib(before.rssBytes()), mib(after.rssBytes()), kib(rssBytesPerSession));
    out.printf("  measured from     %s%n", after.source());
    if (idleCores != UNKNOWN_CORES) {
      long open = opened - dropped;
      out.printf("  CPU while idle    %.3f cores over the hold's last three quarters, %s per %,.0f sessions%n",
          idleCores, open > 0 ? String.format("%.3f cores", idleCores * SESSIONS_PER_ROW / open) : "unknown", SESSIONS_PER_ROW);
    }
  }

  private static String count(long v) {
    return v == ServerReading.UNKNOWN ? "unknown" : Long.toString(v);
  }

  private static String mib(long bytes) {
    return bytes == ServerReading.UNKNOWN ? "unknown" : String.format("%.1f", bytes / BYTES_PER_MIB);
  }

  private static String kib(long bytes) {
    return bytes == ServerReading.UNKNOWN ? "unknown" : String.format("%.1f", bytes / BYTES_PER_KIB);
  }
}
