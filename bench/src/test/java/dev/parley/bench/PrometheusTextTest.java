package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final String TEXT = """
      # HELP parley_connections Open WebSocket connections on this node
      # TYPE parley_connections gauge
      parley_connections 1234.0
      parley_connections_extra 9
      jvm_memory_used_bytes{area="heap"} 1.048576E8
      jvm_memory_used_bytes{area="nonheap"} 5.0E7
      process_resident_memory_bytes 2.5E8
      """;

  @Test
  void readsAnUnlabelledSampleAndIgnoresLongerNames() {
    assertEquals(OptionalLong.of(1234), PrometheusText.value(TEXT, "parley_connections", null));
  }

  @Test
  void readsTheSampleWithTheLabel() {
    assertEquals(OptionalLong.of(104_857_600), PrometheusText.value(TEXT, "jvm_memory_used_bytes", "area=\"heap\""));
    assertEquals(OptionalLong.of(250_000_000), PrometheusText.value(TEXT, "process_resident_memory_bytes", null));
  }

  @Test
  void aMissingMetricIsEmpty() {
    assertTrue(PrometheusText.value(TEXT, "parley_sessions", null).isEmpty());
    assertTrue(PrometheusText.value(TEXT, "jvm_memory_used_bytes", "area=\"code\"").isEmpty());
  }
}
