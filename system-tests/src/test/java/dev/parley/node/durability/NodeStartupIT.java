package dev.parley.node.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.node.testing.NodeProcess;
import dev.parley.node.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Starting the real jar: a bad setting stops it with one line naming the variable, never a secret. */
class NodeStartupIT {

  private static List<String> errorLines(NodeProcess.Exit exit) {
    return exit.output().stream().filter(line -> line.startsWith("parley:")).toList();
  }

  @Test
  void invalidPortStopsTheStartWithOneLineNamingTheVariable() throws Exception {
    NodeProcess.Exit exit =
        NodeProcess.runToExit(
            Map.of("PARLEY_MANAGEMENT_PORT", "eighty", "PARLEY_DATA_DIR", Files.createTempDirectory("p").toString()),
            TestNode.freePort());
    assertEquals(2, exit.code(), exit.output().toString());
    assertEquals(List.of("parley: invalid PARLEY_MANAGEMENT_PORT: must be a port number 1-65535 (got 'eighty')"), exit.output());
  }

  @Test
  void invalidSecretsAreNamedButNotShown() throws Exception {
    Path dir = Files.createTempDirectory("p");
    NodeProcess.Exit shortSecret =
        NodeProcess.runToExit(
            Map.of("PARLEY_TOKEN_SECRET", "tooshort-s3cr3t", "PARLEY_DATA_DIR", dir.toString()), TestNode.freePort());
    assertEquals(2, shortSecret.code());
    assertEquals(1, errorLines(shortSecret).size(), shortSecret.output().toString());
    assertTrue(errorLines(shortSecret).get(0).contains("PARLEY_TOKEN_SECRET"));
    assertFalse(String.join("\n", shortSecret.output()).contains("tooshort-s3cr3t"));

    NodeProcess.Exit badUrl =
        NodeProcess.runToExit(
            Map.of("PARLEY_DB_URL", "mysql://root:pa55word@127.0.0.1/x", "PARLEY_DATA_DIR", dir.toString()),
            TestNode.freePort());
    assertEquals(2, badUrl.code());
    assertTrue(errorLines(badUrl).get(0).contains("PARLEY_DB_URL"));
    assertFalse(String.join("\n", badUrl.output()).contains("pa55word"));
  }

  @Test
  void aMissingClusterTlsPasswordFileStopsTheStartNamingTheVariable() throws Exception {
    Path dir = Files.createTempDirectory("p");
    NodeProcess.Exit exit =
        NodeProcess.runToExit(
            Map.of(
                "PARLEY_DATA_DIR", dir.toString(),
                "PARLEY_CLUSTER_TLS_KEYSTORE", dir.resolve("node.p12").toString(),
                "PARLEY_CLUSTER_TLS_KEYSTORE_PASSWORD_FILE", dir.resolve("node.password").toString(),
                "PARLEY_CLUSTER_TLS_TRUSTSTORE", dir.resolve("truststore.p12").toString(),
                "PARLEY_CLUSTER_TLS_TRUSTSTORE_PASSWORD_FILE", dir.resolve("truststore.password").toString()),
            TestNode.freePort());
    assertEquals(2, exit.code(), exit.output().toString());
    assertEquals(
        List.of("parley: invalid PARLEY_CLUSTER_TLS_KEYSTORE_PASSWORD_FILE: cannot read " + dir.resolve("node.password") + " (NoSuchFileException)"),
        exit.output());
  }

  @Test
  void unreachableDatabaseStopsTheStartWithoutShowingThePassword() throws Exception {
    NodeProcess.Exit exit =
        NodeProcess.runToExit(
            Map.of(
                "PARLEY_DB_URL", "jdbc:postgresql://127.0.0.1:" + TestNode.freePort() + "/parley",
                "PARLEY_DB_USER", "parley",
                "PARLEY_DB_PASSWORD", "pa55word"),
            TestNode.freePort());
    assertEquals(1, exit.code(), exit.output().toString());
    assertTrue(errorLines(exit).get(0).startsWith("parley: could not start"), exit.output().toString());
    assertFalse(String.join("\n", exit.output()).contains("pa55word"));
  }
}
