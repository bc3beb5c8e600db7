package dev.parley.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node's and each address's socket counts: what is admitted, what is refused, and that every slot is given back once. */
class SocketQuotaTest {
  /** A node of 40 connections takes 38 sockets. */
  private static final SocketLimits LIMITS = new SocketLimits(40, 5, 2);

  private static SocketQuota.Slot admitted(SocketQuota quota, String address) {
    return assertInstanceOf(SocketQuota.Admitted.class, quota.admit(address)).slot();
  }

  private static SocketQuota.Refusal refused(SocketQuota quota, String address) {
    return assertInstanceOf(SocketQuota.Refused.class, quota.admit(address)).refusal();
  }

  @Test
  void aNodeKeepsATwentiethOfItsConnectionsForRequests() {
    assertEquals(38, LIMITS.perNode());
    assertEquals(19_000, new SocketLimits(20_000, 200, 20).perNode());
    assertEquals(19, new SocketLimits(SocketLimits.MIN_MAX_CONNECTIONS, 200, 20).perNode());
  }

  @Test
  void unauthenticatedSocketsAreCappedPerAddressUntilTheyAuthenticateOrEnd() {
    SocketQuota quota = new SocketQuota(LIMITS);
    SocketQuota.Slot first = admitted(quota, "a");
    SocketQuota.Slot second = admitted(quota, "a");
    assertEquals(SocketQuota.Refusal.ADDRESS_UNAUTHENTICATED_FULL, refused(quota, "a"));
    admitted(quota, "b");

    first.authenticated();
    first.authenticated();
    admitted(quota, "a");
    assertEquals(SocketQuota.Refusal.ADDRESS_UNAUTHENTICATED_FULL, refused(quota, "a"), "a second authenticated() freed a second place");

    second.release();
    admitted(quota, "a");
    assertEquals(SocketQuota.Refusal.ADDRESS_UNAUTHENTICATED_FULL, refused(quota, "a"));
  }

  @Test
  void socketsArePerAddressAndAReleaseCountsOnce() {
    SocketQuota quota = new SocketQuota(LIMITS);
    List<SocketQuota.Slot> slots = new ArrayList<>();
    for (int i = 0; i < LIMITS.perAddress(); i++) {
      SocketQuota.Slot slot = admitted(quota, "a");
      slot.authenticated();
      slots.add(slot);
    }
    assertEquals(SocketQuota.Refusal.ADDRESS_FULL, refused(quota, "a"));

    slots.get(0).release();
    slots.get(0).release();
    slots.get(0).authenticated();
    admitted(quota, "a").authenticated();
    assertEquals(SocketQuota.Refusal.ADDRESS_FULL, refused(quota, "a"), "a second release freed a second place");
  }

  @Test
  void aFullNodeRefusesEveryAddressUntilASocketEnds() {
    SocketQuota quota = new SocketQuota(LIMITS);
    List<SocketQuota.Slot> slots = new ArrayList<>();
    for (int i = 0; i < LIMITS.perNode(); i++) {
      slots.add(admitted(quota, "client-" + i));
    }
    assertEquals(SocketQuota.Refusal.NODE_FULL, refused(quota, "someone-new"));
    slots.get(7).release();
    slots.get(7).release();
    admitted(quota, "someone-new");
    assertEquals(SocketQuota.Refusal.NODE_FULL, refused(quota, "someone-else"));
  }
}
