package dev.parley.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Certificates for cluster TLS made by {@code scripts/cluster-certs.sh}, the way an operator makes them. */
public final class ClusterCertificates {
  private static final Path SCRIPT = Path.of("..", "scripts", "cluster-certs.sh").toAbsolutePath().normalize();

  private ClusterCertificates() {}

  /** A CA in {@code dir}, its truststore, and a keystore signed by it for each name. */
  public static void make(Path dir, String... names) {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), dir.toString()));
    command.addAll(List.of(names));
    run(command);
  }

  /**
   * A keystore {@code name} in {@code dir} whose certificate no CA signed (one keytool call, where
   * the script makes a CA first), with a random password in {@code name.password}.
   */
  public static void selfSigned(Path dir, String name) {
    Path password = dir.resolve(name + ".password");
    try {
      Files.createDirectories(dir);
      Files.writeString(password, UUID.randomUUID().toString());
      run(
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
              "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
              "-storetype", "PKCS12", "-keystore", dir.resolve(name + ".p12").toString(),
              "-storepass:file", password.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(command.get(0) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The variables that give a node keystore {@code name} from {@code keys} and the truststore of {@code trusted}. */
  public static Map<String, String> env(Path keys, String name, Path trusted) {
    return Map.of(
        "PARLEY_CLUSTER_TLS_KEYSTORE", keys.resolve(name + ".p12").toString(),
        "PARLEY_CLUSTER_TLS_KEYSTORE_PASSWORD_FILE", keys.resolve(name + ".password").toString(),
        "PARLEY_CLUSTER_TLS_TRUSTSTORE", trusted.resolve("truststore.p12").toString(),
        "PARLEY_CLUSTER_TLS_TRUSTSTORE_PASSWORD_FILE", trusted.resolve("truststore.password").toString());
  }
}
