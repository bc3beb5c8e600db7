package dev.parley.node.hostile;

import dev.parley.node.testing.RawWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of what a hostile client sends over one connection: (a) requests of every op
 * with fields dropped, of the wrong type or hostile, plus unknown fields; (b) byte mutations of
 * valid frames; (c) deep nesting; (d) JSON that is not an object; (e) binary frames; (f) text that
 * is not UTF-8; (g) frames over the limit (and exactly at it); (h) floods over the rate limit;
 * also messages split across frames and frames that break the WebSocket protocol.
 */
final class HostileFrames {
  /** Inputs per exchange: with auth and the closing ping, within the contract's burst of 50. */
  static final int MAX_EXCHANGE = 30;
  /** Past the burst (50) plus the refusals tolerated in a row (100): a flood must be cut off. */
  private static final int MIN_FLOOD = 200;
  private static final int MAX_FLOOD = 300;
  /** Jackson refuses deeper nesting; frames nested around this depth may or may not parse. */
  private static final int SURELY_PARSED_DEPTH = 990;

  private static final List<byte[]> NOT_UTF8 =
      List.of(
          bytes(0x80), bytes(0xbf), bytes(0xc0, 0x80), bytes(0xc1, 0xbf), bytes(0xe0, 0x80, 0xaf), bytes(0xed, 0xa0, 0x80),
          bytes(0xed, 0xbf, 0xbf), bytes(0xf4, 0x90, 0x80, 0x80), bytes(0xf5, 0x80, 0x80, 0x80),
          bytes(0xf8, 0x88, 0x80, 0x80, 0x80), bytes(0xfe), bytes(0xff), bytes(0xc3, 0x28), bytes(0xe2, 0x82, 0x28));

  private static final List<String> NOT_OBJECTS =
      List.of(
          "[]", "[1,2,3]", "\"ping\"", "42", "-1e400", "null", "true", "false", "", " ", "\n\t",
          "[{\"op\":\"ping\",\"ref\":\"u1\"}]", "{\"op\":\"ping\"}{\"op\":\"ping\"}", "{\"op\":\"ping\"} x", "{\"op\":\"ping\",}",
          "{'op':'ping'}", "{op:\"ping\"}", "{\"op\":\"ping\"", "}", "\"\\ud800\"", "{\"op\":\"ping\" /* c */}",
          "\ufeff{\"op\":\"ping\"}", "{\"op\":\"ping\"}\u0000", "{}", "{\"op\":null}", "{\"ref\":\"u2\"}");

  private final HostileValues values;
  private final int limit;
  private final List<String> serverOps;
  private final List<String> unknownOps;

  HostileFrames(Targets targets, Set<String> serverOps, int maxFrameBytes) {
    this.values = new HostileValues(targets);
    this.limit = maxFrameBytes;
    this.serverOps = List.copyOf(new TreeSet<>(serverOps));
    Set<String> unknown = new TreeSet<>(ContractOps.names());
    unknown.removeAll(serverOps);
    unknown.addAll(List.of("PING", "ping ", "message.Post", "message", "", "op", "__proto__", "auth.", "ping\u0000"));
    this.unknownOps = List.copyOf(unknown);
  }

  Arbitrary<Batch> batches() {
    return Arbitraries.frequencyOf(Tuple.of(30, exchanges()), Tuple.of(1, floods()));
  }

  private Arbitrary<Batch> exchanges() {
    return Combinators.combine(answered().list().ofMinSize(1).ofMaxSize(MAX_EXCHANGE), closer().injectNull(0.6))
        .as(
            (inputs, closer) -> {
              List<Input> answered = inputs.stream().filter(i -> !i.closes()).toList();
              Input last = closer != null ? closer : inputs.stream().filter(Input::closes).findFirst().orElse(null);
              return new Batch.Exchange(answered, last);
            });
  }

  /** Inputs that must each be answered, though some of them turn out to close the socket. */
  private Arbitrary<Input> answered() {
    return Arbitraries.frequencyOf(
        Tuple.of(40, damaged()),
        Tuple.of(12, mutated()),
        Tuple.of(6, deep()),
        Tuple.of(6, notObjects()),
        Tuple.of(5, binary()),
        Tuple.of(5, fragmented()),
        Tuple.of(2, atTheLimit()));
  }

  private Arbitrary<Input> closer() {
    return Arbitraries.frequencyOf(Tuple.of(3, notUtf8()), Tuple.of(3, oversized()), Tuple.of(1, protocolViolations()));
  }

  // (a) requests of every op, damaged

  private record Op(String name, JsonText value) {}

  private record Ref(JsonText value, String tracked) {}

  private record Member(JsonText name, JsonText value) {}

  private record Separators(String between, String colon) {}

