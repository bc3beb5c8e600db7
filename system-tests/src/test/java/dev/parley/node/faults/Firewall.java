package dev.parley.node.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real packet loss on the loopback interface: nftables rules in a table of its own, dropping
 * traffic between chosen loopback addresses or to a port. Nodes bind their outgoing cluster
 * connections to their own address (see {@code LocalCluster}), so a rule on addresses cuts exactly
 * one node's links. Only 127.0.0.0/8 is ever named in a rule.
 */
final class Firewall implements AutoCloseable {
  private static final String TABLE = "parley_faults";
  private static final long COMMAND_TIMEOUT_SECONDS = 10;

  private Firewall() {}

  /** A fresh, empty rule table; fails with the fix when nftables is missing. */
  static Firewall open() {
    if (!nftInstalled()) {
      throw new IllegalStateException("nft is missing: run scripts/faults-install.sh (as root) once on this machine");
    }
    Firewall firewall = new Firewall();
    firewall.deleteTable();
    nft("add table inet " + TABLE);
    for (String hook : List.of("input", "output")) {
      nft("add chain inet " + TABLE + " " + hook + " { type filter hook " + hook + " priority 0; policy accept; }");
    }
    return firewall;
  }

  /** Drops every packet from {@code from} to {@code to}: {@code from} cannot reach {@code to}. */
  void drop(String from, String to) {
    requireLoopback(from);
    requireLoopback(to);
    nft("add rule inet " + TABLE + " input ip saddr " + from + " ip daddr " + to + " drop");
  }

  /** Cuts {@code host} off from each of {@code others}, both ways. */
  void isolate(String host, List<String> others) {
    for (String other : others) {
      drop(host, other);
      drop(other, host);
    }
  }

  /** Drops every TCP segment to or from a loopback port: the service there is unreachable. */
  void blockPort(int port) {
    nft("add rule inet " + TABLE + " output ip daddr 127.0.0.0/8 tcp dport " + port + " drop");
    nft("add rule inet " + TABLE + " output ip daddr 127.0.0.0/8 tcp sport " + port + " drop");
  }

  /** Removes every rule: the network is whole again. */
  void heal() {
    nft("flush table inet " + TABLE);
  }

  @Override
  public void close() {
    deleteTable();
  }

  private void deleteTable() {
    List<String> tables = run(List.of("nft", "list", "tables"));
    if (tables.stream().anyMatch(line -> line.trim().equals("table inet " + TABLE))) {
      nft("delete table inet " + TABLE);
    }
  }

  private static void requireLoopback(String address) {
    if (!address.startsWith("127.")) {
      throw new IllegalArgumentException("only loopback addresses may be cut, not " + address);
    }
  }

  private static boolean nftInstalled() {
    try {
      run(List.of("nft", "--version"));
      return true;
    } catch (IllegalStateException | UncheckedIOException e) {
      return false;
    }
  }

  private static void nft(String command) {
    List<String> words = new ArrayList<>();
    words.add("nft");
    words.add(command);
    run(words);
  }

  private static List<String> run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + output);
      }
      return output.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
