package dev.parley.node.authz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.Accounts;
import dev.parley.node.testing.WsClient;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One row of the authorization matrix: {@code caller} sends {@code op} about {@code target} and
 * gets {@code expected}: {@code "ok"} or an error code of the contract. {@code request} makes the
 * request against the world (fresh data for a row that changes something); {@code then} checks the
 * data of an ok answer where what the caller sees matters.
 */
record Case(
    String op,
    String caller,
    String target,
    String expected,
    Transport transport,
    Function<World, Request> request,
    BiConsumer<World, JsonNode> then) {

  enum Transport {
    SOCKET,
    HTTP
  }

  /** Who sends what: {@code caller} null sends no token. */
  record Request(Accounts.User caller, WsClient.Fields fields) {}

  Case(String op, String caller, String target, String expected, Function<World, Request> request) {
    this(op, caller, target, expected, Transport.SOCKET, request, (world, data) -> {});
  }

  Case then(BiConsumer<World, JsonNode> check) {
    return new Case(op, caller, target, expected, transport, request, check);
  }

  @Override
  public String toString() {
    return op + " | " + caller + " | " + target + " -> " + expected + (transport == Transport.HTTP ? " (HTTP)" : "");
  }
}
