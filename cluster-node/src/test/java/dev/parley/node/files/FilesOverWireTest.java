package dev.parley.node.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.FileClient;
import dev.parley.node.testing.Images;
import dev.parley.node.testing.RawHttp;
import dev.parley.node.testing.TestNode;
import dev.parley.node.testing.WsClient;
import java.awt.image.BufferedImage;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files over real HTTP and WebSocket: upload, post, download by members only, signed links, the
 * size limit and the quota, types from the bytes, the headers a browser obeys, and removal with the
 * message. The node's limits are small (256 KiB a file, 600 KiB a user) so that the tests move
 * little data; the defaults are only configuration.
 */
class FilesOverWireTest {
  private static final long MAX_BYTES = 256 * 1024;
  private static final String SECRET = "secret-location-51.5007N-0.1246W";
  private static TestNode node;
  /** The deployment's first account, so its administrator. */
  private static Accounts.User admin;

  @BeforeAll
  static void start() {
    node =
        TestNode.startH2(
            Map.of(
                "parley.files.max-size", "256KiB",
                "parley.files.quota-per-user", "600KiB",
                // A burst no other test's user reaches, and no refill within a test.
                "parley.files.uploads-burst", 10,
                "parley.files.uploads-per-minute", 0.1));
    admin = Accounts.newUser(node.httpUrl(), "root");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Room(Accounts.User owner, String workspaceId, String channelId) {}

  private static ApiClient api(Accounts.User user) {
    return ApiClient.as(node.httpUrl(), user.accessToken());
  }

  private static FileClient files(Accounts.User user) {
    return FileClient.as(node.httpUrl(), user.accessToken());
  }

  private static Room room() {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "fay");
    String workspaceId = api(owner).ok("workspace.create", n -> n.put("name", "Files")).path("workspace").path("id").asText();
    String channelId =
        api(owner).ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "shared")).path("channel").path("id").asText();
    return new Room(owner, workspaceId, channelId);
  }

  /** A user in the room's workspace; in its channel too when {@code joins}. */
  private static Accounts.User member(Room room, boolean joins) {
    Accounts.User member = Accounts.newUser(node.httpUrl(), "gus");
    String code = api(room.owner()).ok("workspace.invite", n -> n.put("workspaceId", room.workspaceId())).path("code").asText();
    api(member).ok("workspace.join", n -> n.put("code", code));
    if (joins) {
      api(member).ok("channel.join", n -> n.put("channelId", room.channelId()));
    }
    return member;
  }

  private static JsonNode post(Accounts.User author, String channelId, String clientMsgId, String text, String... fileIds) {
    return api(author)
        .ok(
            "message.post",
            n -> {
              n.put("channelId", channelId).put("clientMsgId", clientMsgId).put("text", text);
              Arrays.stream(fileIds).forEach(n.putArray("files")::add);
            });
  }

  private static HttpResponse<String> postRaw(Accounts.User author, String channelId, String clientMsgId, String... fileIds) {
    return api(author)
        .call(
            "message.post",
            n -> {
              n.put("channelId", channelId).put("clientMsgId", clientMsgId).put("text", "with files");
              Arrays.stream(fileIds).forEach(n.putArray("files")::add);
            });
  }

  private static void assertError(int status, String code, HttpResponse<?> response) {
    String body = response.body() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(response.body());
    assertEquals(status, response.statusCode(), body);
    assertEquals(code, FileClient.json(body).path("code").asText(), body);
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  private static byte[] bytes(int size, byte fill) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, fill);
    return bytes;
  }

  @Test
  void aMemberReceivesAPostedImageLiveAndDownloadsItAndItsThumbnailWithoutTheMetadata() {
    Room room = room();
    Accounts.User member = member(room, true);
    byte[] png = Images.pngWithMetadata(1200, 800, SECRET);
    JsonNode file = files(room.owner()).uploaded(room.channelId(), "holiday.png", "application/octet-stream", png);
    assertEquals("holiday.png", file.path("name").asText());
    assertEquals(png.length, file.path("size").asLong());
    assertEquals("image/png", file.path("contentType").asText());
    assertTrue(file.path("thumbnail").asBoolean(), file.toString());

    try (WsClient socket = WsClient.authenticated(node.wsUrl(), member.accessToken())) {
      JsonNode posted = post(room.owner(), room.channelId(), "pic-1", "look", file.path("id").asText());
      JsonNode event = socket.awaitEvent("message.posted", d -> d.path("seq").asLong() == posted.path("seq").asLong());
      assertEquals(file, event.path("files").get(0), "the live event carries the file as the upload showed it");
    }
    JsonNode history = api(member).ok("history", n -> n.put("channelId", room.channelId()));
    JsonNode last = history.path("events").get(history.path("events").size() - 1).path("data");
    assertEquals(file, last.path("files").get(0));

    HttpResponse<byte[]> download = files(member).download(file.path("id").asText());
    assertEquals(200, download.statusCode());
    assertArrayEquals(png, download.body());
    assertEquals("image/png", header(download, "Content-Type"));
    assertTrue(header(download, "Content-Disposition").startsWith("inline"), header(download, "Content-Disposition"));
    assertEquals("nosniff", header(download, "X-Content-Type-Options"));
    assertEquals("sandbox; default-src 'none'", header(download, "Content-Security-Policy"));

    HttpResponse<byte[]> thumbnail = files(member).get("/v1/files/" + file.path("id").asText() + "/thumbnail");
    assertEquals(200, thumbnail.statusCode());
    assertEquals("image/png", header(thumbnail, "Content-Type"));
    BufferedImage small = Images.decode(thumbnail.body());
    assertEquals(320, small.getWidth());
    assertEquals(213, small.getHeight());
    assertTrue(new String(png, StandardCharsets.ISO_8859_1).contains(SECRET), "the original carries the metadata");
    assertFalse(new String(thumbnail.body(), StandardCharsets.ISO_8859_1).contains(SECRET), "the thumbnail does not");
  }

  @Test
  void onlyTheChannelsMembersReadAFileAndNobodyWithoutAToken() {
    Room room = room();
    Accounts.User member = member(room, true);
    Accounts.User notInChannel = member(room, false);
    Accounts.User outsider = Accounts.newUser(node.httpUrl(), "hal");
    String fileId = files(room.owner()).uploaded(room.channelId(), "notes.txt", "text/plain", "minutes".getBytes(StandardCharsets.UTF_8)).path("id").asText();

    assertError(404, "not_found", files(member).download(fileId));
    assertEquals(200, files(room.owner()).download(fileId).statusCode(), "the uploader reads a file before it is posted");

    post(room.owner(), room.channelId(), "notes-1", "notes", fileId);
    assertEquals(200, files(member).download(fileId).statusCode());
    assertError(404, "not_found", files(notInChannel).download(fileId));
    assertError(404, "not_found", files(outsider).download(fileId));
    assertError(404, "not_found", files(outsider).get("/v1/files/" + fileId + "/link"));
    assertError(404, "not_found", files(member).download("fnosuchfile0000000000"));
    HttpResponse<byte[]> anonymous = FileClient.anonymous(node.httpUrl()).download(fileId);
    assertError(401, "unauthorized", anonymous);
    assertTrue(header(anonymous, "WWW-Authenticate").startsWith("Bearer"));
    assertError(404, "not_found", files(outsider).upload(room.channelId(), "x.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8)));
    assertError(401, "unauthorized", FileClient.anonymous(node.httpUrl()).upload(room.channelId(), "x.txt", "text/plain", new byte[] {1}));
  }

  @Test
  void aDeactivatedAccountsAccessTokenNeitherUploadsNorDownloads() {
    Room room = room();
    Accounts.User member = member(room, true);
    String fileId = files(room.owner()).uploaded(room.channelId(), "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)).path("id").asText();
    post(room.owner(), room.channelId(), "deact-1", "a", fileId);
    String link = files(member).link(fileId).path("url").asText();
    api(admin).ok("admin.deactivate", n -> n.put("username", member.username()));
    assertError(401, "unauthorized", files(member).download(fileId));
    assertError(401, "unauthorized", files(member).upload(room.channelId(), "b.txt", "text/plain", "b".getBytes(StandardCharsets.UTF_8)));
    assertError(401, "unauthorized", FileClient.anonymous(node.httpUrl()).get(link));
  }

  @Test
  void aSignedLinkServesTheFileWithoutATokenUntilItIsAlteredOrItsUserLeaves() {
    Room room = room();
    Accounts.User member = member(room, true);
    byte[] png = Images.pngWithMetadata(400, 400, SECRET);
    String fileId = files(room.owner()).uploaded(room.channelId(), "map.png", "image/png", png).path("id").asText();
    post(room.owner(), room.channelId(), "map-1", "map", fileId);

    JsonNode link = files(member).link(fileId);
    assertTrue(link.path("expiresAt").asLong() > System.currentTimeMillis());
    FileClient anonymous = FileClient.anonymous(node.httpUrl());
    HttpResponse<byte[]> viaLink = anonymous.get(link.path("url").asText());
    assertEquals(200, viaLink.statusCode());
    assertArrayEquals(png, viaLink.body());
    assertEquals(200, anonymous.get(link.path("thumbnailUrl").asText()).statusCode());

    String url = link.path("url").asText();
    char last = url.charAt(url.length() - 1);
    assertError(401, "unauthorized", anonymous.get(url.substring(0, url.length() - 1) + (last == 'A' ? 'B' : 'A')));
    assertError(401, "unauthorized", anonymous.get(url.replace("u=" + member.userId(), "u=" + room.owner().userId())));
    assertError(401, "unauthorized", anonymous.get(url.replaceFirst("/v1/files/[^?]+", "/v1/files/fother00000000000000")));

    api(member).ok("channel.leave", n -> n.put("channelId", room.channelId()));
    assertError(404, "not_found", anonymous.get(url));
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedWithTheLimitInTheMessage() {
    Room room = room();
    byte[] tooLarge = bytes((int) MAX_BYTES + 1, (byte) 7);
    HttpResponse<String> declared = files(room.owner()).upload(room.channelId(), "big.bin", "application/octet-stream", tooLarge);
    assertError(413, "too_large", declared);
    assertTrue(declared.body().contains(String.valueOf(MAX_BYTES)), declared.body());
    HttpResponse<String> chunked = files(room.owner()).uploadChunked(room.channelId(), "big.bin", tooLarge);
    assertError(413, "too_large", chunked);
    assertTrue(chunked.body().contains(String.valueOf(MAX_BYTES)), chunked.body());
    assertEquals(201, files(room.owner()).uploadChunked(room.channelId(), "fits.bin", bytes((int) MAX_BYTES, (byte) 7)).statusCode());
    assertError(400, "bad_request", files(room.owner()).upload(room.channelId(), "empty.txt", "text/plain", new byte[0]));
  }

  @Test
  void theQuotaRefusesAnUploadUntilAMessageWithFilesIsDeleted() {
    Room room = room();
    FileClient owner = files(room.owner());
    byte[] chunk = bytes(250 * 1024, (byte) 1);
    String first = owner.uploaded(room.channelId(), "a.bin", "application/octet-stream", chunk).path("id").asText();
    owner.uploaded(room.channelId(), "b.bin", "application/octet-stream", chunk);
    HttpResponse<String> over = owner.upload(room.channelId(), "c.bin", "application/octet-stream", chunk);
    assertError(413, "too_large", over);
    assertTrue(over.body().contains("quota"), over.body());
    assertError(413, "too_large", owner.uploadChunked(room.channelId(), "c.bin", chunk));

    long seq = post(room.owner(), room.channelId(), "quota-1", "first", first).path("seq").asLong();
    api(room.owner()).ok("message.delete", n -> n.put("channelId", room.channelId()).put("seq", seq));
    String third = owner.uploaded(room.channelId(), "c.bin", "application/octet-stream", chunk).path("id").asText();
    assertError(413, "too_large", owner.upload(room.channelId(), "d.bin", "application/octet-stream", chunk));
    assertEquals(204, owner.delete(third).statusCode(), "an upload never posted is taken back by its uploader");
    assertEquals(201, owner.upload(room.channelId(), "d.bin", "application/octet-stream", chunk).statusCode(), "and its bytes given back");
  }

  @Test
  void aRefusedUploadIsReadToItsEndSoTheClientGetsTheAnswerAndKeepsItsConnection() throws Exception {
    Room room = room();
    Accounts.User outsider = Accounts.newUser(node.httpUrl(), "ida");
    URI base = URI.create(node.httpUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
      // Refused before a byte is read: not a member, then larger than the limit by a byte.
      for (int size : new int[] {(int) MAX_BYTES, (int) MAX_BYTES, (int) MAX_BYTES + 1}) {
        String head =
            "POST /v1/files?channelId=" + room.channelId() + "&name=x.bin HTTP/1.1\r\nHost: " + base.getAuthority()
                + "\r\nAuthorization: Bearer " + (size > MAX_BYTES ? room.owner() : outsider).accessToken()
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(bytes(size, (byte) 3));
        socket.getOutputStream().flush();
        RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
        assertEquals(size > MAX_BYTES ? 413 : 404, answer.status(), answer.body());
        assertFalse("close".equalsIgnoreCase(answer.headers().getOrDefault("connection", "")), "the connection is kept: " + answer.headers());
      }
    }
  }

  @Test
  void aUserWhoStartsTooManyUploadsIsToldWhenToRetry() {
    Room room = room();
    FileClient owner = files(room.owner());
    for (int i = 0; i < 10; i++) {
      assertEquals(201, owner.upload(room.channelId(), "n" + i + ".txt", "text/plain", new byte[] {(byte) i}).statusCode());
    }
    HttpResponse<String> refused = owner.upload(room.channelId(), "n10.txt", "text/plain", new byte[] {10});
    assertError(429, "rate_limited", refused);
    assertTrue(Long.parseLong(header(refused, "Retry-After")) > 0);
    Accounts.User member = member(room, true);
    assertEquals(201, files(member).upload(room.channelId(), "m.txt", "text/plain", new byte[] {1}).statusCode(), "per user");
  }

  @Test
  void onlyItsUploaderTakesBackAFileAndOnlyBeforeItIsPosted() {
    Room room = room();
    Accounts.User member = member(room, true);
    String fileId = files(room.owner()).uploaded(room.channelId(), "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)).path("id").asText();
    assertError(404, "not_found", files(member).delete(fileId));
    assertError(401, "unauthorized", FileClient.anonymous(node.httpUrl()).delete(fileId));
    post(room.owner(), room.channelId(), "kept-1", "kept", fileId);
    assertError(400, "bad_request", files(room.owner()).delete(fileId));
    assertEquals(200, files(member).download(fileId).statusCode(), "still there");
    String unposted = files(room.owner()).uploaded(room.channelId(), "b.txt", "text/plain", "b".getBytes(StandardCharsets.UTF_8)).path("id").asText();
    assertEquals(204, files(room.owner()).delete(unposted).statusCode());
    assertFalse(Files.exists(node.dataDir().resolve("files").resolve(unposted)));
    assertError(404, "not_found", files(room.owner()).download(unposted));
    assertError(404, "not_found", files(room.owner()).delete(unposted));
    assertError(404, "not_found", postRaw(room.owner(), room.channelId(), "gone-1", unposted));
  }

  @Test
  void theTypeIsSniffedFromTheBytesAndAPageIsServedAsAnInertDownload() {
    Room room = room();
    byte[] page = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>".getBytes(StandardCharsets.UTF_8);
    JsonNode file = files(room.owner()).uploaded(room.channelId(), "cat.png", "image/png", page);
    assertEquals("text/html", file.path("contentType").asText(), "not the name's or the sender's type");
    assertFalse(file.has("thumbnail"));
    HttpResponse<byte[]> download = files(room.owner()).download(file.path("id").asText());
    assertTrue(header(download, "Content-Type").startsWith("text/html"), header(download, "Content-Type"));
    assertTrue(header(download, "Content-Disposition").startsWith("attachment"), header(download, "Content-Disposition"));
    assertTrue(header(download, "Content-Disposition").contains("cat.png"), header(download, "Content-Disposition"));
    assertEquals("sandbox; default-src 'none'", header(download, "Content-Security-Policy"));
    assertEquals("nosniff", header(download, "X-Content-Type-Options"));

    JsonNode pdf = files(room.owner()).uploaded(room.channelId(), "report", "text/plain", "%PDF-1.4\n%âãÏÓ\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals("application/pdf", pdf.path("contentType").asText());
    JsonNode unknown = files(room.owner()).uploaded(room.channelId(), "x.dat", "image/png", new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, 0, 9});
    assertEquals("application/octet-stream", unknown.path("contentType").asText());
  }

  @Test
  void deletingTheMessageRemovesItsFilesBytes() throws Exception {
    Room room = room();
    Accounts.User member = member(room, true);
    String fileId = files(room.owner()).uploaded(room.channelId(), "plan.png", "image/png", Images.pngWithMetadata(500, 300, SECRET)).path("id").asText();
    long seq = post(room.owner(), room.channelId(), "plan-1", "plan", fileId).path("seq").asLong();
    Path stored = node.dataDir().resolve("files").resolve(fileId);
    assertTrue(Files.exists(stored));
    assertTrue(Files.exists(node.dataDir().resolve("files").resolve(fileId + ".thumbnail")));

    api(room.owner()).ok("message.delete", n -> n.put("channelId", room.channelId()).put("seq", seq));
    assertFalse(Files.exists(stored), "the bytes are gone when the delete is answered");
    assertFalse(Files.exists(node.dataDir().resolve("files").resolve(fileId + ".thumbnail")));
    assertError(404, "not_found", files(member).download(fileId));
    assertError(404, "not_found", files(room.owner()).download(fileId));
    JsonNode history = api(member).ok("history", n -> n.put("channelId", room.channelId()));
    JsonNode deletedPost = history.path("events").get(history.path("events").size() - 2).path("data");
    assertEquals(seq, deletedPost.path("seq").asLong());
    assertFalse(deletedPost.has("files"), "a deleted post shows no files: " + deletedPost);
  }

  @Test
  void aPostTakesOnlyItsAuthorsFilesOfThatChannelThatNoOtherPostUses() {
    Room room = room();
    Accounts.User member = member(room, true);
    String other =
        api(room.owner()).ok("channel.create", n -> n.put("workspaceId", room.workspaceId()).put("name", "other")).path("channel").path("id").asText();
    String fileId = files(room.owner()).uploaded(room.channelId(), "a.txt", "text/plain", "a".getBytes(StandardCharsets.UTF_8)).path("id").asText();

    assertError(404, "not_found", postRaw(member, room.channelId(), "steal-1", fileId));
    assertError(400, "bad_request", postRaw(room.owner(), other, "elsewhere-1", fileId));
    JsonNode first = post(room.owner(), room.channelId(), "use-1", "first", fileId);
    JsonNode retried = post(room.owner(), room.channelId(), "use-1", "first", fileId);
    assertEquals(first.path("seq").asLong(), retried.path("seq").asLong());
    assertTrue(retried.path("duplicate").asBoolean());
    HttpResponse<String> again = postRaw(room.owner(), room.channelId(), "use-2", fileId);
    assertError(400, "bad_request", again);
    assertTrue(again.body().contains("already in another message"), again.body());
    assertError(400, "bad_request", postRaw(room.owner(), room.channelId(), "dup-1", fileId, fileId));

    String fileOnly = files(room.owner()).uploaded(room.channelId(), "b.txt", "text/plain", "b".getBytes(StandardCharsets.UTF_8)).path("id").asText();
    JsonNode withoutText =
        api(room.owner()).ok("message.post", n -> n.put("channelId", room.channelId()).put("clientMsgId", UUID.randomUUID().toString()).putArray("files").add(fileOnly));
    assertTrue(withoutText.path("seq").asLong() > 0, "a post of files alone needs no text");
  }
}
