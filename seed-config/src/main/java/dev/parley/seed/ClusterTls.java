package dev.parley.seed;

import static dev.parley.seed.SettingReader.read;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mutual TLS between nodes (Artery {@code tls-tcp}), from {@code parley.cluster.tls}: this node's
 * keystore (its key and CA-signed certificate), the truststore holding the cluster's CA, and
 * their passwords, read from files. Off when none is set. Everything is opened at start, so a
 * wrong path or password stops the start instead of failing every connection later; errors name
 * the variable and never show a password.
 */
public final class ClusterTls {
  private static final ClusterTls OFF = new ClusterTls(null, null, null, null);

  private static final String KEYSTORE = "PARLEY_CLUSTER_TLS_KEYSTORE";
  private static final String KEYSTORE_PASSWORD_FILE = "PARLEY_CLUSTER_TLS_KEYSTORE_PASSWORD_FILE";
  private static final String TRUSTSTORE = "PARLEY_CLUSTER_TLS_TRUSTSTORE";
  private static final String TRUSTSTORE_PASSWORD_FILE = "PARLEY_CLUSTER_TLS_TRUSTSTORE_PASSWORD_FILE";
  private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";

  private final Path keystore;
  private final String keystorePassword;
  private final Path truststore;
  private final String truststorePassword;

  private ClusterTls(Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
    this.keystore = keystore;
    this.keystorePassword = keystorePassword;
    this.truststore = truststore;
    this.truststorePassword = truststorePassword;
  }

  public static ClusterTls from(Config config) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(KEYSTORE, read(config, "parley.cluster.tls.keystore", KEYSTORE, String::strip));
    values.put(KEYSTORE_PASSWORD_FILE, read(config, "parley.cluster.tls.keystore-password-file", KEYSTORE_PASSWORD_FILE, String::strip));
    values.put(TRUSTSTORE, read(config, "parley.cluster.tls.truststore", TRUSTSTORE, String::strip));
    values.put(TRUSTSTORE_PASSWORD_FILE, read(config, "parley.cluster.tls.truststore-password-file", TRUSTSTORE_PASSWORD_FILE, String::strip));
    if (values.values().stream().allMatch(String::isEmpty)) {
      return OFF;
    }
    values.forEach(
        (variable, value) -> {
          if (value.isEmpty()) {
            throw new InvalidSettingException(
                variable, "must be set too: cluster TLS needs a keystore, a truststore and a password file for each");
          }
        });
    Path keystore = SecretFile.path(values.get(KEYSTORE), KEYSTORE);
    Path truststore = SecretFile.path(values.get(TRUSTSTORE), TRUSTSTORE);
    String keystorePassword = password(values, KEYSTORE_PASSWORD_FILE);
    String truststorePassword = password(values, TRUSTSTORE_PASSWORD_FILE);
    checkNodeKey(open(keystore, keystorePassword, KEYSTORE, KEYSTORE_PASSWORD_FILE), keystorePassword);
    checkTrustsSomeone(open(truststore, truststorePassword, TRUSTSTORE, TRUSTSTORE_PASSWORD_FILE));
    return new ClusterTls(keystore, keystorePassword, truststore, truststorePassword);
  }

  public boolean enabled() {
    return keystore != null;
  }

  /**
   * Artery's transport and stores; the protocol, ciphers and mutual authentication are fixed in
   * the node's {@code cluster.conf}. Empty when off: the plain {@code tcp} transport.
   */
  public Config pekkoConfig() {
    if (!enabled()) {
      return ConfigFactory.empty();
    }
    Map<String, Object> values = new HashMap<>();
    values.put("pekko.remote.artery.transport", "tls-tcp");
    values.put(ENGINE + "key-store", keystore.toString());
    values.put(ENGINE + "key-store-password", keystorePassword);
    // A PKCS12 keystore has one password, for the store and its key alike.
    values.put(ENGINE + "key-password", keystorePassword);
    values.put(ENGINE + "trust-store", truststore.toString());
    values.put(ENGINE + "trust-store-password", truststorePassword);
    return ConfigFactory.parseMap(values);
  }

  @Override
  public String toString() {
    return enabled() ? "ClusterTls[keystore=" + keystore + ", truststore=" + truststore + "]" : "ClusterTls[off]";
  }

  private static String password(Map<String, String> values, String variable) {
    return SecretFile.read(SecretFile.path(values.get(variable), variable), variable);
  }

  /** The store as Pekko will open it (the JDK's default type, PKCS12). */
  private static KeyStore open(Path file, String password, String variable, String passwordVariable) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InvalidSettingException(variable, "cannot read " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new InvalidSettingException(
          variable, file + " cannot be opened with the password in " + passwordVariable + " (wrong password, or not a PKCS12 keystore)");
    }
  }

  private static void checkNodeKey(KeyStore store, String password) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) && store.getKey(alias, password.toCharArray()) != null) {
          if (store.getCertificate(alias) instanceof X509Certificate certificate) {
            certificate.checkValidity();
          }
          return;
        }
      }
    } catch (CertificateExpiredException e) {
      throw new InvalidSettingException(KEYSTORE, "the node certificate has expired: make a new one (scripts/cluster-certs.sh)");
    } catch (CertificateNotYetValidException e) {
      throw new InvalidSettingException(KEYSTORE, "the node certificate is not valid yet (is the clock right?)");
    } catch (GeneralSecurityException e) {
      throw new InvalidSettingException(KEYSTORE, "its key cannot be read with the keystore's password");
    }
    throw new InvalidSettingException(KEYSTORE, "holds no private key: it must hold this node's key and certificate (scripts/cluster-certs.sh)");
  }

  private static void checkTrustsSomeone(KeyStore store) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isCertificateEntry(alias)) {
          return;
        }
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidSettingException(TRUSTSTORE, "its entries cannot be read");
    }
    throw new InvalidSettingException(TRUSTSTORE, "holds no trusted certificate: it must hold the cluster's CA (scripts/cluster-certs.sh)");
  }
}
