package dev.parley.node.hostile;

import java.util.Map;
import java.util.TreeMap;

/** What a fuzz run sent and what came back, for its one-line summary. */
final class Tally {
  private final Map<String, Integer> sentByKind = new TreeMap<>();
  private final Map<String, Integer> errorsByCode = new TreeMap<>();
  private final Map<Integer, Integer> closesByCode = new TreeMap<>();
  private int sent;
  private int oks;
  private int errors;
  private int closes;
  private int connections;

  void connected() {
    connections++;
  }

  void sent(String kind) {
    sent++;
    sentByKind.merge(kind, 1, Integer::sum);
  }

  void ok() {
    oks++;
  }

  void error(String code) {
    errors++;
    errorsByCode.merge(code, 1, Integer::sum);
  }

  void closed(int code) {
    closes++;
    closesByCode.merge(code, 1, Integer::sum);
  }

  @Override
  public String toString() {
    return String.format(
        "fuzz: %d frames, %d closes, %d errors, %d ok over %d connections; sent %s; errors %s; closes %s",
        sent, closes, errors, oks, connections, sentByKind, errorsByCode, closesByCode);
  }
}
