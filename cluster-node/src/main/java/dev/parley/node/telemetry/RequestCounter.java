package dev.parley.node.telemetry;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.WireCodec;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code parley_requests_total{op,outcome}} of one op. The ops are a fixed set (the protocol's, the
 * {@code /v1/auth} endpoints and search), so a client naming ops of its own cannot grow the label
 * set: what no op knows is counted as {@code unknown}. Each outcome's child counter is looked up
 * once and kept, so counting a request costs a map lookup by op name and an increment.
 */
public final class RequestCounter {
  private static final ErrorCode[] CODES = ErrorCode.values();
  private static final String OK = "ok";

  /** Requests this node serves over HTTP only; the WebSocket's ops come from the codec. */
  private static final List<String> HTTP_ONLY =
      List.of(
          "auth.register", "auth.login", "auth.refresh", "auth.logout", "auth.reset-password", "search",
          "files.upload", "files.download", "files.link", "files.discard", "hooks.post");

  public static final RequestCounter UNKNOWN = new RequestCounter("unknown");
  private static final Map<String, RequestCounter> BY_OP = byOp();

  private final String op;
  /** Index 0: ok; 1 + ordinal: that error code. Filled on first use, so only outcomes seen are exported. */
  private final AtomicReferenceArray<CounterDataPoint> outcomes = new AtomicReferenceArray<>(1 + CODES.length);

  private RequestCounter(String op) {
    this.op = op;
  }

  private static Map<String, RequestCounter> byOp() {
    Map<String, RequestCounter> counters = new HashMap<>();
    for (String op : WireCodec.ops()) {
      counters.put(op, new RequestCounter(op));
    }
    for (String op : HTTP_ONLY) {
      counters.put(op, new RequestCounter(op));
    }
    return Map.copyOf(counters);
  }

  /** The counter of {@code op}; {@link #UNKNOWN} for null or a name no op has. */
  public static RequestCounter of(String op) {
    return op == null ? UNKNOWN : BY_OP.getOrDefault(op, UNKNOWN);
  }

  public void ok() {
    outcome(0).inc();
  }

  public void failed(ErrorCode code) {
    outcome(1 + code.ordinal()).inc();
  }

  /** An answer given as an HTTP status: 2xx is ok, anything else the error code of that status. */
  public void answered(int httpStatus) {
    if (httpStatus >= 200 && httpStatus < 300) {
      ok();
      return;
    }
    for (ErrorCode code : CODES) {
      if (code.httpStatus() == httpStatus) {
        failed(code);
        return;
      }
    }
    failed(httpStatus < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL);
  }

  private CounterDataPoint outcome(int index) {
    CounterDataPoint child = outcomes.get(index);
    if (child == null) {
      child = Metrics.REQUESTS.labelValues(op, index == 0 ? OK : CODES[index - 1].wire());
      outcomes.set(index, child);
    }
    return child;
  }
}
