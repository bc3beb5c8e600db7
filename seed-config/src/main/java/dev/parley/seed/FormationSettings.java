package dev.parley.seed;

import static dev.parley.seed.SettingReader.read;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How this node finds its cluster, read from {@code parley.cluster} and {@code parley.discovery}
 * (each key has an environment variable, named in every error).
 */
public record FormationSettings(
    Discovery discovery,
    List<HostPort> seedNodes,
    String serviceName,
    int requiredContactPoints,
    List<HostPort> configContactPoints,
    String kubernetesNamespace) {

  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9._-]*");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** A {@code host:port} pair. */
  public record HostPort(String host, int port) {
    static HostPort parse(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("must be comma-separated host:port pairs");
      }
      return new HostPort(value.substring(0, colon).strip(), FormationSettings.port(value.substring(colon + 1)));
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  public static FormationSettings from(Config config) {
    List<HostPort> seeds = read(config, "parley.cluster.seed-nodes", "PARLEY_SEED_NODES", FormationSettings::hostPorts);
    String mode = read(config, "parley.discovery.method", "PARLEY_DISCOVERY", v -> v);
    Discovery discovery =
        mode.isBlank()
            ? (seeds.isEmpty() ? Discovery.SELF : Discovery.SEEDS)
            : read(config, "parley.discovery.method", "PARLEY_DISCOVERY", Discovery::fromSetting);
    String service = read(config, "parley.discovery.service", "PARLEY_DISCOVERY_SERVICE", FormationSettings::serviceName);
    int required = read(config, "parley.discovery.required-contact-points", "PARLEY_REQUIRED_CONTACT_POINTS", SettingChecks::positiveWholeNumber);
    List<HostPort> contactPoints =
        read(config, "parley.discovery.config-contact-points", "PARLEY_CONFIG_CONTACT_POINTS", FormationSettings::hostPorts);
    String namespace =
        read(config, "parley.discovery.kubernetes-namespace", "PARLEY_KUBERNETES_NAMESPACE", FormationSettings::namespace);
    if (discovery == Discovery.SEEDS && seeds.isEmpty()) {
      throw new InvalidSettingException("PARLEY_SEED_NODES", "must list host:port pairs when PARLEY_DISCOVERY=seeds");
    }
    if ((discovery == Discovery.DNS || discovery == Discovery.KUBERNETES_API) && service.isEmpty()) {
      throw new InvalidSettingException("PARLEY_DISCOVERY_SERVICE", "must name the service when PARLEY_DISCOVERY=" + discovery.setting());
    }
    if (discovery == Discovery.CONFIG && contactPoints.isEmpty()) {
      throw new InvalidSettingException("PARLEY_CONFIG_CONTACT_POINTS", "must list host:port pairs when PARLEY_DISCOVERY=config");
    }
    return new FormationSettings(discovery, seeds, service, required, contactPoints, namespace);
  }

  /** A TCP port, 1-65535. */
  public static int port(String value) {
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with the same message as an out-of-range number
    }
    throw new IllegalArgumentException("must be a port number 1-65535");
  }

  /** A DNS name (dns) or a label value (kubernetes-api): both are letters, digits, '.', '-' and '_'. */
  private static String serviceName(String value) {
    String name = value.strip();
    if (!SERVICE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("must be empty or a DNS name or label value such as parley or parley.default.svc");
    }
    return name;
  }

  /** Empty, or a Kubernetes namespace: an RFC 1123 label. */
  private static String namespace(String value) {
    String namespace = value.strip();
    if (!namespace.isEmpty() && !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("must be empty or a Kubernetes namespace (lower-case letters, digits and '-', up to 63)");
    }
    return namespace;
  }

  private static List<HostPort> hostPorts(String value) {
    List<HostPort> pairs = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        pairs.add(HostPort.parse(item.strip()));
      }
    }
    return List.copyOf(pairs);
  }
}
