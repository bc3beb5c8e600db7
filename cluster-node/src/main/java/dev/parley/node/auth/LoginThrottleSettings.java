package dev.parley.node.auth;

import java.time.Duration;

/**
 * The budgets of failed logins ({@code parley.auth.login}, see {@link LoginThrottle}).
 *
 * @param perAccountAndAddress one account from one client address: a guesser there locks only
 *     itself out of that account
 * @param perAccount one account from addresses that have not logged in to it lately: slows
 *     guessing spread over many addresses; larger than {@code perAccountAndAddress}, so one
 *     address alone cannot use it up
 * @param perAddress one client address, whatever the account: slows one address trying a few
 *     passwords on many accounts, and the password hashing that costs
 * @param knownAddressFor how long an address that logged in to an account stays exempt from that
 *     account's {@code perAccount} and its own {@code perAddress} budgets
 * @param tracked keys remembered at once per budget, and known addresses, before old ones go
 */
public record LoginThrottleSettings(
    FailureBudget perAccountAndAddress, FailureBudget perAccount, FailureBudget perAddress, Duration knownAddressFor, int tracked) {}
