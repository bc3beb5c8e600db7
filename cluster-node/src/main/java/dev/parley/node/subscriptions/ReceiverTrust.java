package dev.parley.node.subscriptions;

import static dev.parley.seed.SettingReader.read;
import static dev.parley.seed.SettingReader.readSecret;

import com.typesafe.config.Config;
import dev.parley.seed.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificate authorities may vouch for a receiver: the JDK's, and the {@code extra} ones of
 * the deployment's trust store ({@code parley.subscriptions.trust-store}), for receivers whose
 * certificates an internal CA issued. The store is read at start: one that cannot be read, or that
 * the password does not open, stops it.
 */
public record ReceiverTrust(List<X509Certificate> extra) {
  static final String STORE_VARIABLE = "PARLEY_SUBSCRIPTIONS_TRUST_STORE";
  static final String PASSWORD_VARIABLE = "PARLEY_SUBSCRIPTIONS_TRUST_STORE_PASSWORD";

  public ReceiverTrust {
    extra = List.copyOf(extra);
  }

  static ReceiverTrust from(Config subscriptions) {
    String path = read(subscriptions, "trust-store.path", STORE_VARIABLE, String::strip);
    String password = readSecret(subscriptions, "trust-store.password", PASSWORD_VARIABLE, v -> v);
    if (path.isEmpty()) {
      if (!password.isEmpty()) {
        throw new InvalidSettingException(PASSWORD_VARIABLE, "is set, but " + STORE_VARIABLE + " is not");
      }
      return new ReceiverTrust(List.of());
    }
    return new ReceiverTrust(certificates(Path.of(path), password));
  }

  /** The TLS context of deliveries: the JDK's authorities and the extra ones. */
  SSLContext context() {
    try {
      if (extra.isEmpty()) {
        return SSLContext.getDefault();
      }
      KeyStore all = KeyStore.getInstance(KeyStore.getDefaultType());
      all.load(null, null);
      List<X509Certificate> authorities = new ArrayList<>(jdkAuthorities());
      authorities.addAll(extra);
      for (int i = 0; i < authorities.size(); i++) {
        all.setCertificateEntry("ca-" + i, authorities.get(i));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(all);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the TLS context of event deliveries could not be made", e);
    }
  }

  private static List<X509Certificate> jdkAuthorities() throws GeneralSecurityException {
    TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jdk.init((KeyStore) null);
    List<X509Certificate> authorities = new ArrayList<>();
    for (TrustManager manager : jdk.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        Collections.addAll(authorities, x509.getAcceptedIssuers());
      }
    }
    return authorities;
  }

  /** Every certificate of the store, of its certificate entries and of its key entries alike. */
  private static List<X509Certificate> certificates(Path file, String password) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InvalidSettingException(STORE_VARIABLE, "no readable file at " + file);
    }
    KeyStore store;
    try {
      store = KeyStore.getInstance(file.toFile(), password.isEmpty() ? null : password.toCharArray());
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new InvalidSettingException(PASSWORD_VARIABLE, "does not open the trust store " + file);
      }
      throw new InvalidSettingException(STORE_VARIABLE, "the trust store " + file + " cannot be read: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new InvalidSettingException(STORE_VARIABLE, file + " is not a PKCS12 or JKS trust store");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        Certificate certificate = store.getCertificate(alias);
        if (certificate instanceof X509Certificate x509) {
          certificates.add(x509);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidSettingException(STORE_VARIABLE, "the trust store " + file + " cannot be read: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new InvalidSettingException(STORE_VARIABLE, "the trust store " + file + " holds no certificates");
    }
    return certificates;
  }

  @Override
  public String toString() {
    return "ReceiverTrust[the JDK's authorities and " + extra.size() + " more]";
  }
}
