package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An axe-core audit of what a browser shows now: axe (vendored under test resources, its version
 * in docs/stack.md) is run in the page through WebDriver, which the page's Content-Security-Policy
 * does not govern, so the client itself needs no exception for it.
 */
final class Accessibility {
  private static final String AXE = load("/axe/axe.min.js");
  /** What keeps someone from using the page, in axe's words; minor and moderate findings are not failures. */
  private static final String AUDIT =
      """
      const done = arguments[arguments.length - 1];
      axe.run(document, { resultTypes: ['violations'] }).then(
        (results) => done(results.violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at `
            + violation.nodes.map((node) => node.target.join(' ')).join(', '))),
        (error) => done([`axe failed: ${error}`]));
      """;

  private Accessibility() {}

  /** Fails with axe's serious and critical violations on the page as it is now, if any. */
  static void assertNoSeriousViolations(Browser page, String what) {
    page.script(AXE);
    assertEquals(List.of(), page.asyncScript(AUDIT), what);
  }

  private static String load(String resource) {
    try (InputStream in = Accessibility.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
