package dev.parley.node.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.parley.node.testing.ClusterCertificates;
import dev.parley.seed.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust store of deliveries ({@code parley.subscriptions.trust-store}) is read at start: its
 * certificates are trusted besides the JDK's; a missing file, a wrong password, or a password
 * without a store stop the start naming the variable to fix, and never show the password.
 */
class ReceiverTrustTest {
  @TempDir static Path dir;
  private static Path store;
  private static String password;

  @BeforeAll
  static void makeAStore() throws Exception {
    ClusterCertificates.make(dir, "127.0.0.1");
    store = dir.resolve("truststore.p12");
    password = Files.readString(dir.resolve("truststore.password")).strip();
  }

  private static Config with(String path, String password) {
    return ConfigFactory.load()
        .withValue("parley.subscriptions.trust-store.path", ConfigValueFactory.fromAnyRef(path))
        .withValue("parley.subscriptions.trust-store.password", ConfigValueFactory.fromAnyRef(password));
  }

  @Test
  void withoutAStoreOnlyTheJdksAuthoritiesAreTrusted() {
    assertEquals(0, SubscriptionSettings.from(ConfigFactory.load()).trust().extra().size());
  }

  @Test
  void theStoresCertificatesAreTrusted() {
    ReceiverTrust trust = SubscriptionSettings.from(with(store.toString(), password)).trust();
    assertEquals(1, trust.extra().size());
    assertEquals("CN=Parley cluster CA", trust.extra().get(0).getSubjectX500Principal().getName());
    trust.context();
  }

  @Test
  void aStoreThatIsNotThereStopsTheStart() {
    InvalidSettingException refused =
        assertThrows(InvalidSettingException.class, () -> SubscriptionSettings.from(with(dir.resolve("absent.p12").toString(), "")));
    assertEquals(ReceiverTrust.STORE_VARIABLE, refused.variable(), refused.getMessage());
  }

  @Test
  void aWrongPasswordStopsTheStartWithoutShowingIt() {
    InvalidSettingException refused =
        assertThrows(InvalidSettingException.class, () -> SubscriptionSettings.from(with(store.toString(), "not-the-password")));
    assertEquals(ReceiverTrust.PASSWORD_VARIABLE, refused.variable(), refused.getMessage());
    assertFalse(refused.getMessage().contains("not-the-password"), refused.getMessage());
  }

  @Test
  void aPasswordWithoutAStoreStopsTheStart() {
    InvalidSettingException refused = assertThrows(InvalidSettingException.class, () -> SubscriptionSettings.from(with("", "secret")));
    assertEquals(ReceiverTrust.PASSWORD_VARIABLE, refused.variable());
    assertTrue(refused.getMessage().contains(ReceiverTrust.STORE_VARIABLE), refused.getMessage());
  }
}
