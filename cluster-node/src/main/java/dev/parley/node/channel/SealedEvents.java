package dev.parley.node.channel;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Posts and edits between their journal form (text {@link SealedText sealed} under the message's
 * key) and the opened form that members read. A post or edit whose key is gone opens as erased: no
 * text, no mentions, no files, just as a deleted message reads ({@link Channel.EventsPage}).
 *
 * <p>Three forms: sealed (the journal's: {@code sealed}, no {@code text}); opened ({@code text} and
 * {@code sealed}: the channel knows it may seal an edit of it under the same key); plain ({@code
 * text} only: a post journaled before erasure existed, or one sent to members).
 */
public final class SealedEvents {
  private SealedEvents() {}

  /** Whether {@code event} is a post or edit whose text is still sealed. */
  public static boolean isSealed(ChannelEvent.Sequenced event) {
    if (event instanceof ChannelEvent.MessagePosted p) {
      return p.sealed() != null && p.text() == null;
    }
    return event instanceof ChannelEvent.MessageEdited e && e.sealed() != null && e.text() == null;
  }

  /** Whether {@code post} was opened without its key: it reads as deleted. */
  public static boolean isErased(ChannelEvent.MessagePosted post) {
    return post.text() == null && post.sealed() == null;
  }

  /** The seq whose key opens {@code event}: a post's own, an edit's target. */
  public static long keySeq(ChannelEvent.Sequenced event) {
    return event instanceof ChannelEvent.MessageEdited e ? e.target() : event.seq();
  }

  /** The key that opens a sealed post or edit. */
  public static KeyRef keyOf(ChannelEvent.Sequenced event) {
    SealedText sealed = event instanceof ChannelEvent.MessagePosted p ? p.sealed() : ((ChannelEvent.MessageEdited) event).sealed();
    return KeyRef.of(keySeq(event), sealed);
  }

  /** The keys that the still sealed events among {@code events} need. */
  public static Set<KeyRef> keysNeeded(List<? extends ChannelEvent.Sequenced> events) {
    Set<KeyRef> refs = new HashSet<>();
    for (ChannelEvent.Sequenced event : events) {
      if (isSealed(event)) {
        refs.add(keyOf(event));
      }
    }
    return refs;
  }

  /** The seqs whose keys {@code refs} name, for a load. */
  public static Set<Long> seqsOf(Set<KeyRef> refs) {
    Set<Long> seqs = new TreeSet<>();
    refs.forEach(ref -> seqs.add(ref.seq()));
    return seqs;
  }

  /** {@code keys} by the reference a sealed text names them with. */
  public static Map<KeyRef, MessageKey> byRef(Collection<MessageKey> keys) {
    Map<KeyRef, MessageKey> byRef = new HashMap<>();
    keys.forEach(key -> byRef.put(key.ref(), key));
    return byRef;
  }

  /** {@code events} with every sealed one opened under its key from {@code keys}, or erased. */
  public static List<ChannelEvent.Sequenced> open(
      String channelId, List<ChannelEvent.Sequenced> events, Map<KeyRef, MessageKey> keys) {
    return events.stream().map(e -> isSealed(e) ? open(channelId, e, keys.get(keyOf(e))) : e).toList();
  }

  /** A sealed post or edit opened under {@code key}; erased when the key is null or does not open it. */
  public static ChannelEvent.Sequenced open(String channelId, ChannelEvent.Sequenced event, MessageKey key) {
    if (event instanceof ChannelEvent.MessagePosted p) {
      String text = key == null ? null : MessageSeal.open(key, channelId, p.seq(), p.sealed()).orElse(null);
      return text != null ? p.withText(text, p.sealed()) : erased(p);
    }
    ChannelEvent.MessageEdited e = (ChannelEvent.MessageEdited) event;
    String text = key == null ? null : MessageSeal.open(key, channelId, e.seq(), e.sealed()).orElse(null);
    return e.withText(text, text != null ? e.sealed() : null);
  }

  /** A post as a deleted message reads. */
  public static ChannelEvent.MessagePosted erased(ChannelEvent.MessagePosted p) {
    return new ChannelEvent.MessagePosted(
        p.seq(), p.author(), null, p.ts(), p.clientMsgId(), p.threadSeq(), List.of(), List.of(), null, p.hookName());
  }

  /** {@code event} as members get it: the text without its sealed form, which only the server uses. */
  public static ChannelEvent.Sequenced plain(ChannelEvent.Sequenced event) {
    if (event instanceof ChannelEvent.MessagePosted p && p.sealed() != null) {
      return p.withText(p.text(), null);
    }
    if (event instanceof ChannelEvent.MessageEdited e && e.sealed() != null) {
      return e.withText(e.text(), null);
    }
    return event;
  }

  /** A new post of {@code text} sealed under {@code key}, in its journal form. */
  static ChannelEvent.MessagePosted sealPost(ChannelEvent.MessagePosted opened, MessageKey key) {
    return opened.withText(null, MessageSeal.seal(key, key.channelId(), opened.seq(), opened.text()));
  }

  /** A new edit sealed under its target's {@code key}, in its journal form. */
  static ChannelEvent.MessageEdited sealEdit(ChannelEvent.MessageEdited opened, MessageKey key) {
    return opened.withText(null, MessageSeal.seal(key, key.channelId(), opened.seq(), opened.text()));
  }
}
