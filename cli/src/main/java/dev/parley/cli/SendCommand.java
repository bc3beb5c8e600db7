package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.protocol.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code parley send <op> [json]}: one request of any op over an authenticated WebSocket; prints
 * the {@code data} of the ok as one line of JSON. With {@code --file} (a {@code message.post}),
 * each file is uploaded to the post's channel first and named in its {@code files}.
 */
@Command(name = "send", description = "Send one WebSocket request; prints the ok's data as JSON.")
final class SendCommand implements Callable<Integer> {
  private static final String POST = "message.post";

  @Spec CommandSpec spec;

  @Option(
      names = "--file",
      paramLabel = "<path>",
      description = "With message.post: upload this file to the post's channel and attach it (repeatable, up to "
          + Limits.MAX_FILES_PER_POST + ").")
  List<Path> files = new ArrayList<>();

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
    if (!files.isEmpty()) {
      attach(context, fields);
    }
    JsonNode data = context.withConnection(c -> c.connection().call(op, fields));
    context.out().println(data == null || data.isMissingNode() || data.isNull() ? "{}" : data.toString());
    return 0;
  }

  /** Uploads the files to the post's channel and adds their ids to its {@code files}. */
  private void attach(Context context, ObjectNode fields) {
    if (!POST.equals(op)) {
      throw context.usageError("--file goes with " + POST + ", not " + op);
    }
    if (!fields.path("channelId").isTextual()) {
      throw context.usageError("--file needs the post's channelId in <json>");
    }
    if (files.size() > Limits.MAX_FILES_PER_POST) {
      throw context.usageError("a post carries at most " + Limits.MAX_FILES_PER_POST + " files");
    }
    FileUploader uploader = context.fileUploader();
    ArrayNode ids = fields.path("files").isArray() ? (ArrayNode) fields.get("files") : fields.putArray("files");
    for (Path file : files) {
      ids.add(uploader.upload(fields.get("channelId").asText(), file).path("id").asText());
    }
  }
}
