package dev.parley.node.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MentionsTest {
  private static final Map<String, String> MEMBERS = Map.of("bob", "u-bob", "ann.lee", "u-ann", "carol", "u-carol");

  @Test
  void namesAfterAnAtAreFoundOnceEachInOrderAndCaseInsensitively() {
    assertEquals(List.of("bob", "ann.lee"), Mentions.usernamesIn("@Bob and @ann.lee, then @bob again"));
    assertEquals(List.of(), Mentions.usernamesIn("no mentions here"));
  }

  @Test
  void anAddressOrAWordBeforeTheAtIsNotAMention() {
    assertEquals(List.of(), Mentions.usernamesIn("mail bob@example.org or x@carol"));
  }

  @Test
  void onlyMembersResolveAndSentencePunctuationIsNotPartOfTheName() {
    assertEquals(
        List.of("u-bob", "u-ann"),
        Mentions.resolve(Mentions.usernamesIn("thanks @bob. ask @ann.lee- and @nobody"), MEMBERS));
  }
}
