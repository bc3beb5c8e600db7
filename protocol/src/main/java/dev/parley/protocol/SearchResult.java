package dev.parley.protocol;

import java.util.List;

/** The answer of {@code GET /v1/search}: the matching messages, best first. */
public record SearchResult(List<Hit> hits) {

  /** A message: its channel, the seq of its message.posted event, its current text. */
  public record Hit(String channelId, long seq, String text, String authorId, long ts) {}
}
