package dev.parley.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

/** Who a request came from: the TCP peer, or behind trusted proxies the right-most hop that is not one. */
class ClientAddressTest {
  private static final ClientAddress NO_PROXIES = new ClientAddress(List.of());
  private static final ClientAddress BEHIND_PROXIES = new ClientAddress(Cidr.parseList("10.0.0.0/8, fd00::/8"));

  private static InetAddress ip(String text) {
    return IpLiteral.parse(text).orElseThrow();
  }

  private static String client(ClientAddress addresses, String peer, String... forwardedFor) {
    return addresses.resolve(ip(peer), List.of(forwardedFor)).getHostAddress();
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsIgnored() {
    assertEquals("203.0.113.7", client(NO_PROXIES, "203.0.113.7", "198.51.100.1"));
    assertEquals("10.0.0.2", client(NO_PROXIES, "10.0.0.2", "198.51.100.1"));
  }

  @Test
  void aPeerThatIsNotATrustedProxyIsTheClientWhateverItForwards() {
    assertEquals("203.0.113.7", client(BEHIND_PROXIES, "203.0.113.7", "10.0.0.5, 198.51.100.1"));
  }

  @Test
  void behindATrustedProxyTheRightMostUntrustedHopIsTheClient() {
    assertEquals("198.51.100.1", client(BEHIND_PROXIES, "10.0.0.2", "198.51.100.1"));
    assertEquals("198.51.100.1", client(BEHIND_PROXIES, "10.0.0.2", "192.0.2.66, 198.51.100.1"));
    assertEquals("198.51.100.1", client(BEHIND_PROXIES, "10.0.0.2", "192.0.2.66, 198.51.100.1, 10.0.0.9"));
    assertEquals("2001:db8:0:0:0:0:0:5", client(BEHIND_PROXIES, "fd00::2", "192.0.2.66, 2001:db8::5, fd00::9"));
  }

  @Test
  void severalHeadersAreOneListInTheirOrder() {
    assertEquals("198.51.100.1", client(BEHIND_PROXIES, "10.0.0.2", "192.0.2.66", "198.51.100.1, 10.0.0.9"));
  }

  @Test
  void withoutTheHeaderTheTrustedPeerItselfIsTheClient() {
    assertEquals("10.0.0.2", client(BEHIND_PROXIES, "10.0.0.2"));
  }

  @Test
  void whenEveryHopIsTrustedTheLeftMostIsTheClient() {
    assertEquals("10.7.7.7", client(BEHIND_PROXIES, "10.0.0.2", "10.7.7.7, 10.0.0.9"));
  }

  @Test
  void aHopThatIsNotAnAddressStopsAtTheProxyThatPassedItOn() {
    assertEquals("10.0.0.9", client(BEHIND_PROXIES, "10.0.0.2", "198.51.100.1, garbage, 10.0.0.9"));
    assertEquals("10.0.0.2", client(BEHIND_PROXIES, "10.0.0.2", "unknown"));
    assertEquals("10.0.0.2", client(BEHIND_PROXIES, "10.0.0.2", "198.51.100.1,"));
  }

  @Test
  void theRequestsPeerAndHeadersAreRead() {
    HttpRequest request =
        HttpRequest.create("/v1/auth/login")
            .addAttribute(AttributeKeys.remoteAddress, RemoteAddress.create(ip("10.0.0.2")))
            .addHeader(RawHeader.create("X-Forwarded-For", "192.0.2.66, 198.51.100.1"));
    assertEquals(ip("198.51.100.1"), BEHIND_PROXIES.of(request));
    assertEquals(ip("10.0.0.2"), NO_PROXIES.of(request));
  }

  @Test
  void throttlesCountAnIpv6ClientByItsSlash64() {
    assertEquals("203.0.113.7", ClientAddress.throttleKey(ip("203.0.113.7")));
    assertEquals("2001:db8:1:2:0:0:0:0/64", ClientAddress.throttleKey(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")));
    assertEquals(ClientAddress.throttleKey(ip("2001:db8:1:2::1")), ClientAddress.throttleKey(ip("2001:db8:1:2::2")));
  }
}
