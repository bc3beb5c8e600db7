package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotWriterTest {
  private static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0);

  @TempDir Path dir;

  @Test
  void writesOneSelfContainedHtmlFileWithALinePerSeries() throws IOException {
    List<Timeline.Sample> samples = List.of(sample(1, 100, 2.5), sample(2, 120, 3.0), sample(3, 90, 9.0));
    BenchResult result = new BenchResult("latency", "http://127.0.0.1:1", 1, 2, 1, "open loop", 3, 310, 310, 620, 103, 206,
        0, null, 0, 0, 0, NONE, NONE, new Timeline(samples));
    Path file = dir.resolve("plot.html");

    PlotWriter.write(file, result);

    String html = Files.readString(file);
    assertTrue(html.startsWith("<!DOCTYPE html>"), html);
    assertEquals(3, count(html, "<svg"), "a chart per rate (their scales differ) and one for latencies");
    assertEquals(3, count(html, "<polyline"), "acked/s, deliveries/s and one latency series");
    assertTrue(html.contains("post-&gt;all p99"), "series are named, escaped");
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(html.contains("src=") || html.contains("href="), "no external resources");
  }

  private static Timeline.Sample sample(double seconds, double acked, double p99) {
    Map<String, Double> rates = new LinkedHashMap<>();
    rates.put("acked posts/s", acked);
    rates.put("deliveries/s", acked * 2);
    return new Timeline.Sample(seconds, rates, Map.of("post->all p99", p99));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
