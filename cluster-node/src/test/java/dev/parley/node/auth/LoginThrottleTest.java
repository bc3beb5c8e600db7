package dev.parley.node.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failed logins per account and address, per account, and per address; successes never count. */
class LoginThrottleTest {
  private static final Duration REFILL = Duration.ofMinutes(1);
  private static final LoginThrottleSettings SETTINGS =
      new LoginThrottleSettings(
          new FailureBudget(3, REFILL), new FailureBudget(6, REFILL), new FailureBudget(10, REFILL), Duration.ofDays(1), 1000);

  private final AtomicLong now = new AtomicLong();
  private final LoginThrottle throttle = new LoginThrottle(SETTINGS, now::get);

  private void fail(String account, String address) {
    throttle.attempt(account, address);
  }

  private void succeed(String account, String address) {
    throttle.attempt(account, address).succeeded();
  }

  private TooManyAttempts refused(String account, String address) {
    return assertThrows(TooManyAttempts.class, () -> throttle.attempt(account, address));
  }

  @Test
  void failuresFromOneAddressLockOnlyThatAddressOutOfThatAccount() {
    for (int i = 0; i < 3; i++) {
      fail("alice", "x");
    }
    TooManyAttempts refusal = refused("alice", "x");
    assertEquals("account and address", refusal.budget());
    assertEquals(REFILL.toSeconds(), refusal.retryAfterSeconds());
    assertDoesNotThrow(() -> succeed("alice", "y"));
    assertDoesNotThrow(() -> succeed("bob", "x"));
  }

  @Test
  void failuresSpreadOverAddressesSpendTheAccountsBudget() {
    for (int i = 0; i < 6; i++) {
      fail("alice", "a" + i);
    }
    assertEquals("account", refused("alice", "fresh").budget());
    assertDoesNotThrow(() -> succeed("bob", "fresh"));
  }

  @Test
  void anAddressThatLoggedInLatelyKeepsGettingInWhenTheAccountsBudgetIsSpent() {
    succeed("alice", "home");
    for (int i = 0; i < 6; i++) {
      fail("alice", "a" + i);
    }
    assertDoesNotThrow(() -> succeed("alice", "home"));
    now.addAndGet(Duration.ofDays(2).toNanos());
    for (int i = 0; i < 6; i++) {
      fail("alice", "b" + i);
    }
    assertEquals("account", refused("alice", "home").budget(), "known for a day only");
  }

  @Test
  void oneAddressTryingManyAccountsSpendsItsOwnBudget() {
    for (int i = 0; i < 10; i++) {
      fail("user" + i, "x");
    }
    assertEquals("address", refused("other", "x").budget());
    assertDoesNotThrow(() -> succeed("other", "y"));
  }

  @Test
  void successesAndUndecidedAttemptsCountNothing() {
    for (int i = 0; i < 20; i++) {
      succeed("alice", "x");
      throttle.attempt("alice", "x").undecided();
    }
    for (int i = 0; i < 3; i++) {
      fail("alice", "x");
    }
    refused("alice", "x");
  }

  @Test
  void aRefusedAttemptTakesNothingFromTheOtherBudgets() {
    for (int i = 0; i < 3; i++) {
      fail("alice", "x");
    }
    for (int i = 0; i < 50; i++) {
      refused("alice", "x");
    }
    for (int i = 0; i < 3; i++) {
      fail("alice", "y");
    }
    assertEquals("account and address", refused("alice", "y").budget(), "the account's budget of 6 is not spent yet");
  }

  @Test
  void budgetsComeBackOneFailurePerRefill() {
    for (int i = 0; i < 3; i++) {
      fail("alice", "x");
    }
    refused("alice", "x");
    now.addAndGet(REFILL.toNanos());
    fail("alice", "x");
    refused("alice", "x");
  }
}
