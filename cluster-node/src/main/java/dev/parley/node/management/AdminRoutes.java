package dev.parley.node.management;

import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * {@code POST /v1/admin/drain|leave|down|backup} ({@link AdminApi}) on the management port, which only the
 * cluster's network reaches, rather than on the HTTP port, which everyone does.
 */
public final class AdminRoutes implements ManagementRouteProvider {
  private final AdminApi admin;

  public AdminRoutes(ExtendedActorSystem system) {
    this.admin = NodeState.get(Adapter.toTyped(system)).admin();
    if (admin == null) {
      throw new IllegalStateException("the operator endpoints are unknown: NodeState.started must run before Pekko Management");
    }
  }

  /**
   * Served although the management routes are read-only ({@code route-providers-read-only}): that
   * setting keeps routes that take no credentials from changing the cluster, and every one of
   * these takes the operator token.
   */
  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return admin.route();
  }
}
