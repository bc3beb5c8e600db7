package dev.parley.node.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a reader's page showed against what another user sent: the reconnect scenarios' figures.
 * {@code inOrder}: the sent messages, as shown, in the order they were acknowledged (the reader's
 * own posts may sit anywhere between them).
 */
record ShownMessages(int sent, int seen, int duplicates, boolean inOrder) {

  static ShownMessages of(List<String> sent, List<String> seen) {
    Set<String> distinct = new HashSet<>(seen);
    Set<String> sentTexts = Set.copyOf(sent);
    return new ShownMessages(
        sent.size(), seen.size(), seen.size() - distinct.size(), seen.stream().filter(sentTexts::contains).toList().equals(sent));
  }

  /**
   * The reconnect scenarios' verdict: prints their line, then checks that the page showed every
   * sent message exactly once, in order, and its own post exactly once.
   */
  static void assertShownOnce(String scenario, List<String> sent, List<String> shown, String ownPost) {
    ShownMessages counts = of(sent, shown.stream().filter(text -> !text.equals(ownPost)).toList());
    System.out.println(counts.report(scenario));
    assertEquals(0, counts.duplicates(), "every message exactly once: " + shown);
    assertTrue(counts.inOrder(), "every message, in order: " + shown);
    assertEquals(sent.size(), counts.seen(), "every message: " + shown);
    assertEquals(1, shown.stream().filter(text -> text.equals(ownPost)).count());
  }

  /** One line for the test output, which the closing notes and docs quote. */
  String report(String scenario) {
    return String.format("%s: sent=%d seen=%d duplicates=%d in-order=%b", scenario, sent, seen, duplicates, inOrder);
  }
}
