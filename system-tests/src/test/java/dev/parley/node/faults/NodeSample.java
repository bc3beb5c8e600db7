package dev.parley.node.faults;

import dev.parley.node.testing.LocalCluster;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a soak watches on one node, read from its Prometheus endpoint: heap in use right after a
 * full GC (forced with jcmd, so garbage does not hide a leak), open connections, running entities,
 * and how many journal events the search projection has yet to read.
 */
record NodeSample(double heapAfterGcBytes, double connections, double entities, double journalEventsBehind) {
  private static final long JCMD_TIMEOUT_SECONDS = 30;

  static NodeSample of(LocalCluster cluster, int index) {
    fullGc(cluster.node(index).pid());
    HttpResponse<String> response = cluster.management(index, "/metrics");
    if (response == null || response.statusCode() != 200) {
      throw new IllegalStateException("node " + index + " did not serve /metrics");
    }
    String text = response.body();
    return new NodeSample(
        sum(text, "jvm_memory_used_bytes", "area=\"heap\""),
        sum(text, "parley_connections", ""),
        sum(text, "parley_entities", ""),
        sum(text, "parley_search_projection_events_behind", ""));
  }

  /** Sums the samples of metric {@code name} whose line contains {@code label} (a label and its value). */
  private static double sum(String metrics, String name, String label) {
    return metrics
        .lines()
        .filter(line -> !line.startsWith("#") && line.contains(label))
        .filter(line -> line.split("[{ ]", 2)[0].equals(name))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void fullGc(long pid) {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    try {
      Process process = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
      process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " GC.run failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run jcmd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
