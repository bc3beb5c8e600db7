package dev.parley.node.hostile;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Field values: valid ones of each kind the contract names, aimed at {@link Targets}, and hostile
 * ones: wrong JSON types, extreme numbers, huge strings, structures where scalars belong, null, and
 * Unicode edge cases (escaped lone surrogates, NUL, direction marks, emoji).
 */
final class HostileValues {
  /** Jackson's default limit: a number of more digits is not parsed at all. */
  private static final int PARSER_MAX_NUMBER_DIGITS = 1000;

  private static final List<JsonText> NUMBERS =
      List.of(
          JsonText.raw("1e400"), JsonText.raw("-1e400"), JsonText.raw("1e-400"), JsonText.raw("-1"), JsonText.raw("0"),
          JsonText.raw("-0"), JsonText.raw("0.5"), JsonText.raw("1.0"), JsonText.raw("1E2"),
          JsonText.raw("9223372036854775807"), JsonText.raw("9223372036854775808"), JsonText.raw("-9223372036854775808"),
          JsonText.raw("-9223372036854775809"), JsonText.raw(BigInteger.TWO.pow(70).toString()),
          JsonText.raw("2147483648"), JsonText.raw("-2147483649"), JsonText.raw("123456789012345678901234567890.5e-3"),
          JsonText.raw("9".repeat(PARSER_MAX_NUMBER_DIGITS - 10)),
          JsonText.unparsable("9".repeat(PARSER_MAX_NUMBER_DIGITS + 100)));

  private static final List<JsonText> STRINGS =
      List.of(
          JsonText.raw("\"\""), JsonText.raw("\" \""), JsonText.raw("\"5\""), JsonText.raw("\"true\""),
          JsonText.raw("\"null\""), JsonText.raw("\"\\ud800\""), JsonText.raw("\"\\udfff\""), JsonText.raw("\"a\\ud800b\""),
          JsonText.raw("\"\\udc00\\ud800\""), JsonText.raw("\"x\\ud83d\""), JsonText.raw("\"\\u0000\""), JsonText.raw("\"a\\u0000b\""),
          JsonText.raw("\"\\u202e\\u200f\\u200e\""), JsonText.raw("\"\\ud83d\\ude00\""), JsonText.string("😀🏳️‍🌈👍🏽"),
          JsonText.raw("\"\\ufeff\""), JsonText.raw("\"\\uffff\\ufffe\""), JsonText.raw("\"\\u2028\\u2029\\u0085\""),
          JsonText.string("e\u0301".repeat(50)), JsonText.string("مرحبا بالعالم"), JsonText.string("漢字テキスト"),
          JsonText.raw("\"\\n\\t\\r\\b\\f\""), JsonText.raw("\"\\\"\\\\\\/\""), JsonText.string("<script>alert(1)</script>"),
          JsonText.string("'; DROP TABLE journal; --"), JsonText.string("%s%n%x${jndi:ldap://x}"),
          JsonText.string("../../etc/passwd"));

  private static final List<JsonText> STRUCTURES =
      List.of(
          JsonText.raw("null"), JsonText.raw("true"), JsonText.raw("false"), JsonText.raw("[]"), JsonText.raw("{}"),
          JsonText.raw("[1,\"a\",null,{}]"), JsonText.raw("{\"a\":1}"), JsonText.raw("{\"\":{}}"),
          JsonText.raw("[\"ping\"]"), JsonText.raw("{\"op\":\"ping\"}"), JsonText.raw("[".repeat(50) + "]".repeat(50)),
          JsonText.raw("{\"a\":".repeat(50) + "{}" + "}".repeat(50)));

  private static final List<JsonText> UNPARSABLE =
      List.of(
          JsonText.unparsable("NaN"), JsonText.unparsable("Infinity"), JsonText.unparsable("'single'"),
          JsonText.unparsable("01"), JsonText.unparsable("+1"), JsonText.unparsable("[1,]"), JsonText.unparsable("undefined"),
          JsonText.unparsable("\"unterminated"), JsonText.unparsable("\"\\x41\""), JsonText.unparsable("\"\\u12\""),
          JsonText.unparsable("\"raw\u0001control\""));

  private static final List<String> TEXTS =
      List.of("héllo wörld", "emoji 😀🏳️‍🌈", "مرحبا \u202e olleh", "漢字", "tab\tand\nnewline", "\u0000nul", "zero\u200bwidth");

  private final Targets targets;

  HostileValues(Targets targets) {
    this.targets = targets;
  }

