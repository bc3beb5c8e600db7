package dev.parley.node.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {

  @Test
  void aHistogramQuantileNamesItsBucketSeries() {
    assertEquals(
        Set.of("parley_delivery_lag_seconds_bucket"),
        PromQlNames.of("histogram_quantile(0.99, sum by (le) (rate(parley_delivery_lag_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"));
  }

  @Test
  void labelMatchersRegexesAndGroupingLabelsAreNoNames() {
    assertEquals(
        Set.of("parley_requests_total"),
        PromQlNames.of(
            "sum without (instance) (rate(parley_requests_total{outcome=~\"internal|unavailable\", op!='ping'}[5m]))"
                + " / ignoring(outcome) group_left sum(rate(parley_requests_total[5m] offset 1h))"));
  }

  @Test
  void everyOperandOfABinaryExpressionIsNamed() {
    assertEquals(
        Set.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "up"),
        PromQlNames.of("jvm_memory_used_bytes{area=\"heap\"} / jvm_memory_max_bytes{area=\"heap\"} > 0.9 and on(instance) up == 1"));
  }

  @Test
  void numbersDurationsFunctionsAndKeywordsAreNoNames() {
    assertEquals(
        Set.of("parley_connections"),
        PromQlNames.of("max_over_time(parley_connections[1h:5m]) > bool 1e3 or vector(0) unless absent(parley_connections)"));
  }

  @Test
  void aSuffixIsKeptAsWritten() {
    assertEquals(
        Set.of("parley_journal_write_seconds_sum", "parley_journal_write_seconds_count", "parley_posts_total"),
        PromQlNames.of("rate(parley_journal_write_seconds_sum[5m]) / rate(parley_journal_write_seconds_count[5m]) + rate(parley_posts_total[1m])"));
  }
}
