package dev.parley.node.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Budgets of failed logins ({@link LoginThrottleSettings}): per account and client address, per
 * account, and per address. Only failures count: an attempt takes one from each budget it falls
 * under before its password is checked, and gives them back when the password was right (or
 * nothing was decided), so a correct password never locks anyone out. Taking before checking
 * matters twice: hashing is slow, and many attempts sent at once must not all pass a check that
 * none of them has counted in yet.
 *
 * <p>The per-account and per-address budgets do not apply to an address that logged in to the
 * account lately, so guessers spread over many addresses cannot lock the owner out of the places
 * they use; the per-account-and-address budget always applies.
 */
public final class LoginThrottle {
  private final AttemptThrottle perAccountAndAddress;
  private final AttemptThrottle perAccount;
  private final AttemptThrottle perAddress;
  private final RecentLogins recent;

  public LoginThrottle(LoginThrottleSettings settings, LongSupplier nanoTime) {
    this.perAccountAndAddress = throttle(settings.perAccountAndAddress(), settings.tracked(), nanoTime);
    this.perAccount = throttle(settings.perAccount(), settings.tracked(), nanoTime);
    this.perAddress = throttle(settings.perAddress(), settings.tracked(), nanoTime);
    this.recent = new RecentLogins(settings.knownAddressFor(), settings.tracked(), nanoTime);
  }

  private static AttemptThrottle throttle(FailureBudget budget, int tracked, LongSupplier nanoTime) {
    return new AttemptThrottle(budget.refillPerSecond(), budget.failures(), tracked, nanoTime);
  }

  /**
   * Counts an attempt at {@code account} (a valid user name) from {@code address} (a throttle key)
   * as failed until it says otherwise; {@link TooManyAttempts} when a budget it falls under is
   * spent, and then it takes nothing.
   */
  public Attempt attempt(String account, String address) {
    List<Runnable> taken = new ArrayList<>();
    take(perAccountAndAddress, account + " " + address, "account and address", taken);
    if (!recent.contains(account, address)) {
      take(perAccount, account, "account", taken);
      take(perAddress, address, "address", taken);
    }
    return new Attempt(account, address, taken);
  }

  private static void take(AttemptThrottle budget, String key, String name, List<Runnable> taken) {
    long retryAfter = budget.attempt(key);
    if (retryAfter > 0) {
      taken.forEach(Runnable::run);
      throw new TooManyAttempts(name, retryAfter);
    }
    taken.add(() -> budget.giveBack(key));
  }

  /** One attempt under way; left alone it stays counted as a failure. */
  public final class Attempt {
    private final String account;
    private final String address;
    private List<Runnable> taken;

    private Attempt(String account, String address, List<Runnable> taken) {
      this.account = account;
      this.address = address;
      this.taken = taken;
    }

    /** The password was right: nothing counted, and the address is known to the account from now on. */
    public void succeeded() {
      giveBack();
      recent.remember(account, address);
    }

    /** Nothing was decided (the account did not answer in time): nothing counted. */
    public void undecided() {
      giveBack();
    }

    private synchronized void giveBack() {
      taken.forEach(Runnable::run);
      taken = List.of();
    }
  }
}
