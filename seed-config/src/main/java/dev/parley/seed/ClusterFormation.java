package dev.parley.seed;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;

/**
 * How a node finds its cluster. {@code self}: it forms a cluster of its own. {@code seeds}: it joins
 * static seed nodes (Artery {@code host:port}). {@code config}, {@code dns}, {@code kubernetes-api}:
 * Pekko Management Cluster Bootstrap discovers the other nodes' management endpoints and the node
 * with the lowest address forms the cluster once the required number of contact points agree.
 */
public final class ClusterFormation {
  private static final String CONFIG_SERVICE = "parley";
  private static final String BOOTSTRAP = "pekko.management.cluster.bootstrap.contact-point-discovery.";

  private ClusterFormation() {}

  /**
   * The configuration Cluster Bootstrap and Pekko Discovery need for these settings, with the
   * address this node is reached at as its Artery and management hostname.
   */
  public static Config configFor(FormationSettings settings, String advertisedHost) {
    Map<String, Object> values = new HashMap<>();
    values.put("pekko.remote.artery.canonical.hostname", advertisedHost);
    values.put("pekko.management.http.hostname", advertisedHost);
    if (settings.discovery().usesBootstrap()) {
      values.put(BOOTSTRAP + "discovery-method", settings.discovery().discoveryMethod());
      values.put(BOOTSTRAP + "required-contact-point-nr", settings.requiredContactPoints());
      values.put(
          BOOTSTRAP + "service-name",
          settings.discovery() == Discovery.CONFIG ? CONFIG_SERVICE : settings.serviceName());
    }
    if (settings.discovery() == Discovery.CONFIG) {
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (FormationSettings.HostPort point : settings.configContactPoints()) {
        endpoints.add(Map.of("host", point.host(), "port", point.port()));
      }
      values.put("pekko.discovery.config.services." + CONFIG_SERVICE + ".endpoints", endpoints);
    }
    if (settings.discovery() == Discovery.DNS) {
      // Docker's DNS answers with a 600 s TTL: a node that looked before its peers existed would
      // not see them for ten minutes.
      values.put("pekko.io.dns.async-dns.positive-ttl", "5s");
      values.put("pekko.io.dns.async-dns.negative-ttl", "5s");
    }
    if (settings.discovery() == Discovery.KUBERNETES_API) {
      // Contact pods by IP: pod DNS names only resolve where the cluster DNS publishes them.
      values.put("pekko.discovery.kubernetes-api.use-raw-ip", true);
      if (!settings.kubernetesNamespace().isEmpty()) {
        values.put("pekko.discovery.kubernetes-api.pod-namespace", settings.kubernetesNamespace());
      }
    }
    return ConfigFactory.parseMap(values);
  }

  /**
   * The address other nodes reach this node at. Bootstrap over DNS recognises itself among the
   * discovered contact points by IP address, so a host name is resolved to its address.
   */
  public static String advertisedHost(FormationSettings settings, String clusterHost) {
    if (settings.discovery() != Discovery.DNS) {
      return clusterHost;
    }
    try {
      return InetAddress.getByName(clusterHost).getHostAddress();
    } catch (UnknownHostException e) {
      throw new InvalidSettingException("PARLEY_CLUSTER_HOST", "does not resolve to an address (got '" + clusterHost + "')");
    }
  }

  /** Starts joining; for Cluster Bootstrap, Pekko Management must already be started. */
  public static void join(ActorSystem<?> system, FormationSettings settings) {
    Cluster cluster = Cluster.get(system);
    switch (settings.discovery()) {
      case SELF:
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        return;
      case SEEDS:
        List<Address> seeds = new ArrayList<>();
        for (FormationSettings.HostPort node : settings.seedNodes()) {
          seeds.add(new Address("pekko", system.name(), node.host(), node.port()));
        }
        cluster.manager().tell(new JoinSeedNodes(seeds));
        return;
      default:
        ClusterBootstrap.get(system.classicSystem()).start();
    }
  }
}
