package dev.parley.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes a {@link Timeline} as one self-contained HTML file ({@code --plot}): two inline SVG
 * charts, rates and latency percentiles over time. No scripts and no external resources, so the
 * file can be attached to an issue or opened offline.
 */
final class PlotWriter {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 220;
  private static final int MARGIN_LEFT = 70;
  private static final int MARGIN_RIGHT = 160;
  private static final int MARGIN_TOP = 20;
  private static final int MARGIN_BOTTOM = 40;
  private static final int TICKS = 5;
  /** The y axis reaches a little above the highest point, so a peak does not touch the frame. */
  private static final double HEADROOM = 1.05;
  private static final int LEGEND_LINE = 18;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

  private PlotWriter() {}

  static void write(Path file, Report report) {
    Timeline timeline = report.timeline();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>parley-bench ")
        .append(escape(report.scenario()))
        .append("</title>\n<style>body{font-family:sans-serif;margin:2em}svg{display:block;margin-bottom:2em}"
            + "text{font-size:12px}pre{background:#f4f4f4;padding:1em}</style></head><body>\n")
        .append("<h1>parley-bench ").append(escape(report.scenario())).append("</h1>\n");
    // Rates differ by orders of magnitude (posts/s against deliveries/s): one chart each, or the small ones vanish.
    html.append("<h2>Rates (per second)</h2>\n");
    for (String name : names(timeline, Timeline.Sample::rates)) {
      html.append(chart(timeline, sample -> only(sample.rates(), name), "per s"));
    }
    html.append("<h2>Latency (ms)</h2>\n").append(chart(timeline, Timeline.Sample::latencyMs, "ms"));
    html.append("<h2>Result</h2>\n<pre>").append(escape(table(report))).append("</pre>\n</body></html>\n");
    try {
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Set<String> names(Timeline timeline, Function<Timeline.Sample, Map<String, Double>> series) {
    Set<String> names = new LinkedHashSet<>();
    timeline.samples().forEach(sample -> names.addAll(series.apply(sample).keySet()));
    return names;
  }

  private static Map<String, Double> only(Map<String, Double> values, String name) {
    Double value = values.get(name);
    return value == null ? Map.of() : Map.of(name, value);
  }

  private static String chart(Timeline timeline, Function<Timeline.Sample, Map<String, Double>> series, String unit) {
    Set<String> names = names(timeline, series);
    double maxX = 1;
    double maxY = 0;
    for (Timeline.Sample sample : timeline.samples()) {
      maxX = Math.max(maxX, sample.seconds());
      for (double v : series.apply(sample).values()) {
        maxY = Math.max(maxY, v);
      }
    }
    if (names.isEmpty()) {
      return "<p>No data.</p>\n";
    }
    maxY = maxY <= 0 ? 1 : maxY * HEADROOM;
    int plotW = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    int plotH = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">%n", WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
        MARGIN_LEFT, MARGIN_TOP, plotW, plotH));
    for (int i = 0; i <= TICKS; i++) {
      double y = MARGIN_TOP + plotH - (double) plotH * i / TICKS;
      double x = MARGIN_LEFT + (double) plotW * i / TICKS;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>", MARGIN_LEFT, MARGIN_LEFT + plotW, y, y));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", MARGIN_LEFT - 5, y + 4, number(maxY * i / TICKS)));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>%n", x, HEIGHT - MARGIN_BOTTOM + 18, number(maxX * i / TICKS)));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", 5, MARGIN_TOP + 10, unit));
    int colour = 0;
    for (String name : names) {
      List<String> points = new ArrayList<>();
      for (Timeline.Sample sample : timeline.samples()) {
        Double v = series.apply(sample).get(name);
        if (v != null) {
          points.add(String.format(Locale.ROOT, "%.1f,%.1f",
              MARGIN_LEFT + plotW * sample.seconds() / maxX, MARGIN_TOP + plotH - plotH * v / maxY));
        }
      }
      String c = COLOURS[colour % COLOURS.length];
      svg.append("<polyline fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"1.5\" points=\"")
          .append(String.join(" ", points)).append("\"/>\n");
      int ly = MARGIN_TOP + LEGEND_LINE * (colour + 1);
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
          MARGIN_LEFT + plotW + 10, ly - 4, c, MARGIN_LEFT + plotW + 26, ly, escape(name)));
      colour++;
    }
    return svg.append("</svg>\n").toString();
  }

  private static String table(Report report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      report.printTable(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String number(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
