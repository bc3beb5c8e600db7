package dev.parley.node.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A soak's verdict on a sampled quantity: noise around a level is flat, steady growth is not. */
class TrendTest {
  private static final List<Double> MINUTES = List.of(0.0, 1.0, 2.0, 3.0, 4.0);

  @Test
  void slopeIsTheLeastSquaresLine() {
    Trend trend = Trend.of("heap", MINUTES, List.of(100.0, 102.0, 104.0, 106.0, 108.0), 0.1, 16);
    assertEquals(2.0, trend.slopePerMinute(), 1e-9);
    assertEquals(104.0, trend.mean(), 1e-9);
  }

  @Test
  void noiseAroundALevelIsFlat() {
    assertTrue(Trend.of("heap", MINUTES, List.of(30.0, 34.0, 29.0, 33.0, 31.0), 0.1, 16).flat());
  }

  @Test
  void growthBeyondTheToleranceOverTheRunIsRising() {
    assertFalse(Trend.of("heap", MINUTES, List.of(100.0, 110.0, 120.0, 130.0, 140.0), 0.1, 16).flat());
  }

  @Test
  void aFallingQuantityIsNotRising() {
    assertTrue(Trend.of("entities", MINUTES, List.of(50.0, 40.0, 30.0, 20.0, 10.0), 0.1, 5).flat());
  }
}
