package dev.parley.bench;

/** How posts are scheduled: at a fixed rate (open loop) or as fast as acks come back (closed loop). */
public sealed interface Pacing {

  String describe();

  /**
   * Posts at intended times {@code start + i / rate}, whatever the server does; a late post is
   * sent at once and its latency still counts from its intended time, so a stalled server shows up
   * in the latencies instead of slowing the generator down (coordinated omission).
   */
  record OpenLoop(double postsPerSecond) implements Pacing {
    public String describe() {
      return "open loop, " + postsPerSecond + " posts/s";
    }
  }

  /** Each writer keeps this many posts unacknowledged: the maximum the server sustains. */
  record ClosedLoop(int inFlightPerWriter) implements Pacing {
    public String describe() {
      return "closed loop, " + inFlightPerWriter + " in flight per writer";
    }
  }
}
