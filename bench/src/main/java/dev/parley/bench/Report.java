package dev.parley.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.PrintStream;

/** What a scenario prints: a table for people, JSON for scripts, and a timeline for {@code --plot}. */
public sealed interface Report permits BenchResult, ConnectionsResult, FailoverResult, FindMaxResult {

  /** Whether the run met the scenario's correctness checks; the exit status follows it. */
  @JsonProperty("correct")
  boolean correct();

  String scenario();

  Timeline timeline();

  void printTable(PrintStream out);
}
