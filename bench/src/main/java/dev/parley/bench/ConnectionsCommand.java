package dev.parley.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "connections", mixinStandardHelpOptions = true,
    description = "Open N authenticated idle sessions at a rate, hold them: connect rate, failures, server heap and RSS per session.")
final class ConnectionsCommand implements Callable<Integer> {
  /** Where a node serves /metrics unless told otherwise (PARLEY_MANAGEMENT_PORT). */
  private static final int DEFAULT_MANAGEMENT_PORT = 8558;

  @Spec CommandSpec spec;
  @Mixin OutputOptions output;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "The node's HTTP address (default: ${DEFAULT-VALUE}).")
  URI url;

  @Option(names = "--sessions", defaultValue = "1000", description = "Sessions N to open (default: ${DEFAULT-VALUE}).")
  int sessions;

  @Option(names = "--rate", defaultValue = "200", description = "Connects per second R (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--hold", defaultValue = "30s", converter = DurationConverter.class,
      description = "How long to hold the sessions open once all are connected (default: ${DEFAULT-VALUE}).")
  Duration hold;

  @Option(names = "--local-addresses", split = ",", defaultValue = "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5",
      description = "Source addresses the sessions use in turn, each with its own ephemeral port range "
          + "(loopback addresses reach a server on 127.0.0.1 or 0.0.0.0); 'none': the kernel picks (default: ${DEFAULT-VALUE}).")
  List<String> localAddresses;

  @Option(names = "--sessions-per-user", defaultValue = "1", description = "Sessions sharing one user (default: ${DEFAULT-VALUE}).")
  int sessionsPerUser;

  @Option(names = "--max-pending", defaultValue = "1000", description = "Connect attempts outstanding at most (default: ${DEFAULT-VALUE}).")
  int maxPending;

  @Option(names = "--setup-parallelism", defaultValue = "8", description = "Users registered at once (default: ${DEFAULT-VALUE}).")
  int setupParallelism;

  @Option(names = "--metrics-url", description = "The node's Prometheus endpoint (default: the --url host, port 8558, /metrics).")
  URI metricsUrl;

  @Option(names = "--server-pid", description = "The node's process id on this machine: RSS from /proc/<pid>/status, and its CPU while the sessions are idle.")
  Long serverPid;

  @Option(names = "--gc", description = "Run 'jcmd <pid> GC.run' before each reading, so heap used is live data (needs --server-pid).")
  boolean gc;

  @Option(names = "--one-workspace",
      description = "Make every user a member of one workspace during set-up, so that each session's auth and presence "
          + "concern all the others (the delivery-path issue's target 6).")
  boolean oneWorkspace;

  @Option(names = "--plain-presence",
      description = "Do not ask for presence.batch at auth: a frame per presence change, as clients of the contract's "
          + "first version get.")
  boolean plainPresence;

  @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "Longest wait for one connect or reply (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    ConnectionsConfig config;
    try {
      config = new ConnectionsConfig(url, sessions, sessionsPerUser, rate, hold, addresses(), maxPending, setupParallelism, timeout,
          metricsUrl != null ? metricsUrl : URI.create("http://" + url.getHost() + ":" + DEFAULT_MANAGEMENT_PORT + "/metrics"),
          serverPid, gc, oneWorkspace, !plainPresence);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return ParleyBench.print(ConnectionsRun.run(config, System.err), output);
  }

  private List<InetAddress> addresses() {
    if (localAddresses.size() == 1 && "none".equals(localAddresses.get(0))) {
      return List.of();
    }
    return localAddresses.stream().map(this::address).toList();
  }

  private InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new ParameterException(spec.commandLine(), "--local-addresses: '" + literal + "' is not an address");
    }
  }
}
