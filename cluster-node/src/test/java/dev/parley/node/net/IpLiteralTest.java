package dev.parley.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IP addresses from text; host names and garbage are refused without a DNS lookup. */
class IpLiteralTest {
  private static Optional<String> hop(String text) {
    return IpLiteral.parseHop(text).map(InetAddress::getHostAddress);
  }

  @ParameterizedTest
  @CsvSource({
    "203.0.113.7, 203.0.113.7",
    "' 203.0.113.7 ', 203.0.113.7",
    "2001:db8::1, 2001:db8:0:0:0:0:0:1",
    "::1, 0:0:0:0:0:0:0:1",
    "::ffff:192.0.2.1, 192.0.2.1",
    "[2001:db8::1], 2001:db8:0:0:0:0:0:1",
    "[2001:db8::1]:443, 2001:db8:0:0:0:0:0:1",
    "192.0.2.1:8080, 192.0.2.1"
  })
  void hopsAreAddressesAsProxiesWriteThem(String text, String address) {
    assertEquals(Optional.of(address), hop(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "unknown", "localhost", "example.com", "abc", "_hidden", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4x", "1.2.3.4/8",
        "fe80::1%eth0", ":::", "2001:db8::g", ".:", "[abc]", "[1.2.3.4]", "[::1", "1.2.3.4:", "deadbeef"
      })
  void namesAndGarbageAreNotAddresses(String text) {
    assertEquals(Optional.empty(), hop(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"[::1]", "192.0.2.1:8080"})
  void aStrictAddressHasNoBracketsOrPort(String text) {
    assertEquals(Optional.empty(), IpLiteral.parse(text));
  }
}
