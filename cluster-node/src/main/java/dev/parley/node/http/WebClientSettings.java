package dev.parley.node.http;

import java.time.Duration;
import java.util.List;

/**
 * What the web client is told in {@code /client-config.json}: the nodes it may fail over to
 * ({@code PARLEY_WEB_NODES}) and how it checks that its socket still reaches a node
 * ({@code PARLEY_WEB_HEARTBEAT_*}). A path that silently drops packets (Wi-Fi gone, a frozen node)
 * never closes a browser's WebSocket, so the client pings and gives up on a socket that does not
 * answer.
 */
public record WebClientSettings(List<String> nodes, Duration heartbeatInterval, Duration heartbeatTimeout) {}
