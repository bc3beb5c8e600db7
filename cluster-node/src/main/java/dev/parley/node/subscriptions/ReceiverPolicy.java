package dev.parley.node.subscriptions;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Which URLs events may be sent to (docs/security.md, "Event subscriptions"): {@code https://}
 * only, without credentials in the URL, and no host that resolves to a loopback, private,
 * link-local, shared (CGNAT), unspecified or multicast address, so that a workspace admin cannot
 * make the node POST into the network it runs in. {@code allow-http-loopback} lets tests and
 * development use {@code http://127.0.0.1}; {@code allow-private-addresses} lets a deployment send
 * to receivers on its own network. A host name is resolved when the subscription is made and again
 * before every delivery (its address may have changed since).
 */
public final class ReceiverPolicy {
  /** A refused URL or receiver address; the message may be shown to the admin. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private static final String HTTPS = "https";
  private static final String HTTP = "http";
  /** 100.64.0.0/10, carrier-grade NAT: as private as 10/8 for a deployment inside one. */
  private static final int SHARED_FIRST = 100;
  private static final int SHARED_SECOND_MASK = 0xC0;
  private static final int SHARED_SECOND = 64;
  /** fc00::/7, IPv6 unique local addresses (Java's isSiteLocalAddress knows only the old fec0::/10). */
  private static final int ULA_MASK = 0xFE;
  private static final int ULA = 0xFC;

  private final boolean allowHttpLoopback;
  private final boolean allowPrivateAddresses;
  private final Executor blocking;

  public ReceiverPolicy(SubscriptionSettings settings, Executor blocking) {
    this.allowHttpLoopback = settings.allowHttpLoopback();
    this.allowPrivateAddresses = settings.allowPrivateAddresses();
    this.blocking = blocking;
  }

  /** The URL as it is stored, once it passed; fails with {@link Refused}. Resolves the host: runs on {@code blocking}. */
  public CompletionStage<URI> checked(String url) {
    return CompletableFuture.supplyAsync(
        () -> {
          URI uri = parsed(url);
          resolved(uri);
          return uri;
        },
        blocking);
  }

  /** The receiver's addresses, each allowed, or {@link Refused}; blocks on name resolution. */
  InetAddress[] resolved(URI uri) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new Refused("the host " + uri.getHost() + " does not resolve");
    }
    boolean http = uri.getScheme().equals(HTTP);
    for (InetAddress address : addresses) {
      if (http && !address.isLoopbackAddress()) {
        throw new Refused("the URL must start with https://");
      }
      if (!allowed(address)) {
        throw new Refused("the host " + uri.getHost() + " is at a private, loopback or link-local address, which is not allowed");
      }
    }
    return addresses;
  }

  private URI parsed(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("the URL is not valid");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(HTTPS) && !(scheme.equals(HTTP) && allowHttpLoopback)) {
      throw new Refused("the URL must start with https://");
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new Refused("the URL must name a host, without user name, password or fragment");
    }
    return uri;
  }

  private boolean allowed(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return false;
    }
    if (address.isLoopbackAddress()) {
      return allowHttpLoopback || allowPrivateAddresses;
    }
    return allowPrivateAddresses || !isPrivate(address);
  }

  private static boolean isPrivate(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (address.isSiteLocalAddress() || address.isLinkLocalAddress()) {
      return true;
    }
    if (address instanceof Inet6Address) {
      return (bytes[0] & ULA_MASK) == ULA;
    }
    boolean shared = Byte.toUnsignedInt(bytes[0]) == SHARED_FIRST && (bytes[1] & SHARED_SECOND_MASK) == SHARED_SECOND;
    // 0.0.0.0/8 is "this network": some stacks connect it to the host itself.
    boolean thisNetwork = bytes[0] == 0;
    return shared || thisNetwork;
  }

  /** What a failed stage of {@link #checked} failed with. */
  public static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
