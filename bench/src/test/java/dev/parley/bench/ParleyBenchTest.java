package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.protocol.BuildInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ParleyBenchTest {
  @Test
  void versionPrintsTheBuild() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(new ParleyBench());
    commandLine.setOut(new PrintWriter(out, true));
    assertEquals(0, commandLine.execute("--version"));
    assertEquals(BuildInfo.CURRENT.line("parley-bench") + System.lineSeparator(), out.toString());
  }
}
