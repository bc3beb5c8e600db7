package dev.parley.node.channel;

import java.util.List;
import java.util.Set;

/**
 * Events as members read them: a deleted message keeps its place in the log but loses its text, in
 * posts and edits alike, and the sealed form of a text stays on the server.
 */
final class Redaction {
  private Redaction() {}

  /** @param deleted the seqs of the deleted posts */
  static List<ChannelEvent.Sequenced> forMembers(Set<Long> deleted, List<ChannelEvent.Sequenced> events) {
    return events.stream().map(event -> SealedEvents.plain(redacted(deleted, event))).toList();
  }

  private static ChannelEvent.Sequenced redacted(Set<Long> deleted, ChannelEvent.Sequenced event) {
    if (event instanceof ChannelEvent.MessagePosted p && deleted.contains(p.seq())) {
      return SealedEvents.erased(p);
    }
    if (event instanceof ChannelEvent.MessageEdited e && deleted.contains(e.target())) {
      return new ChannelEvent.MessageEdited(e.seq(), e.target(), null, e.ts(), e.editor());
    }
    return event;
  }
}
