package dev.parley.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Reads the server's footprint: open connections, heap used and resident memory from its
 * Prometheus {@code /metrics} ({@code parley_connections}, {@code jvm_memory_used_bytes{area="heap"}},
 * {@code process_resident_memory_bytes}); given the server's pid, RSS from {@code /proc/<pid>/status}
 * instead, and optionally a full GC first ({@code jcmd <pid> GC.run}) so heap used is what is live;
 * given the pid, also the CPU time the process has used.
 * A figure the server does not expose is reported as unknown (-1), never guessed.
 */
final class ServerProbe {
  private static final long BYTES_PER_KB = 1024;

  private final HttpClient http;
  private final URI metrics;
  private final Long pid;
  private final boolean gcFirst;
  private final Duration timeout;

  ServerProbe(HttpClient http, URI metrics, Long pid, boolean gcFirst, Duration timeout) {
    this.http = http;
    this.metrics = metrics;
    this.pid = pid;
    this.gcFirst = gcFirst;
    this.timeout = timeout;
  }

  ServerReading read() {
    boolean gcDone = gcFirst && pid != null && fullGc();
    String text = scrape();
    long connections = PrometheusText.value(text, "parley_connections", null).orElse(ServerReading.UNKNOWN);
    long heap = PrometheusText.value(text, "jvm_memory_used_bytes", "area=\"heap\"").orElse(ServerReading.UNKNOWN);
    OptionalLong procRss = pid == null ? OptionalLong.empty() : procRss(pid);
    long rss = procRss.isPresent() ? procRss.getAsLong() : PrometheusText.value(text, "process_resident_memory_bytes", null).orElse(ServerReading.UNKNOWN);
    String source = (text.isEmpty() ? "no /metrics" : metrics.toString())
        + (procRss.isPresent() ? ", RSS from /proc/" + pid + "/status" : "")
        + (gcDone ? ", heap after jcmd GC.run" : ", heap without a forced GC");
    return new ServerReading(connections, heap, rss, source);
  }

  /** CPU time (user and system) the server process has used so far; empty without its pid. */
  Optional<Duration> cpuTime() {
    return pid == null ? Optional.empty() : ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration());
  }

  private String scrape() {
    try {
      HttpResponse<String> response =
          http.send(HttpRequest.newBuilder(metrics).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static OptionalLong procRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * BYTES_PER_KB);
        }
      }
      return OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code jcmd <pid> GC.run}: a full collection, so the heap reading is live data, not garbage. */
  private boolean fullGc() {
    try {
      Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
      jcmd.getInputStream().transferTo(OutputStream.nullOutputStream());
      return jcmd.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) && jcmd.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
