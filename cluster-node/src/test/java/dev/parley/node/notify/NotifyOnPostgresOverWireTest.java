package dev.parley.node.notify;

import dev.parley.node.testing.TestNode;
import dev.parley.persistence.testing.PostgresTestServer;
import java.util.Map;

/** {@link NotifyOverWireTest} on PostgreSQL: the notify tables' statements on the other dialect. */
class NotifyOnPostgresOverWireTest extends NotifyOverWireTest {
  @Override
  TestNode startNode(Map<String, Object> settings) {
    return TestNode.startOn(PostgresTestServer.freshDatabase(), settings);
  }
}
