package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley send <op> [json]}: one request of any op over an authenticated WebSocket; prints
 * the {@code data} of the ok as one line of JSON.
 */
@Command(name = "send", description = "Send one WebSocket request; prints the ok's data as JSON.")
final class SendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<op>", description = "e.g. ping, history, message.edit")
  String op;

  @Parameters(index = "1", arity = "0..1", paramLabel = "<json>",
      description = "The request's fields as a JSON object, e.g. '{\"channelId\":\"c1\",\"limit\":5}'.")
  String json;

  @Override
  public Integer call() {
    Context context = ParleyCli.context(spec);
    ObjectNode fields;
    try {
      fields = json == null ? Json.MAPPER.createObjectNode() : Json.parseObject(json);
    } catch (IllegalArgumentException e) {
      throw context.usageError("<json> " + e.getMessage());
    }
    JsonNode data = context.withConnection(c -> c.connection().call(op, fields));
    context.out().println(data == null || data.isMissingNode() || data.isNull() ? "{}" : data.toString());
    return 0;
  }
}
