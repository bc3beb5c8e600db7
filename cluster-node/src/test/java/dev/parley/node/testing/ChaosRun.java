package dev.parley.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Steady load on a cluster while a test does something bad to it: writers that fail over between
 * nodes, and receivers that resume by seq. {@link #finish} checks every acknowledged post through a
 * live node and that every receiver saw every event once, in order.
 */
public final class ChaosRun implements AutoCloseable {
  private static final int RECEIVER_CATCH_UP_SECONDS = 60;

  /** The checker's verdict plus what receivers saw wrong. */
  public record Verdict(PostChecker.Result posts, List<String> receiverViolations) {
    public boolean clean() {
      return posts.clean() && receiverViolations.isEmpty();
    }

    @Override
    public String toString() {
      return posts + " receiver-violations=" + receiverViolations;
    }
  }

  private final LocalCluster cluster;
  private final ClusterSetup setup;
  private final Traffic traffic;
  private final List<Receiver> receivers = new ArrayList<>();

  public ChaosRun(LocalCluster cluster, int channels, int writers) {
    this.cluster = cluster;
    this.setup = ClusterSetup.create(cluster, channels, writers + cluster.size());
    this.traffic = new Traffic(setup.members().subList(0, writers), setup.channelIds(), cluster::liveWsUrl).start();
    for (int i = 0; i < cluster.size(); i++) {
      receivers.add(new Receiver(setup.members().get(writers + i), setup.channelIds(), cluster::liveWsUrl, i).start());
    }
  }

  public Traffic traffic() {
    return traffic;
  }

  /** Stops the load, checks, and writes the verdict to {@code target/<name>.txt}. */
  public Verdict finish(String name, String details) {
    traffic.close();
    PostChecker.Result posts;
    try (WsClient reader = WsClient.authenticated(cluster.liveWsUrl(0), setup.owner().accessToken())) {
      posts = PostChecker.check(reader, setup.channelIds(), traffic.acks(), traffic.unknown());
    }
    List<String> violations = new ArrayList<>();
    for (Receiver receiver : receivers) {
      receiver.awaitCaughtUp(posts.heads(), RECEIVER_CATCH_UP_SECONDS);
      violations.addAll(receiver.violations());
    }
    Verdict verdict = new Verdict(posts, List.copyOf(violations));
    String report =
        name + ": " + details + " reconnects=" + traffic.reconnects() + " answers=" + traffic.answers() + " checker: " + verdict;
    System.out.println(report);
    try {
      Files.writeString(Path.of("target", name + ".txt"), report + System.lineSeparator());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return verdict;
  }

  @Override
  public void close() {
    traffic.close();
    receivers.forEach(Receiver::close);
  }
}