  /** A value that breaks the field it is put in (or an ignored one, as an unknown field). */
  Arbitrary<JsonText> hostile() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(NUMBERS)),
        Tuple.of(4, Arbitraries.of(STRINGS)),
        Tuple.of(3, Arbitraries.of(STRUCTURES)),
        Tuple.of(2, hugeString()),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40).map(JsonText::string)),
        Tuple.of(1, Arbitraries.longs().map(n -> JsonText.raw(Long.toString(n)))),
        Tuple.of(1, Arbitraries.doubles().map(d -> JsonText.raw(Double.toString(d)))),
        Tuple.of(1, Arbitraries.of(UNPARSABLE)));
  }

  /** Up to about 40 KB, in one-, four- and six-byte units, within one frame. */
  private Arbitrary<JsonText> hugeString() {
    return Arbitraries.integers()
        .between(1_000, 10_000)
        .flatMap(
            n ->
                Arbitraries.of(
                    JsonText.string("a".repeat(4 * n)),
                    JsonText.string("😀".repeat(n)),
                    JsonText.raw('"' + "\\u0000".repeat(n) + '"'),
                    JsonText.raw('"' + "\\ud800".repeat(n) + '"')));
  }

  /** A valid value of the kind: the real ids mostly, sometimes ids of nothing. */
  Arbitrary<JsonText> valid(ContractOps.Kind kind) {
    return switch (kind) {
      case WORKSPACE_ID -> mostly(targets.workspaceId(), "w");
      case CHANNEL_ID -> mostly(targets.channelId(), "c");
      case USER_ID -> Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(targets.userIds())), Tuple.of(1, fakeId("u"))).map(JsonText::string);
      case USER_IDS ->
          Arbitraries.of(targets.userIds())
              .list()
              .ofMinSize(1)
              .ofMaxSize(3)
              .map(ids -> JsonText.raw(ids.stream().map(id -> JsonText.string(id).text()).toList().toString()));
      case WORKSPACE_NAME -> Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(s -> JsonText.string("fuzz " + s));
      case CHANNEL_NAME -> Arbitraries.of("fz-a", "fz-b", "fz.c").map(JsonText::string);
      case TOPIC -> Arbitraries.frequencyOf(Tuple.of(3, words()), Tuple.of(1, Arbitraries.of(TEXTS))).map(JsonText::string);
      case TEXT ->
          Arbitraries.frequencyOf(
                  Tuple.of(6, words()),
                  Tuple.of(2, Arbitraries.of(TEXTS)),
                  Tuple.of(1, Arbitraries.of("x".repeat(4000), "x".repeat(4001), "😀".repeat(4000), " ")))
              .map(JsonText::string);
      case CLIENT_MSG_ID -> Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30).map(s -> JsonText.string("fz" + s));
      case SEQ ->
          Arbitraries.frequencyOf(
                  Tuple.of(6, Arbitraries.longs().between(0, 60)),
                  Tuple.of(1, Arbitraries.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, Long.MAX_VALUE - 200, 1L << 32)))
              .map(n -> JsonText.raw(Long.toString(n)));
      case LIMIT -> Arbitraries.integers().between(1, 200).map(n -> JsonText.raw(Integer.toString(n)));
      case FLAG -> Arbitraries.of("true", "false").map(JsonText::raw);
      case INVITE_CODE -> mostly(targets.inviteCode(), "");
      case ROLE -> Arbitraries.of("admin", "member", "owner").map(JsonText::string);
      case STATUS -> Arbitraries.of("online", "away", "dnd").map(JsonText::string);
      case EMOJI -> Arbitraries.of("👍", ":+1:", "🏳️‍🌈").map(JsonText::string);
      case CALL_ID -> Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20).map(JsonText::string);
      case CALL_KIND -> Arbitraries.of("offer", "answer", "ice", "hangup").map(JsonText::string);
      case PAYLOAD -> Arbitraries.just(JsonText.raw("{\"sdp\":\"v=0\",\"candidates\":[1,2]}"));
      case TOKEN -> Arbitraries.just(JsonText.string(targets.token()));
      case RESUME -> Arbitraries.longs().between(0, 5).map(seq -> JsonText.raw("{" + JsonText.string(targets.channelId()).text() + ":" + seq + "}"));
    };
  }

  private static Arbitrary<String> words() {
    return Arbitraries.strings().alpha().numeric().withChars(' ').ofMinLength(1).ofMaxLength(60).map(s -> "fuzz " + s);
  }

  private static Arbitrary<JsonText> mostly(String real, String fakePrefix) {
    return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(real)), Tuple.of(1, fakeId(fakePrefix))).map(JsonText::string);
  }

  private static Arbitrary<String> fakeId(String prefix) {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(30).map(s -> prefix + s);
  }
}
