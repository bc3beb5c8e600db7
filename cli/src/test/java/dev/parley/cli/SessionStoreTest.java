package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {
  @TempDir Path tmp;

  final Session alice = new Session("http://127.0.0.1:8080", "u1", "alice", "access-123", "refresh-456");

  @Test
  void savedSessionLoadsBackEqual() {
    SessionStore store = new SessionStore(tmp.resolve("home"));
    store.save("work", alice);
    assertEquals(alice, store.load("work").orElseThrow());
    assertTrue(store.load("other").isEmpty());
  }

  @Test
  void fileIsOwnerOnlyAndHomeIsPrivate() throws Exception {
    Path home = tmp.resolve("home");
    SessionStore store = new SessionStore(home);
    store.save("default", alice);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("default.json"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));
  }

  @Test
  void overwritingAWorldReadableFileLeavesItOwnerOnly() throws Exception {
    SessionStore store = new SessionStore(tmp);
    Path file = tmp.resolve("default.json");
    Files.writeString(file, "{}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    store.save("default", alice.withTokens("a2", "r2"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("r2", store.load("default").orElseThrow().refreshToken());
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void deleteForgetsTheSession() {
    SessionStore store = new SessionStore(tmp);
    store.save("default", alice);
    assertTrue(store.delete("default"));
    assertTrue(store.load("default").isEmpty());
    assertFalse(store.delete("default"));
  }

  @Test
  void unreadableFileAsksToLogInAgain() throws Exception {
    Files.writeString(tmp.resolve("default.json"), "{not json");
    CliException e = assertThrows(CliException.class, () -> new SessionStore(tmp).load("default"));
    assertEquals("unauthorized", e.code());
    Files.writeString(tmp.resolve("default.json"), "{\"server\":\"http://x\"}");
    assertEquals("unauthorized", assertThrows(CliException.class, () -> new SessionStore(tmp).load("default")).code());
  }

  @Test
  void profileNamesCannotLeaveTheDirectory() {
    SessionStore store = new SessionStore(tmp);
    for (String bad : new String[] {"../x", "a/b", "", ".hidden", "x".repeat(65), "a b"}) {
      assertThrows(IllegalArgumentException.class, () -> store.file(bad), bad);
    }
    assertEquals(tmp.resolve("work-2.b_c.json"), store.file("work-2.b_c"));
  }

  @Test
  void toStringHidesTheTokens() {
    assertFalse(alice.toString().contains("access-123"));
    assertFalse(alice.toString().contains("refresh-456"));
  }

  @Test
  void lockCanBeTakenAgainAfterRelease() {
    SessionStore store = new SessionStore(tmp.resolve("fresh"));
    store.lock("default").close();
    store.lock("default").close();
    assertTrue(Files.exists(tmp.resolve("fresh/default.lock")));
  }
}
