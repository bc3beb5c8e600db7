package dev.parley.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's limits (docs/protocol.md, "Errors, limits and close codes") at their defaults. */
class LimitsTest {
  private static final Limits LIMITS = Limits.DEFAULTS;

  // Usernames: 3..32 of [a-z0-9._-], case-insensitive, stored lower-case

  @Test
  void usernameIsLowerCased() {
    assertEquals("alice.b_2-x", LIMITS.username("Alice.B_2-X"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "a.b", "0_9", "abcdefghijklmnopqrstuvwxyz012345"})
  void acceptsUsernamesWithinTheLimits(String username) {
    assertEquals(username, LIMITS.username(username));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "ab", "abcdefghijklmnopqrstuvwxyz0123456", "al ice", "alice!", "ålice", "alice@example", "ali\u0000ce"})
  void rejectsUsernamesOutsideTheLimits(String username) {
    assertBadRequest(() -> LIMITS.username(username));
  }

  @Test
  void rejectsMissingUsername() {
    assertBadRequest(() -> LIMITS.username(null));
  }

  // Channel names: 1..80 of [a-z0-9._-]

  @ParameterizedTest
  @ValueSource(strings = {"g", "general", "team-2.0_ops", "0"})
  void acceptsChannelNamesOfTheCharset(String name) {
    assertEquals(name, LIMITS.channelName(name));
  }

