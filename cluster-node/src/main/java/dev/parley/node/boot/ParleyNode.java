package dev.parley.node.boot;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.parley.node.logging.NodeLogging;
import dev.parley.seed.InvalidSettingException;

/** {@code java -jar parley-node.jar}: starts one node from its environment. */
public final class ParleyNode {
  private ParleyNode() {}

  public static void main(String[] args) {
    Config config = ParleyServer.productionOverrides().withFallback(ConfigFactory.load());
    NodeSettings settings;
    try {
      settings = NodeSettings.from(config);
    } catch (InvalidSettingException e) {
      System.err.println("parley: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      NodeLogging.configure(settings.log(), ParleyServer.clusterAddress(settings));
      ParleyServer.start(settings, config)
          .exceptionally(
              failure -> {
                fail(failure);
                return null;
              });
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private static void fail(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    System.err.println("parley: could not start: " + cause.getMessage());
    System.exit(1);
  }
}
