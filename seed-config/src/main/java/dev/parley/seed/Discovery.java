package dev.parley.seed;

import java.util.Locale;

/** How a node finds the other nodes of its cluster ({@code PARLEY_DISCOVERY}). */
public enum Discovery {
  /** Form a cluster of one. */
  SELF("self", null),
  /** Join the static {@code PARLEY_SEED_NODES}. */
  SEEDS("seeds", null),
  /** Cluster Bootstrap over contact points listed in {@code PARLEY_CONFIG_CONTACT_POINTS}. */
  CONFIG("config", "config"),
  /** Cluster Bootstrap over the A records of {@code PARLEY_DISCOVERY_SERVICE} (compose, headless services). */
  DNS("dns", "pekko-dns"),
  /** Cluster Bootstrap over the pods labelled {@code app=PARLEY_DISCOVERY_SERVICE}. */
  KUBERNETES_API("kubernetes-api", "kubernetes-api");

  private final String setting;
  private final String discoveryMethod;

  Discovery(String setting, String discoveryMethod) {
    this.setting = setting;
    this.discoveryMethod = discoveryMethod;
  }

  public String setting() {
    return setting;
  }

  /** The Pekko Discovery method, or null when Cluster Bootstrap is not used. */
  public String discoveryMethod() {
    return discoveryMethod;
  }

  public boolean usesBootstrap() {
    return discoveryMethod != null;
  }

  static Discovery fromSetting(String value) {
    String wanted = value.strip().toLowerCase(Locale.ROOT);
    for (Discovery discovery : values()) {
      if (discovery.setting.equals(wanted)) {
        return discovery;
      }
    }
    throw new IllegalArgumentException("must be one of self, seeds, config, dns, kubernetes-api");
  }
}
