package dev.parley.node.channel;

import dev.parley.node.Outcome;
import dev.parley.node.channel.ChannelState.Active;

/** How a {@link Channel} refuses: never revealing a private channel to someone outside it. */
final class ChannelRefusals {
  private ChannelRefusals() {}

  static <T> Outcome<T> notFound() {
    return Outcome.notFound("no such channel");
  }

  /** What an {@link ChannelState.Empty} channel answers: to the client the same as {@link #notFound}. */
  static <T> Outcome<T> absent() {
    return Outcome.absent("no such channel");
  }

  static <T> Outcome<T> noMessage() {
    return Outcome.notFound("no message at that seq");
  }

  /** Null when the user is a member; otherwise the refusal that does not reveal a private channel. */
  static <T> Outcome<T> refuseNonMember(Active state, String userId, String message) {
    if (state.isMember(userId)) {
      return null;
    }
    return state.isPublic() ? Outcome.forbidden(message) : notFound();
  }

  /**
   * Null when an incoming webhook may post here: the edge checked the hook, the channel checks it
   * still takes posts (hooks are for channels, not DMs, and an archived channel is read-only).
   */
  static <T> Outcome<T> refuseHook(Active state) {
    if (state.isDm()) {
      return Outcome.forbidden("a DM takes no webhook posts");
    }
    return state.archived() ? Outcome.forbidden(ChannelAdministration.ARCHIVED) : null;
  }
}
