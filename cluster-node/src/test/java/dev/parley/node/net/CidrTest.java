package dev.parley.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CIDR blocks as operators write them in {@code PARLEY_TRUSTED_PROXIES}. */
class CidrTest {
  private static InetAddress ip(String text) {
    return IpLiteral.parse(text).orElseThrow();
  }

  @Test
  void anIpv4BlockHoldsTheAddressesUnderItsPrefix() {
    Cidr block = Cidr.parse("10.1.0.0/16");
    assertTrue(block.contains(ip("10.1.0.0")));
    assertTrue(block.contains(ip("10.1.255.255")));
    assertFalse(block.contains(ip("10.2.0.1")));
  }

  @Test
  void prefixesThatDoNotEndOnAByteBoundaryAreExact() {
    Cidr block = Cidr.parse("192.168.0.64/27");
    assertTrue(block.contains(ip("192.168.0.64")));
    assertTrue(block.contains(ip("192.168.0.95")));
    assertFalse(block.contains(ip("192.168.0.96")));
    assertFalse(block.contains(ip("192.168.0.63")));
  }

  @Test
  void anIpv6BlockHoldsOnlyIpv6Addresses() {
    Cidr block = Cidr.parse("fd00::/8");
    assertTrue(block.contains(ip("fd12:3456::1")));
    assertFalse(block.contains(ip("fe80::1")));
    assertFalse(block.contains(ip("10.0.0.1")));
    assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1")));
    assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
  }

  @Test
  void aBareAddressIsABlockOfOne() {
    assertEquals(Cidr.parse("127.0.0.1/32"), Cidr.parse("127.0.0.1"));
    assertEquals(Cidr.parse("::1/128"), Cidr.parse("::1"));
    assertTrue(Cidr.parse("127.0.0.1").contains(ip("127.0.0.1")));
    assertFalse(Cidr.parse("127.0.0.1").contains(ip("127.0.0.2")));
  }

  @Test
  void hostBitsBelowThePrefixAreIgnored() {
    assertEquals(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.9.8.7/8"));
    assertEquals("10.0.0.0/8", Cidr.parse("10.9.8.7/8").toString());
  }

  @Test
  void aListIsCommaSeparatedAndMayBeEmpty() {
    assertEquals(List.of(), Cidr.parseList(""));
    assertEquals(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")), Cidr.parseList(" 10.0.0.0/8 ,fd00::/8, "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0/8", "256.0.0.0/8", "proxy.example.com", "[::1]/128", "10.0.0.1:80", "fe80::1%eth0/64", ""})
  void anythingElseIsRefused(String text) {
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
  }
}
