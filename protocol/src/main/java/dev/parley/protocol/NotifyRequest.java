package dev.parley.protocol;

import java.util.Set;

/**
 * The caller's notification preferences: per channel and a default, each a {@code level} (what
 * notifies: {@code all} posts, {@code mentions} and DMs, or {@code nothing}) and whether it is
 * {@code muted} (nothing notifies while it is, whatever the level).
 */
public sealed interface NotifyRequest extends Request {

  Set<String> LEVELS = Set.of("all", "mentions", "nothing");

  /** The caller's default and every channel preference they set. */
  record NotifyGet() implements NotifyRequest {
    public String op() {
      return "notify.get";
    }

    public NotifyGet validate(Limits limits) {
      return this;
    }
  }

  /** Sets the preference of {@code channelId}, or without it the caller's default; {@code muted} absent: false. */
  record NotifySet(String channelId, String level, Boolean muted) implements NotifyRequest {
    public String op() {
      return "notify.set";
    }

    public NotifySet validate(Limits limits) {
      Limits.required("level", level);
      if (!LEVELS.contains(level)) {
        throw ProtocolException.badRequest("field 'level' must be all, mentions or nothing");
      }
      return new NotifySet(channelId == null ? null : limits.id("channelId", channelId), level, muted != null && muted);
    }
  }
}
