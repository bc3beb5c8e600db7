package dev.parley.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;

/** Writes a {@link Report} as a table for people or as JSON for scripts ({@code --json}), and its plot ({@code --plot}). */
final class ResultPrinter {
  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private ResultPrinter() {}

  static void print(Report report, OutputOptions output, PrintStream out) {
    if (output.plot != null) {
      PlotWriter.write(output.plot, report);
    }
    if (output.json) {
      try {
        out.println(MAPPER.writeValueAsString(report));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot encode the result", e);
      }
      return;
    }
    report.printTable(out);
    if (output.plot != null) {
      out.println("plot                " + output.plot.toAbsolutePath());
    }
  }
}
