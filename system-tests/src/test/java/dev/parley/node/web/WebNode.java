package dev.parley.node.web;

import dev.parley.node.testing.TestNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The node a browser test class loads its pages from: in-process, on H2, rate limits lifted, with
 * the class's own settings on top; started once Chromium is known to be installed.
 */
final class WebNode implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, Object> config = new HashMap<>(TestNode.UNLIMITED);
  private TestNode node;

  WebNode() {
    this(Map.of());
  }

  WebNode(Map<String, Object> settings) {
    config.putAll(settings);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Browser.assertInstalled();
    node = TestNode.startH2(config);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (node != null) {
      node.close();
    }
  }

  TestNode node() {
    return node;
  }
}
