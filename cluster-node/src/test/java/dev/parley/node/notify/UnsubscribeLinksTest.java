package dev.parley.node.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnsubscribeLinksTest {
  private final UnsubscribeLinks links = new UnsubscribeLinks("a secret of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8));

  @Test
  void aTokenNamesTheUserItWasSignedForAndNoOther() {
    String token = links.token("uabc");
    assertEquals(Optional.of("uabc"), links.verify(token));
    String signature = token.substring(token.indexOf('.'));
    assertEquals(Optional.empty(), links.verify("uabd" + signature), "another user with the same signature");
    assertEquals(Optional.empty(), links.verify(token.substring(0, token.length() - 1)), "a cut signature");
  }

  @Test
  void anotherDeploymentsTokensAndMalformedOnesAreRefused() {
    UnsubscribeLinks other = new UnsubscribeLinks("another secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));
    assertEquals(Optional.empty(), links.verify(other.token("uabc")));
    assertEquals(Optional.empty(), links.verify(null));
    assertEquals(Optional.empty(), links.verify("uabc"));
    assertEquals(Optional.empty(), links.verify(".sig"));
  }
}