  @Test
  void acceptsChannelNameOf80Characters() {
    String name = "c".repeat(80);
    assertEquals(name, LIMITS.channelName(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "General", "gen eral", "#general", "café", "a/b", "x\n"})
  void rejectsChannelNamesOutsideTheCharset(String name) {
    assertBadRequest(() -> LIMITS.channelName(name));
  }

  @Test
  void rejectsChannelNameOf81Characters() {
    assertBadRequest(() -> LIMITS.channelName("c".repeat(81)));
  }

  // Message text: 1..4000 characters, not blank

  @Test
  void acceptsTextOfOneAndOf4000Characters() {
    assertEquals("a", LIMITS.messageText("a"));
    String longest = "t".repeat(4000);
    assertEquals(longest, LIMITS.messageText(longest));
  }

  @Test
  void countsTextInCharactersNotUtf16Units() {
    String emoji = "😀".repeat(4000); // 8000 UTF-16 units, 4000 characters
    assertEquals(emoji, LIMITS.messageText(emoji));
    assertBadRequest(() -> LIMITS.messageText(emoji + "😀"));
  }

  @Test
  void rejectsTextOutsideTheLimits() {
    assertBadRequest(() -> LIMITS.messageText(null));
    assertBadRequest(() -> LIMITS.messageText(""));
    assertBadRequest(() -> LIMITS.messageText("   \n\t"));
    assertBadRequest(() -> LIMITS.messageText("t".repeat(4001)));
  }

  // History limit: 1..200, default 50

  @Test
  void historyLimitDefaultsTo50() {
    assertEquals(50, LIMITS.historyLimit(null));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 199, 200})
  void acceptsHistoryLimitsFrom1To200(int limit) {
    assertEquals(limit, LIMITS.historyLimit(limit));
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 201, Integer.MAX_VALUE})
  void rejectsHistoryLimitsOutside1To200(int limit) {
    assertBadRequest(() -> LIMITS.historyLimit(limit));
  }

  // The other limits

  @Test
  void workspaceNameIsStrippedAndLimitedTo80PrintableCharacters() {
    assertEquals("Acme Corp", LIMITS.workspaceName("  Acme Corp \t"));
    assertEquals("É".repeat(80), LIMITS.workspaceName("É".repeat(80)));
    assertBadRequest(() -> LIMITS.workspaceName("W".repeat(81)));
    assertBadRequest(() -> LIMITS.workspaceName("   "));
    assertBadRequest(() -> LIMITS.workspaceName("Acme\u0007Corp"));
    assertBadRequest(() -> LIMITS.workspaceName(null));
  }

  @Test
  void passwordIsLimitedTo8To256Characters() {
    assertEquals("p".repeat(8), LIMITS.password("p".repeat(8)));
    assertEquals("p".repeat(256), LIMITS.password("p".repeat(256)));
    assertBadRequest(() -> LIMITS.password("p".repeat(7)));
    assertBadRequest(() -> LIMITS.password("p".repeat(257)));
    assertBadRequest(() -> LIMITS.password(null));
  }

  @Test
  void idsAreLimitedTo64Characters() {
    assertEquals("i".repeat(64), LIMITS.id("clientMsgId", "i".repeat(64)));
    assertBadRequest(() -> LIMITS.id("clientMsgId", "i".repeat(65)));
    assertBadRequest(() -> LIMITS.id("clientMsgId", ""));
    assertBadRequest(() -> LIMITS.id("clientMsgId", null));
  }

  @Test
  void refIsOptionalAndLimitedTo64Characters() {
    assertEquals(null, LIMITS.optionalRef(null));
    assertEquals("r".repeat(64), LIMITS.optionalRef("r".repeat(64)));
    assertBadRequest(() -> LIMITS.optionalRef("r".repeat(65)));
  }

  @Test
  void topicIsOptionalAndLimitedTo250PrintableCharacters() {
    assertEquals("", LIMITS.topic(null));
    assertEquals("", LIMITS.topic(""));
    assertEquals("t".repeat(250), LIMITS.topic("t".repeat(250)));
    assertBadRequest(() -> LIMITS.topic("t".repeat(251)));
    assertBadRequest(() -> LIMITS.topic("line\u0000break"));
  }

  @Test
  void displayNameFallsBackWhenAbsentOrBlank() {
    assertEquals("alice", LIMITS.displayName(null, "alice"));
    assertEquals("alice", LIMITS.displayName("  ", "alice"));
    assertEquals("Alice A.", LIMITS.displayName(" Alice A. ", "alice"));
    assertBadRequest(() -> LIMITS.displayName("D".repeat(81), "alice"));
  }

  /** U+202E reverses what follows, U+2066..2069 isolate, U+200B..200D and U+2060 are invisible. */
  @ParameterizedTest
  @ValueSource(strings = {"\u202E", "\u202A", "\u2066", "\u2069", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u2028"})
  void namesShownToOthersRefuseBidiAndZeroWidthControls(String control) {
    assertBadRequest(() -> LIMITS.displayName("ad" + control + "min", "alice"));
    assertBadRequest(() -> LIMITS.workspaceName("Acme" + control + "Corp"));
    assertBadRequest(() -> LIMITS.username("ad" + control + "min"));
    assertBadRequest(() -> LIMITS.channelName("gen" + control + "eral"));
    assertEquals("Zoë 🚀 Ω", LIMITS.displayName("Zoë 🚀 Ω", "alice"));
  }

  @Test
  void seqsMustNotBeNegative() {
    assertEquals(-1, Limits.optionalSeq("after", null));
    assertEquals(0, Limits.optionalSeq("after", 0L));
    assertBadRequest(() -> Limits.optionalSeq("after", -1L));
  }

  @Test
  void resumeNamesAtMost1000ChannelsWithSeqsOfZeroOrMore() {
    Map<String, Long> full = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      full.put("c" + i, (long) i);
    }
    assertEquals(full, LIMITS.resume(full));
    assertEquals(Map.of(), LIMITS.resume(null));

    Map<String, Long> tooMany = new HashMap<>(full);
    tooMany.put("c-extra", 1L);
    assertBadRequest(() -> LIMITS.resume(tooMany));
    assertBadRequest(() -> LIMITS.resume(Map.of("c1", -1L)));
    assertBadRequest(() -> LIMITS.resume(Map.of("", 1L)));
    Map<String, Long> nullSeq = new HashMap<>();
    nullSeq.put("c1", null);
    assertBadRequest(() -> LIMITS.resume(nullSeq));
  }

  private static void assertBadRequest(Executable check) {
    ProtocolException e = assertThrows(ProtocolException.class, check);
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
  }
}
