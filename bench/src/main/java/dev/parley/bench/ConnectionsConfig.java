package dev.parley.bench;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One {@code connections} run: open {@code sessions} authenticated WebSockets at {@code
 * connectsPerSecond}, from the {@code localAddresses} in turn (none: the kernel picks), hold them
 * idle for {@code hold}, and read the server's footprint before and after through {@code probe}.
 * With {@code oneWorkspace} every user joins one workspace during set-up. With {@code
 * presenceBatches} each session asks for {@code presence.batch} at {@code auth}, as the web client does.
 */
public record ConnectionsConfig(
    URI url,
    int sessions,
    int sessionsPerUser,
    double connectsPerSecond,
    Duration hold,
    List<InetAddress> localAddresses,
    int maxPending,
    int setupParallelism,
    Duration timeout,
    URI metricsUrl,
    Long serverPid,
    boolean gcBeforeReading,
    boolean oneWorkspace,
    boolean presenceBatches) {

  public ConnectionsConfig {
    if (sessions < 1 || sessionsPerUser < 1 || maxPending < 1 || setupParallelism < 1) {
      throw new IllegalArgumentException("sessions, sessions per user, max pending and set-up parallelism must be at least 1");
    }
    if (connectsPerSecond <= 0) {
      throw new IllegalArgumentException("the connect rate must be above 0");
    }
    if (gcBeforeReading && serverPid == null) {
      throw new IllegalArgumentException("--gc needs --server-pid (it runs jcmd <pid> GC.run)");
    }
    localAddresses = List.copyOf(localAddresses);
  }

  int users() {
    return (sessions + sessionsPerUser - 1) / sessionsPerUser;
  }
}
