package dev.parley.node.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A block of IP addresses such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block
 * of one. IPv4 blocks hold only IPv4 addresses and IPv6 blocks only IPv6 ones (the JDK turns
 * IPv4-mapped IPv6 addresses into IPv4 ones before they get here).
 */
public final class Cidr {
  private static final int BITS_PER_BYTE = 8;
  private static final int BYTE_MASK = 0xff;

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** One block; {@link IllegalArgumentException} when {@code text} is not one. */
  public static Cidr parse(String text) {
    String value = text.strip();
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    byte[] bytes =
        IpLiteral.parse(address)
            .map(InetAddress::getAddress)
            .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not an IP address or CIDR block"));
    int bits = bytes.length * BITS_PER_BYTE;
    int prefix = slash < 0 ? bits : prefixLength(value.substring(slash + 1), bits, value);
    return new Cidr(masked(bytes, prefix), prefix);
  }

  /** A comma-separated list of blocks; blank items are skipped. */
  public static List<Cidr> parseList(String text) {
    List<Cidr> blocks = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        blocks.add(parse(item));
      }
    }
    return List.copyOf(blocks);
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && Arrays.equals(masked(bytes, prefix), network);
  }

  private static int prefixLength(String text, int bits, String block) {
    int length;
    try {
      length = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException("'" + block + "' has a prefix length outside 0.." + bits);
    }
    return length;
  }

  private static byte[] masked(byte[] bytes, int prefix) {
    byte[] result = bytes.clone();
    for (int i = 0; i < result.length; i++) {
      int keep = Math.max(0, Math.min(BITS_PER_BYTE, prefix - i * BITS_PER_BYTE));
      result[i] &= (byte) (BYTE_MASK << (BITS_PER_BYTE - keep));
    }
    return result;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr cidr && prefix == cidr.prefix && Arrays.equals(network, cidr.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a block's network is a valid address", e);
    }
  }
}
