package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.CloseCode;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Reply;
import dev.parley.protocol.Request;
import dev.parley.protocol.WireCodec;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * Opens an authenticated WebSocket: connect, send {@code auth}, and if the access token is
 * refused ({@code unauthorized}, or close code 4001) refresh it and try once more.
 */
final class Connector {

  /** An open connection and the {@code auth} reply it got. */
  record Connected(Connection connection, Reply.AuthOk auth) {}

  private final HttpClient http;
  private final ServerAddress server;
  private final WireCodec codec;
  private final Credentials credentials;
  private final Duration timeout;

  Connector(HttpClient http, ServerAddress server, WireCodec codec, Credentials credentials, Duration timeout) {
    this.http = http;
    this.server = server;
    this.codec = codec;
    this.credentials = credentials;
    this.timeout = timeout;
  }

  WireCodec codec() {
    return codec;
  }

  /** {@code resume}: channel id to the last seq seen there (may be empty). */
  Connected connect(Map<String, Long> resume, Connection.Handler handler) {
    String token = credentials.accessToken();
    Connected connected = attempt(token, resume, handler);
    if (connected != null) {
      return connected;
    }
    credentials.refresh(token);
    connected = attempt(credentials.accessToken(), resume, handler);
    if (connected == null) {
      throw new CliException(ErrorCode.UNAUTHORIZED, credentials.expiredMessage());
    }
    return connected;
  }

  /** Null if the token was refused. */
  private Connected attempt(String token, Map<String, Long> resume, Connection.Handler handler) {
    Connection connection = Connection.open(http, server.webSocket(), codec, timeout, handler);
    try {
      JsonNode data = connection.call(new Request.Auth(token, resume.isEmpty() ? null : resume));
      Reply.AuthOk auth;
      try {
        auth = codec.convert(data, Reply.AuthOk.class);
      } catch (IllegalArgumentException e) {
        throw new CliException(ErrorCode.INTERNAL, "unexpected auth reply: " + e.getMessage());
      }
      return new Connected(connection, auth);
    } catch (CliException.ConnectionLost e) {
      connection.close();
      if (e.closeCode() == CloseCode.AUTH_FAILED) {
        return null;
      }
      throw e;
    } catch (CliException e) {
      connection.close();
      if (ErrorCode.UNAUTHORIZED.wire().equals(e.code())) {
        return null;
      }
      throw e;
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }
}
