package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.WireCodec.IncomingFrame;

/**
 * What arrives in a {@link ChatSession}'s inbox, to be handled on its one thread: typed lines and
 * the end of them, frames and closes of the connection, post results and the retries they ask for.
 */
sealed interface ChatInput {

  record Line(String text) implements ChatInput {}

  record EndOfInput() implements ChatInput {}

  record Frame(Connection connection, IncomingFrame frame) implements ChatInput {}

  record Closed(Connection connection, int code, String reason) implements ChatInput {}

  record PostResult(String clientMsgId, Connection connection, JsonNode data, Throwable error) implements ChatInput {}

  record Retry(String clientMsgId) implements ChatInput {}
}
