package dev.parley.node.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Signed links: valid for their file and user until they expire, and for nothing else. */
class FileLinksTest {
  private static final byte[] SECRET = "a token secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);

  private static Map<String, String> parameters(String query) {
    Map<String, String> values = new HashMap<>();
    for (String pair : query.split("&")) {
      String[] kv = pair.split("=", 2);
      values.put(kv[0], kv[1]);
    }
    return values;
  }

  @Test
  void aLinkWorksForItsFileAndUserUntilItExpires() {
    ManualClock clock = new ManualClock(1_000_000);
    FileLinks links = new FileLinks(SECRET, Duration.ofMinutes(5), clock);
    FileLinks.Link link = links.sign("f1", "u1");
    assertEquals(1_000_000 + 300_000, link.expiresAt());
    Map<String, String> p = parameters(link.query());
    assertEquals(Optional.of(new FileLinks.Grant("f1", "u1")), links.verify("f1", p.get("u"), p.get("e"), p.get("s")));

    assertEquals(Optional.empty(), links.verify("f2", p.get("u"), p.get("e"), p.get("s")), "another file");
    assertEquals(Optional.empty(), links.verify("f1", "u2", p.get("e"), p.get("s")), "another user");
    assertEquals(Optional.empty(), links.verify("f1", p.get("u"), String.valueOf(link.expiresAt() + 60_000), p.get("s")), "a later expiry");
    assertEquals(Optional.empty(), links.verify("f1", p.get("u"), "soon", p.get("s")));
    assertEquals(Optional.empty(), links.verify("f1", p.get("u"), p.get("e"), ""));
    assertEquals(
        Optional.empty(),
        new FileLinks("another secret, also thirty-two bytes long".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), clock)
            .verify("f1", p.get("u"), p.get("e"), p.get("s")),
        "another deployment's key");

    clock.advance(Duration.ofMinutes(5));
    assertTrue(links.verify("f1", p.get("u"), p.get("e"), p.get("s")).isPresent(), "valid up to its expiry");
    clock.advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), links.verify("f1", p.get("u"), p.get("e"), p.get("s")), "expired");
  }
}
