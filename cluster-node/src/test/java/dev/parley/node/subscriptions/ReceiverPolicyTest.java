package dev.parley.node.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The URLs a deployment with the default settings refuses (docs/security.md, "Event
 * subscriptions"): anything but https, and hosts at loopback, private, link-local, shared or
 * unspecified addresses; a public address passes. IP literals: no name resolution in a unit test.
 */
class ReceiverPolicyTest {
  private static final ReceiverPolicy DEFAULTS = new ReceiverPolicy(settings(false), Runnable::run);
  private static final ReceiverPolicy DEVELOPMENT = new ReceiverPolicy(settings(true), Runnable::run);

  private static SubscriptionSettings settings(boolean allowHttpLoopback) {
    return SubscriptionSettings.from(
        ConfigFactory.load().withValue("parley.subscriptions.allow-http-loopback", ConfigValueFactory.fromAnyRef(allowHttpLoopback)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/hook",
        "http://203.0.113.9/hook",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://10.1.2.3/hook",
        "https://172.16.0.1/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://user:secret@203.0.113.9/hook",
        "file:///etc/passwd",
        "not a url"
      })
  void refusedByDefault(String url) {
    CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(
        CompletionException.class, () -> DEFAULTS.checked(url).toCompletableFuture().join());
    assertInstanceOf(ReceiverPolicy.Refused.class, failed.getCause(), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://203.0.113.9/hook", "https://[2001:db8::1]:8443/events?x=1"})
  void aPublicAddressOverHttpsPasses(String url) {
    assertEquals(URI.create(url), DEFAULTS.checked(url).toCompletableFuture().join());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "http://[::1]/hook"})
  void theDevelopmentSettingLetsLoopbackThrough(String url) {
    assertEquals(URI.create(url), DEVELOPMENT.checked(url).toCompletableFuture().join());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://203.0.113.9/hook", "http://10.0.0.1/hook", "https://10.0.0.1/hook"})
  void theDevelopmentSettingLetsNothingElseThrough(String url) {
    CompletionException failed = org.junit.jupiter.api.Assertions.assertThrows(
        CompletionException.class, () -> DEVELOPMENT.checked(url).toCompletableFuture().join());
    assertInstanceOf(ReceiverPolicy.Refused.class, failed.getCause(), url);
  }
}