  private Arbitrary<Op> op() {
    return Arbitraries.frequencyOf(
        Tuple.of(17, Arbitraries.of(serverOps).map(name -> new Op(name, JsonText.string(name)))),
        Tuple.of(2, Arbitraries.of(unknownOps).map(name -> new Op(name, JsonText.string(name)))),
        Tuple.of(1, values.hostile().map(value -> new Op(null, value))),
        Tuple.of(1, Arbitraries.just(new Op(null, null))));
  }

  /** Mostly a ref the reply must echo; sometimes none, or one the node cannot echo as sent. */
  private Arbitrary<Ref> ref() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, trackedRef().map(ref -> new Ref(JsonText.string(ref), ref))),
        Tuple.of(1, Arbitraries.just(new Ref(null, null))),
        Tuple.of(
            2,
            Arbitraries.of(
                    JsonText.raw("null"), JsonText.raw("5"), JsonText.raw("1e400"), JsonText.raw("true"), JsonText.raw("{}"),
                    JsonText.raw("[\"r\"]"), JsonText.raw("\"\""), JsonText.raw("\"\\ud800\""), JsonText.string("r".repeat(64)),
                    JsonText.string("r".repeat(65)), JsonText.string("r".repeat(10_000)), JsonText.string("😀".repeat(40)))
                .map(value -> new Ref(value, null))));
  }

  /** Unique per connection with overwhelming odds, and never shrunk into duplicates. */
  private static Arbitrary<String> trackedRef() {
    return Arbitraries.randomValue(random -> "t" + Long.toHexString(random.nextLong()));
  }

  private static Arbitrary<String> untrackedRef() {
    return Arbitraries.randomValue(random -> "u" + Long.toHexString(random.nextLong()));
  }

  private Arbitrary<Input> damaged() {
    return Combinators.combine(op(), ref(), extraMembers(), separators())
        .flatAs(
            (op, ref, extras, separators) ->
                damagedMembers(op.name())
                    .map(
                        members -> {
                          List<Member> all = new ArrayList<>(members);
                          all.addAll(extras);
                          return request("damaged", op, ref, all, separators);
                        }));
  }

  private Arbitrary<List<Member>> damagedMembers(String op) {
    List<ContractOps.Field> fields =
        op == null ? List.of() : ContractOps.names().contains(op) ? ContractOps.fieldsOf(op) : ContractOps.oneOfEachKind();
    List<Arbitrary<Optional<Member>>> each = new ArrayList<>();
    for (ContractOps.Field field : fields) {
      JsonText name = JsonText.string(field.name());
      each.add(
          Arbitraries.frequencyOf(
              Tuple.of(field.optional() ? 3 : 7, values.valid(field.kind()).map(v -> Optional.of(new Member(name, v)))),
              Tuple.of(field.optional() ? 5 : 1, Arbitraries.just(Optional.<Member>empty())),
              Tuple.of(3, values.hostile().map(v -> Optional.of(new Member(name, v))))));
    }
    return present(each);
  }

  private static Arbitrary<List<Member>> present(List<Arbitrary<Optional<Member>>> each) {
    if (each.isEmpty()) {
      return Arbitraries.just(List.of());
    }
    return Combinators.combine(each).as(members -> members.stream().flatMap(Optional::stream).toList());
  }

  /** Unknown fields, and known ones again or out of place; never {@code ref}, which the oracle reads. */
  private Arbitrary<List<Member>> extraMembers() {
    List<String> names = new ArrayList<>(ContractOps.allFieldNames());
    names.add("op");
    Arbitrary<JsonText> name =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.of(names).map(JsonText::string)),
            Tuple.of(2, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(JsonText::string)),
            Tuple.of(
                1,
                Arbitraries.of(
                    JsonText.raw("\"\""), JsonText.raw("\"OP\""), JsonText.raw("\" ref\""), JsonText.raw("\"ref\\u0000\""),
                    JsonText.raw("\"\\ud800\""), JsonText.raw("\"__proto__\""), JsonText.raw("\"constructor\""),
                    JsonText.string("n".repeat(2_000)))));
    Arbitrary<Member> member =
        Combinators.combine(name, Arbitraries.frequencyOf(Tuple.of(3, values.hostile()), Tuple.of(1, values.valid(ContractOps.Kind.TEXT))))
            .as(Member::new);
    return Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(List.of())), Tuple.of(3, member.list().ofMinSize(1).ofMaxSize(3)));
  }

  private static Arbitrary<Separators> separators() {
    return Arbitraries.of(new Separators(",", ":"), new Separators(", ", ": "), new Separators(",\n\t", " :\r\n"));
  }

  private Input request(String kind, Op op, Ref ref, List<Member> members, Separators separators) {
    List<String> parts = new ArrayList<>();
    boolean parses = true;
    if (op.value() != null) {
      parts.add("\"op\"" + separators.colon() + op.value().text());
      parses = op.value().parses();
    }
    if (ref.value() != null) {
      parts.add("\"ref\"" + separators.colon() + ref.value().text());
    }
    for (Member member : members) {
      parts.add(member.name().text() + separators.colon() + member.value().text());
      parses &= member.value().parses();
    }
    String tracked = parses ? ref.tracked() : null;
    String checkedOp = tracked != null ? op.name() : null;
    return Input.text(kind, checkedOp, "{" + String.join(separators.between(), parts) + "}", tracked, limit);
  }

  /** A request with every field valid, as the start of a mutation; its ref, if any, is never tracked. */
  private Arbitrary<byte[]> validRequestBytes() {
    return Combinators.combine(Arbitraries.of(serverOps), untrackedRef().injectNull(0.3))
        .flatAs(
            (op, ref) -> {
              List<Arbitrary<Optional<Member>>> each = new ArrayList<>();
              for (ContractOps.Field field : ContractOps.fieldsOf(op)) {
                JsonText name = JsonText.string(field.name());
                Arbitrary<Optional<Member>> value = values.valid(field.kind()).map(v -> Optional.of(new Member(name, v)));
                each.add(field.optional() ? value.injectNull(0.5).map(v -> v == null ? Optional.empty() : v) : value);
              }
              return present(each)
                  .map(
                      members ->
                          request("valid", new Op(op, JsonText.string(op)), new Ref(ref == null ? null : JsonText.string(ref), null), members, new Separators(",", ":"))
                              .frames()
                              .get(0)
                              .payload());
            });
  }

  // (b) mutations of valid frames

  private Arbitrary<Input> mutated() {
    Arbitrary<byte[]> garbage =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8)),
            Tuple.of(2, Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "\\", "\\u", "null", "1e400", "\u00e9", "😀").map(s -> s.getBytes(StandardCharsets.UTF_8))));
    Arbitrary<Mutation> mutation =
        Combinators.combine(
                Arbitraries.of(Mutation.Type.values()), Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 16), garbage)
            .as(Mutation::new);
    return Combinators.combine(validRequestBytes(), mutation.list().ofMinSize(1).ofMaxSize(4))
        .as(
            (bytes, mutations) -> {
              byte[] mutatedBytes = bytes;
              for (Mutation m : mutations) {
                mutatedBytes = m.apply(mutatedBytes);
              }
              return Input.message("mutated", null, RawWebSocket.TEXT, List.of(mutatedBytes), null, limit);
            });
  }

  // (c) deep nesting

  private enum Nesting {
    ARRAYS, OBJECTS, MIXED
  }

  private Arbitrary<Input> deep() {
    return Combinators.combine(
            Arbitraries.integers().between(100, 40_000).withDistribution(RandomDistribution.uniform()),
            Arbitraries.of(Nesting.values()),
            Arbitraries.of(serverOps),
            Arbitraries.of(true, false),
            trackedRef())
        .as(
            (depth, nesting, op, atRoot, ref) -> {
              int fitting = Math.min(depth, (limit - 200) / 6);
              String nested = nest(nesting, fitting);
              if (atRoot) {
                return Input.text("deep", null, nested, null, limit);
              }
              List<ContractOps.Field> fields = ContractOps.fieldsOf(op);
              String field = fields.isEmpty() ? "x" : fields.get(fitting % fields.size()).name();
              boolean parsed = fitting < SURELY_PARSED_DEPTH;
              String text = "{\"op\":\"" + op + "\",\"ref\":\"" + ref + "\",\"" + field + "\":" + nested + "}";
              return Input.text("deep", parsed ? op : null, text, parsed ? ref : null, limit);
            });
  }

  private static String nest(Nesting nesting, int depth) {
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int level = 0; level < depth; level++) {
      boolean array = nesting == Nesting.ARRAYS || (nesting == Nesting.MIXED && level % 2 == 0);
      open.append(array ? "[" : "{\"a\":");
      close.append(array ? "]" : "}");
    }
    return open + "0" + close.reverse();
  }

  // (d) JSON that is not an object, or not JSON

  private Arbitrary<Input> notObjects() {
    return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of(NOT_OBJECTS)),
            Tuple.of(1, Arbitraries.strings().all().ofMaxLength(100)),
            Tuple.of(1, values.hostile().map(JsonText::text)))
        .map(text -> Input.text("not-object", null, text, null, limit));
  }

  // (e) binary frames

  private Arbitrary<Input> binary() {
    Arbitrary<List<byte[]>> payloads =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(512).map(List::of)),
            Tuple.of(1, Arbitraries.just(List.of("{\"op\":\"ping\"}".getBytes(StandardCharsets.UTF_8)))),
            Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMinSize(2).ofMaxSize(3)));
    return payloads.map(parts -> Input.message("binary", null, RawWebSocket.BINARY, parts, null, limit));
  }

  // (f) text that is not UTF-8

  private Arbitrary<Input> notUtf8() {
    return Combinators.combine(validRequestBytes(), Arbitraries.of(NOT_UTF8), Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 3))
        .as(
            (bytes, bad, at, parts) -> {
              int pos = (int) (at * bytes.length);
              byte[] text = new byte[bytes.length + bad.length];
              System.arraycopy(bytes, 0, text, 0, pos);
              System.arraycopy(bad, 0, text, pos, bad.length);
              System.arraycopy(bytes, pos, text, pos + bad.length, bytes.length - pos);
              return Input.message("not-utf8", null, RawWebSocket.TEXT, split(text, parts), null, limit);
            });
  }

  // Messages split across frames, at any byte (also inside a multi-byte character)

  private Arbitrary<Input> fragmented() {
    return Combinators.combine(damaged(), Arbitraries.integers().between(2, 5))
        .as(
            (input, parts) ->
                Input.message(
                    "fragmented", input.op(), RawWebSocket.TEXT, split(input.frames().get(0).payload(), parts), input.trackedRef(), limit));
  }

  private static List<byte[]> split(byte[] bytes, int parts) {
    List<byte[]> fragments = new ArrayList<>();
    int size = Math.max(1, (bytes.length + parts - 1) / parts);
    for (int from = 0; from < bytes.length || fragments.isEmpty(); from += size) {
      fragments.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + size)));
    }
    return fragments;
  }

  // (g) frames over the limit, and exactly at it

  private Arbitrary<Input> atTheLimit() {
    return Combinators.combine(trackedRef(), Arbitraries.of(1, 2))
        .as((ref, parts) -> Input.message("at-limit", "ping", RawWebSocket.TEXT, split(paddedPing(ref, limit), parts), ref, limit));
  }

  private Arbitrary<Input> oversized() {
    Arbitrary<Integer> size = Arbitraries.integers().between(limit + 1, 3 * limit);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(untrackedRef(), size).as((ref, n) -> Input.message("oversized", null, RawWebSocket.TEXT, List.of(paddedPing(ref, n)), null, limit))),
        Tuple.of(
            2,
            Combinators.combine(untrackedRef(), size)
                .as((ref, n) -> Input.message("oversized", null, RawWebSocket.TEXT, split(paddedPing(ref, n), (n + limit - 1) / limit + 1), null, limit))),
        Tuple.of(1, size.map(n -> Input.message("oversized", null, RawWebSocket.BINARY, List.of(new byte[n]), null, limit))));
  }

  /** A ping of exactly {@code size} bytes: if the node let it through, it would answer it. */
  private static byte[] paddedPing(String ref, int size) {
    String head = "{\"op\":\"ping\",\"ref\":\"" + ref + "\",\"pad\":\"";
    String tail = "\"}";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
  }

  // Frames that break RFC 6455 itself

  private Arbitrary<Input> protocolViolations() {
    byte[] x = bytes('x');
    return Arbitraries.of(
            List.of(new Input.WireFrame(true, 0x3, x)),
            List.of(new Input.WireFrame(true, 0x7, x)),
            List.of(new Input.WireFrame(true, 0xb, x)),
            List.of(new Input.WireFrame(true, 0xf, x)),
            List.of(new Input.WireFrame(true, RawWebSocket.CONTINUATION, "{}".getBytes(StandardCharsets.UTF_8))),
            List.of(new Input.WireFrame(false, 0x9, x)),
            List.of(new Input.WireFrame(true, 0x9, new byte[126])),
            List.of(new Input.WireFrame(false, RawWebSocket.TEXT, "{\"op\"".getBytes(StandardCharsets.UTF_8)), new Input.WireFrame(true, RawWebSocket.TEXT, "{}".getBytes(StandardCharsets.UTF_8))),
            List.of(new Input.WireFrame(true, RawWebSocket.CLOSE, x)))
        .map(frames -> Input.protocolViolation("protocol-violation", frames));
  }

  // (h) floods over the per-connection rate limit

  private Arbitrary<Batch> floods() {
    Arbitrary<Input> request =
        Arbitraries.frequencyOf(
            Tuple.of(5, trackedRef().map(ref -> Input.text("flood", "ping", "{\"op\":\"ping\",\"ref\":\"" + ref + "\"}", ref, limit))),
            Tuple.of(3, notObjects()),
            Tuple.of(1, binary()),
            Tuple.of(2, damaged().filter(input -> !input.closes() && input.size() < 2_000)));
    return request.list().ofMinSize(MIN_FLOOD).ofMaxSize(MAX_FLOOD).map(Batch.Flood::new);
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
