package dev.parley.node.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RemoteAddress;

/**
 * Who sent a request, for the throttles and the security log. Anyone can write
 * {@code X-Forwarded-For}, so it counts only when the TCP peer is a trusted proxy
 * ({@code PARLEY_TRUSTED_PROXIES}); then its hops are read from the right, each one written by the
 * proxy to its right, and the first hop that is not itself a trusted proxy is the client. What a
 * client wrote at the left end is never reached while an untrusted hop stands to its right.
 */
public final class ClientAddress {
  private static final String FORWARDED_FOR = "x-forwarded-for";
  /** An IPv6 user gets a whole /64, so a throttle keyed by a full address is evaded by rotating in it. */
  private static final int IPV6_THROTTLE_BYTES = 8;

  private final List<Cidr> trustedProxies;

  public ClientAddress(List<Cidr> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  public InetAddress of(HttpRequest request) {
    InetAddress peer = peer(request);
    List<String> forwardedFor = new ArrayList<>();
    for (HttpHeader header : request.getHeaders()) {
      if (header.is(FORWARDED_FOR)) {
        forwardedFor.add(header.value());
      }
    }
    return resolve(peer, forwardedFor);
  }

  /** The TCP peer of a request, whatever its headers say. */
  public static InetAddress peer(HttpRequest request) {
    return request
        .getAttribute(AttributeKeys.remoteAddress)
        .flatMap(RemoteAddress::getAddress)
        .orElseThrow(() -> new IllegalStateException("no peer address: pekko.http.server.remote-address-attribute must be on"));
  }

  /**
   * The client behind {@code peer}, given the values of every {@code X-Forwarded-For} header in
   * order. A hop that is not an IP address ends the walk at the trusted proxy that passed it on,
   * the nearest address known to be true; when every hop is trusted, the left-most is the client.
   */
  public InetAddress resolve(InetAddress peer, List<String> forwardedFor) {
    List<String> hops = new ArrayList<>();
    forwardedFor.forEach(value -> hops.addAll(Arrays.asList(value.split(",", -1))));
    InetAddress client = peer;
    for (int i = hops.size() - 1; i >= 0 && trusted(client); i--) {
      var hop = IpLiteral.parseHop(hops.get(i));
      if (hop.isEmpty()) {
        return client;
      }
      client = hop.get();
    }
    return client;
  }

  /** What the throttles count by: an IPv4 address, or the /64 network of an IPv6 one. */
  public static String throttleKey(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] network = Arrays.copyOf(Arrays.copyOf(address.getAddress(), IPV6_THROTTLE_BYTES), address.getAddress().length);
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + (IPV6_THROTTLE_BYTES * Byte.SIZE);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("sixteen bytes are always an IPv6 address", e);
    }
  }

  private boolean trusted(InetAddress address) {
    return trustedProxies.stream().anyMatch(block -> block.contains(address));
  }
}
