package dev.parley.node.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IP address written as text: IPv4 dotted quads and IPv6. Never a host name: {@link
 * InetAddress#getByName} would look one up in DNS, and a header's content must not make the node
 * query anything.
 */
public final class IpLiteral {
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  /**
   * Hex groups and colons, with an IPv4 tail allowed ({@code ::ffff:192.0.2.1}); no zone ids. The
   * JDK parses such text without a lookup only if it starts with a hex digit or a colon and has a
   * colon somewhere.
   */
  private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");
  /** How some proxies write a hop: {@code [2001:db8::1]:443}, {@code 192.0.2.1:443}. */
  private static final Pattern BRACKETED = Pattern.compile("\\[([^]]*)](?::\\d{1,5})?");
  private static final Pattern IPV4_WITH_PORT = Pattern.compile("([\\d.]+):\\d{1,5}");
  private static final int OCTET_MAX = 255;

  private IpLiteral() {}

  /** The address, or empty when the text is not exactly an IP address. */
  public static Optional<InetAddress> parse(String text) {
    String value = text.strip();
    return value.indexOf(':') >= 0 ? ipv6(value) : ipv4(value);
  }

  /**
   * One hop of {@code X-Forwarded-For}: an address, also in brackets or with a port; empty for
   * anything else ({@code unknown}, an obfuscated name, garbage).
   */
  public static Optional<InetAddress> parseHop(String text) {
    String value = text.strip();
    Matcher bracketed = BRACKETED.matcher(value);
    if (bracketed.matches()) {
      return ipv6(bracketed.group(1));
    }
    Matcher withPort = IPV4_WITH_PORT.matcher(value);
    return withPort.matches() ? ipv4(withPort.group(1)) : parse(value);
  }

  private static Optional<InetAddress> ipv4(String value) {
    Matcher quad = IPV4.matcher(value);
    if (!quad.matches()) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < bytes.length; i++) {
      int octet = Integer.parseInt(quad.group(i + 1));
      if (octet > OCTET_MAX) {
        return Optional.empty();
      }
      bytes[i] = (byte) octet;
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  private static Optional<InetAddress> ipv6(String value) {
    if (!IPV6.matcher(value).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(value));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
