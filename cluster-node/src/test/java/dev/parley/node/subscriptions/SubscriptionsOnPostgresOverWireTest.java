package dev.parley.node.subscriptions;

import dev.parley.node.testing.TestNode;
import dev.parley.persistence.testing.PostgresTestServer;
import java.util.Map;

/** {@link SubscriptionsOverWireTest} on PostgreSQL: the subscription tables' statements on the other dialect. */
class SubscriptionsOnPostgresOverWireTest extends SubscriptionsOverWireTest {
  @Override
  TestNode startNode(Map<String, Object> settings) {
    return TestNode.startOn(PostgresTestServer.freshDatabase(), settings);
  }
}
