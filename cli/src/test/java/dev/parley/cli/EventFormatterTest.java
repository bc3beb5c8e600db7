package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.protocol.Limits;
import dev.parley.protocol.WireCodec;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class EventFormatterTest {
  final EventFormatter utc = new EventFormatter(new WireCodec(Limits.DEFAULTS), ZoneId.of("UTC"));
  final UnaryOperator<String> names = id -> Map.of("u1", "alice").getOrDefault(id, id);

  static ChannelEvent event(String type, String json) {
    return ChannelEvent.of(type, Json.parseObject(json));
  }

  @Test
  void postIsTimeUserAndText() {
    // 2023-11-14T22:13:20Z
    ChannelEvent e = event("message.posted",
        "{\"channelId\":\"c\",\"seq\":1,\"author\":\"u1\",\"text\":\"hi there\",\"ts\":1700000000000,\"clientMsgId\":\"m\"}");
    assertEquals("[22:13] alice: hi there", utc.format(e, names));
    assertEquals("[07:13] alice: hi there",
        new EventFormatter(new WireCodec(Limits.DEFAULTS), ZoneId.of("Asia/Tokyo")).format(e, names));
  }

  @Test
  void aPostsFilesFollowItsTextWithSizeAndType() {
    ChannelEvent e = event("message.posted",
        "{\"channelId\":\"c\",\"seq\":1,\"author\":\"u1\",\"text\":\"plans\",\"ts\":0,\"clientMsgId\":\"m\","
            + "\"files\":[{\"id\":\"f1\",\"name\":\"a.png\",\"size\":2048,\"contentType\":\"image/png\",\"thumbnail\":true},"
            + "{\"id\":\"f2\",\"name\":\"evil\\u001b[2J.txt\",\"size\":12,\"contentType\":\"text/plain\"}]}");
    assertEquals("[00:00] alice: plans [file: a.png, 2.0 KiB, image/png] [file: evil\uFFFD[2J.txt, 12 B, text/plain]", utc.format(e, names));
  }

  @Test
  void unknownAuthorFallsBackToTheId() {
    ChannelEvent e = event("message.posted",
        "{\"channelId\":\"c\",\"seq\":1,\"author\":\"u9\",\"text\":\"x\",\"ts\":0,\"clientMsgId\":\"m\"}");
    assertEquals("[00:00] u9: x", utc.format(e, names));
  }

  @Test
  void deletedPostHasNoText() {
    ChannelEvent e = event("message.posted",
        "{\"channelId\":\"c\",\"seq\":1,\"author\":\"u1\",\"ts\":0,\"clientMsgId\":\"m\",\"deleted\":true}");
    assertEquals("[00:00] alice: (deleted)", utc.format(e, names));
  }

  @Test
  void membersJoiningAndLeaving() {
    assertEquals("* alice joined", utc.format(event("member.joined", "{\"channelId\":\"c\",\"seq\":2,\"userId\":\"u1\"}"), names));
    assertEquals("* u2 left", utc.format(event("member.left", "{\"channelId\":\"c\",\"seq\":3,\"userId\":\"u2\"}"), names));
  }

  @Test
  void otherTypesPrintNothing() {
    assertNull(utc.format(event("reaction.added",
        "{\"channelId\":\"c\",\"seq\":4,\"target\":1,\"emoji\":\"x\",\"userId\":\"u1\"}"), names));
    assertNull(utc.format(event("message.edited", "{\"channelId\":\"c\",\"seq\":5,\"target\":1,\"text\":\"y\",\"ts\":0}"), names));
  }

  @Test
  void textCannotForgeLinesOrSendTerminalEscapes() {
    ChannelEvent e = event("message.posted",
        "{\"channelId\":\"c\",\"seq\":1,\"author\":\"u1\",\"text\":\"a\\n[00:00] bob: fake\\r\\n\\u001b[31mred\",\"ts\":0,\"clientMsgId\":\"m\"}");
    assertEquals("[00:00] alice: a\n  [00:00] bob: fake\n  \uFFFD[31mred", utc.format(e, names));
  }

  @Test
  void ephemeralEventsAreNotChannelEvents() {
    assertNull(event("typing", "{\"channelId\":\"c\",\"userId\":\"u1\"}"));
    assertNull(event("presence", "{\"userId\":\"u1\",\"status\":\"away\"}"));
  }
}
