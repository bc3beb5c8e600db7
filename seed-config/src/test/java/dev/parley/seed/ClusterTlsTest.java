package dev.parley.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster TLS settings as an operator gives them: off, on, and each mistake stopping the start by name. */
class ClusterTlsTest {
  @TempDir static Path certs;

  @BeforeAll
  static void makeCertificates() throws IOException, InterruptedException {
    Process script =
        new ProcessBuilder("bash", Path.of("..", "scripts", "cluster-certs.sh").toString(), certs.toString(), "node-a")
            .redirectErrorStream(true)
            .start();
    String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(script.waitFor(120, TimeUnit.SECONDS), "cluster-certs.sh did not finish");
    assertEquals(0, script.exitValue(), output);
  }

  private static Map<String, Object> valid() {
    Map<String, Object> values = new HashMap<>();
    values.put("parley.cluster.tls.keystore", certs.resolve("node-a.p12").toString());
    values.put("parley.cluster.tls.keystore-password-file", certs.resolve("node-a.password").toString());
    values.put("parley.cluster.tls.truststore", certs.resolve("truststore.p12").toString());
    values.put("parley.cluster.tls.truststore-password-file", certs.resolve("truststore.password").toString());
    return values;
  }

  private static ClusterTls with(Map<String, Object> values) {
    return ClusterTls.from(ConfigFactory.parseMap(values));
  }

  private static InvalidSettingException refused(Map<String, Object> values) {
    return assertThrows(InvalidSettingException.class, () -> with(values));
  }

  private static String password(String name) throws IOException {
    return Files.readString(certs.resolve(name + ".password")).strip();
  }

  @Test
  void offWhenNothingIsSet() {
    Map<String, Object> none = new HashMap<>(valid());
    none.replaceAll((key, value) -> "");
    ClusterTls tls = with(none);
    assertFalse(tls.enabled());
    assertTrue(tls.pekkoConfig().isEmpty());
  }

  @Test
  void onItSelectsTlsTcpWithTheStoresAndThePasswordsFromTheFiles() throws IOException {
    ClusterTls tls = with(valid());
    assertTrue(tls.enabled());
    Config pekko = tls.pekkoConfig().getConfig("pekko.remote.artery");
    assertEquals("tls-tcp", pekko.getString("transport"));
    assertEquals(certs.resolve("node-a.p12").toString(), pekko.getString("ssl.config-ssl-engine.key-store"));
    assertEquals(password("node-a"), pekko.getString("ssl.config-ssl-engine.key-store-password"));
    assertEquals(password("node-a"), pekko.getString("ssl.config-ssl-engine.key-password"));
    assertEquals(certs.resolve("truststore.p12").toString(), pekko.getString("ssl.config-ssl-engine.trust-store"));
    assertEquals(password("truststore"), pekko.getString("ssl.config-ssl-engine.trust-store-password"));
    assertFalse(tls.toString().contains(password("node-a")), tls.toString());
  }

  @Test
  void aPartialSetNamesWhatIsMissing() {
    Map<String, Object> values = valid();
    values.put("parley.cluster.tls.truststore", "");
    InvalidSettingException e = refused(values);
    assertEquals("PARLEY_CLUSTER_TLS_TRUSTSTORE", e.variable());
  }

  @Test
  void aMissingPasswordFileIsNamed() {
    Map<String, Object> values = valid();
    values.put("parley.cluster.tls.keystore-password-file", certs.resolve("nowhere.password").toString());
    InvalidSettingException e = refused(values);
    assertEquals("PARLEY_CLUSTER_TLS_KEYSTORE_PASSWORD_FILE", e.variable());
    assertTrue(e.getMessage().contains("nowhere.password"), e.getMessage());
  }

  @Test
  void anEmptyPasswordFileIsRefused() throws IOException {
    Path empty = Files.writeString(certs.resolve("empty.password"), "\n");
    Map<String, Object> values = valid();
    values.put("parley.cluster.tls.truststore-password-file", empty.toString());
    assertEquals("PARLEY_CLUSTER_TLS_TRUSTSTORE_PASSWORD_FILE", refused(values).variable());
  }

  @Test
  void aWrongPasswordStopsTheStartWithoutShowingEitherPassword() throws IOException {
    Map<String, Object> values = valid();
    values.put("parley.cluster.tls.keystore-password-file", certs.resolve("truststore.password").toString());
    InvalidSettingException e = refused(values);
    assertEquals("PARLEY_CLUSTER_TLS_KEYSTORE", e.variable());
    assertTrue(e.getMessage().contains("PARLEY_CLUSTER_TLS_KEYSTORE_PASSWORD_FILE"), e.getMessage());
    assertFalse(e.getMessage().contains(password("truststore")), e.getMessage());
    assertFalse(e.getMessage().contains(password("node-a")), e.getMessage());
  }

  @Test
  void aKeystoreWithoutTheNodesKeyIsRefused() {
    Map<String, Object> values = valid();
    values.put("parley.cluster.tls.keystore", certs.resolve("truststore.p12").toString());
    values.put("parley.cluster.tls.keystore-password-file", certs.resolve("truststore.password").toString());
    InvalidSettingException e = refused(values);
    assertEquals("PARLEY_CLUSTER_TLS_KEYSTORE", e.variable());
    assertTrue(e.getMessage().contains("no private key"), e.getMessage());
  }

  @Test
  void aTruststoreWithoutTheCaIsRefused() {
    Map<String, Object> values = valid();
    values.put("parley.cluster.tls.truststore", certs.resolve("node-a.p12").toString());
    values.put("parley.cluster.tls.truststore-password-file", certs.resolve("node-a.password").toString());
    InvalidSettingException e = refused(values);
    assertEquals("PARLEY_CLUSTER_TLS_TRUSTSTORE", e.variable());
    assertTrue(e.getMessage().contains("no trusted certificate"), e.getMessage());
  }
}
