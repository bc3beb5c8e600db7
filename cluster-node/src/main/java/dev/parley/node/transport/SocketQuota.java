package dev.parley.node.transport;

import dev.parley.node.telemetry.Metrics;
import java.util.HashMap;
import java.util.Map;

/**
 * The WebSockets this node holds open, in all and per client address, checked before an upgrade
 * creates anything: a client that opens sockets without end, or without authenticating, is
 * refused at the door instead of costing the node an actor, a stream and a descriptor each.
 * Thread-safe: upgrades come in on HTTP threads, sockets end on actor threads.
 */
public final class SocketQuota {
  /** Why an upgrade was refused. */
  public enum Refusal {
    NODE_FULL("node_full"),
    ADDRESS_FULL("address"),
    ADDRESS_UNAUTHENTICATED_FULL("address_unauthenticated");

    private final String metricLabel;

    Refusal(String metricLabel) {
      this.metricLabel = metricLabel;
    }
  }

  /** What {@link #admit} decided. */
  public sealed interface Admission permits Admitted, Refused {}

  public record Admitted(Slot slot) implements Admission {}

  public record Refused(Refusal refusal) implements Admission {}

  /** One open socket's place in the counts; its connection gives it back when it stops. */
  public final class Slot {
    private final String address;
    private boolean authenticated;
    private boolean released;

    private Slot(String address) {
      this.address = address;
    }

    /** The socket sent a good {@code auth}: it no longer counts as unauthenticated. Only the first call counts. */
    public void authenticated() {
      synchronized (SocketQuota.this) {
        if (authenticated || released) {
          return;
        }
        authenticated = true;
        byAddress.get(address).unauthenticated--;
      }
    }

    /** The socket ended, however it did. Only the first call counts. */
    public void release() {
      synchronized (SocketQuota.this) {
        if (released) {
          return;
        }
        released = true;
        open--;
        Counts counts = byAddress.get(address);
        counts.open--;
        if (!authenticated) {
          counts.unauthenticated--;
        }
        if (counts.open == 0) {
          byAddress.remove(address);
        }
      }
    }
  }

  private static final class Counts {
    int open;
    int unauthenticated;
  }

  private final SocketLimits limits;
  private final Map<String, Counts> byAddress = new HashMap<>();
  private int open;

  public SocketQuota(SocketLimits limits) {
    this.limits = limits;
  }

  public SocketLimits limits() {
    return limits;
  }

  /** A slot for a new socket from {@code address} (a throttle key), or why there is none. */
  public Admission admit(String address) {
    Refusal refusal;
    synchronized (this) {
      Counts counts = byAddress.get(address);
      if (open >= limits.perNode()) {
        refusal = Refusal.NODE_FULL;
      } else if (counts != null && counts.open >= limits.perAddress()) {
        refusal = Refusal.ADDRESS_FULL;
      } else if (counts != null && counts.unauthenticated >= limits.unauthenticatedPerAddress()) {
        refusal = Refusal.ADDRESS_UNAUTHENTICATED_FULL;
      } else {
        counts = byAddress.computeIfAbsent(address, a -> new Counts());
        counts.open++;
        counts.unauthenticated++;
        open++;
        return new Admitted(new Slot(address));
      }
    }
    Metrics.SOCKETS_REFUSED.labelValues(refusal.metricLabel).inc();
    return new Refused(refusal);
  }
}
