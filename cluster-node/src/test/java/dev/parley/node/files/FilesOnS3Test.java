package dev.parley.node.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.FileClient;
import dev.parley.node.testing.Images;
import dev.parley.node.testing.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A node whose files go to an S3 bucket: Adobe's S3Mock, an S3 API server the test starts in its
 * own JVM (no Docker), reached over HTTP by the node's AWS SDK client like any S3-compatible store.
 */
class FilesOnS3Test {
  private static final String BUCKET = "parley-files";

  static {
    // S3Mock is a Spring Boot application: left alone it reconfigures logback for the whole test
    // JVM, and every test class after this one would log nothing (and capture no log lines).
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
  }

  @RegisterExtension
  static final S3MockExtension S3_MOCK =
      S3MockExtension.builder().silent().withSecureConnection(false).withInitialBuckets(BUCKET).build();

  private static TestNode node;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    node =
        TestNode.startH2(
            Map.of(
                "parley.files.store", "s3",
                "parley.files.s3.endpoint", "http://127.0.0.1:" + S3_MOCK.getHttpPort(),
                "parley.files.s3.bucket", BUCKET,
                "parley.files.s3.access-key", "parley-test",
                "parley.files.s3.secret-key", "parley-test-secret"));
    s3 = S3_MOCK.createS3ClientV2();
  }

  @AfterAll
  static void stop() {
    node.close();
    s3.close();
  }

  private static boolean inBucket(String key) {
    try {
      s3.headObject(request -> request.bucket(BUCKET).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  @Test
  void anUploadIsStoredInTheBucketServedToMembersAndRemovedWithItsMessage() throws Exception {
    Accounts.User owner = Accounts.newUser(node.httpUrl(), "sam");
    ApiClient api = ApiClient.as(node.httpUrl(), owner.accessToken());
    String workspaceId = api.ok("workspace.create", n -> n.put("name", "Bucket")).path("workspace").path("id").asText();
    String channelId = api.ok("channel.create", n -> n.put("workspaceId", workspaceId).put("name", "s3")).path("channel").path("id").asText();
    byte[] png = Images.pngWithMetadata(640, 480, "metadata");

    JsonNode file = FileClient.as(node.httpUrl(), owner.accessToken()).uploaded(channelId, "bucket.png", "image/png", png);
    String fileId = file.path("id").asText();
    assertTrue(inBucket(fileId), "the bytes are in the bucket");
    assertTrue(inBucket(fileId + ".thumbnail"));
    assertArrayEquals(png, s3.getObjectAsBytes(request -> request.bucket(BUCKET).key(fileId)).asByteArray());
    assertTrue(Files.notExists(node.dataDir().resolve("files").resolve(fileId)), "nothing of it on the node's disk");

    long seq =
        api.ok("message.post", n -> n.put("channelId", channelId).put("clientMsgId", "s3-1").put("text", "from S3").putArray("files").add(fileId))
            .path("seq")
            .asLong();
    HttpResponse<byte[]> download = FileClient.as(node.httpUrl(), owner.accessToken()).download(fileId);
    assertEquals(200, download.statusCode());
    assertArrayEquals(png, download.body());
    HttpResponse<byte[]> thumbnail = FileClient.as(node.httpUrl(), owner.accessToken()).get("/v1/files/" + fileId + "/thumbnail");
    assertEquals(320, Images.decode(thumbnail.body()).getWidth());

    api.ok("message.delete", n -> n.put("channelId", channelId).put("seq", seq));
    assertTrue(!inBucket(fileId) && !inBucket(fileId + ".thumbnail"), "the message's delete removed the objects");
    assertEquals(404, FileClient.as(node.httpUrl(), owner.accessToken()).download(fileId).statusCode());
    assertThrows(NoSuchKeyException.class, () -> s3.getObject(request -> request.bucket(BUCKET).key(fileId)));
  }
}
