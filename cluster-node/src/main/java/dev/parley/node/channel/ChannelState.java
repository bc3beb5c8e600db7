package dev.parley.node.channel;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.node.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.PMap;
import org.pcollections.PSet;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * The state of a {@link Channel}: {@link Empty} until created, then {@link Active}. Persistent
 * collections, so that applying an event does not copy what it does not change.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = ChannelState.Empty.class, name = "empty"),
  @JsonSubTypes.Type(value = ChannelState.Active.class, name = "active"),
  @JsonSubTypes.Type(value = ChannelState.Deleted.class, name = "deleted")
})
public sealed interface ChannelState extends CborSerializable {

  record Empty() implements ChannelState {}

  /**
   * A deleted channel: it answers nothing but a repeated delete, with who its members were then,
   * so that the edge's retry can finish telling them.
   */
  record Deleted(ChannelEvent.Created info, long lastSeq, Set<String> members) implements ChannelState {
    public Deleted {
      members = Set.copyOf(members);
    }
  }

  /**
   * {@code members} maps each member to the seq of the member.joined event that added them. The
   * per-message facts that can change after a post are kept for every message ({@code deleted},
   * {@code reactions}, {@code threads}); the posts themselves stay in the journal and in
   * {@code recent}.
   *
   * @param reactions the seq of each reaction that is in place, by {@link #reactionKey}
   * @param threads the seqs of the replies to each thread root, ascending
   * @param archived whether the channel is read-only (false in snapshots from before archiving)
   * @param name the channel's name since it was renamed; null: the name it was created with
   */
  record Active(
      ChannelEvent.Created info,
      Map<String, Long> members,
      long lastSeq,
      RecentEvents recent,
      RecentPostIds postIds,
      String topic,
      Set<Long> deleted,
      Map<String, Long> reactions,
      Map<Long, List<Long>> threads,
      boolean archived,
      String name)
      implements ChannelState {
    public Active {
      members = members instanceof PMap<String, Long> map ? map : HashTreePMap.from(members);
      topic = topic == null ? info.topic() : topic;
      deleted = deleted == null ? HashTreePSet.empty() : deleted instanceof PSet<Long> s ? s : HashTreePSet.from(deleted);
      reactions =
          reactions == null ? HashTreePMap.empty() : reactions instanceof PMap<String, Long> r ? r : HashTreePMap.from(reactions);
      threads = threads == null ? HashTreePMap.empty() : persistentThreads(threads);
    }

    private static PMap<Long, List<Long>> persistentThreads(Map<Long, List<Long>> threads) {
      if (threads instanceof PMap<Long, List<Long>> p) {
        return p;
      }
      PMap<Long, List<Long>> result = HashTreePMap.empty();
      for (Map.Entry<Long, List<Long>> e : threads.entrySet()) {
        result = result.plus(e.getKey(), TreePVector.from(e.getValue()));
      }
      return result;
    }

    static Active created(ChannelEvent.Created created) {
      return new Active(
          created, HashTreePMap.empty(), 0, RecentEvents.empty(), RecentPostIds.empty(), null, null, null, null, false, null);
    }

    public static String reactionKey(long target, String emoji, String userId) {
      return target + "\u0000" + emoji + "\u0000" + userId;
    }

    boolean isMember(String userId) {
      return members.containsKey(userId);
    }

    boolean isPublic() {
      return info.kind() == ChannelKind.PUBLIC;
    }

    boolean isDm() {
      return info.kind() == ChannelKind.DM;
    }

    Channel.Summary summaryFor(String userId) {
      return new Channel.Summary(
          info.channelId(), info.workspaceId(), currentName(), info.kind(), topic, lastSeq, isMember(userId), archived, members.size());
    }

    /** The event at {@code seq} if it is still in memory. */
    Optional<ChannelEvent.Sequenced> recentEvent(long seq) {
      if (seq < 1 || seq > lastSeq || !recent.covers(seq)) {
        return Optional.empty();
      }
      return recent.range(seq, seq).stream().findFirst();
    }

    List<Long> replies(long root) {
      return threads.getOrDefault(root, List.of());
    }

    private Active with(
        Map<String, Long> members,
        long lastSeq,
        RecentEvents recent,
        RecentPostIds postIds,
        String topic,
        Set<Long> deleted,
        Map<String, Long> reactions,
        Map<Long, List<Long>> threads) {
      return new Active(info, members, lastSeq, recent, postIds, topic, deleted, reactions, threads, archived, name);
    }

    Active withArchived(boolean now) {
      return new Active(info, members, lastSeq, recent, postIds, topic, deleted, reactions, threads, now, name);
    }

    Active withName(String newName) {
      return new Active(info, members, lastSeq, recent, postIds, topic, deleted, reactions, threads, archived, newName);
    }

    String currentName() {
      return name != null ? name : info.name();
    }

    Deleted deletedAt(ChannelEvent.ChannelDeleted e) {
      return new Deleted(info, e.seq(), members.keySet());
    }

    Active withMember(String userId, long joinedSeq) {
      return with(pmap(members).plus(userId, joinedSeq), lastSeq, recent, postIds, topic, deleted, reactions, threads);
    }

    Active withoutMember(String userId) {
      return with(pmap(members).minus(userId), lastSeq, recent, postIds, topic, deleted, reactions, threads);
    }

    Active appended(ChannelEvent.Sequenced event, ChannelSettings settings) {
      return with(
          members, event.seq(), recent.append(event, settings.recentEvents()), postIds, topic, deleted, reactions, threads);
    }

    Active withPost(ChannelEvent.MessagePosted post, ChannelSettings settings) {
      RecentPostIds ids =
          postIds.remember(
              new RecentPostIds.Entry(post.author(), post.clientMsgId(), post.seq(), post.ts()),
              settings.recentPostIds());
      Map<Long, List<Long>> nextThreads = threads;
      if (post.threadSeq() != null) {
        PVector<Long> replies = (PVector<Long>) threads.getOrDefault(post.threadSeq(), TreePVector.empty());
        nextThreads = pmap(threads).plus(post.threadSeq(), replies.plus(post.seq()));
      }
      return with(members, lastSeq, recent, ids, topic, deleted, reactions, nextThreads);
    }

    Active withTopic(String newTopic) {
      return with(members, lastSeq, recent, postIds, newTopic, deleted, reactions, threads);
    }

    Active withDeleted(long target) {
      return with(members, lastSeq, recent, postIds, topic, ((PSet<Long>) deleted).plus(target), reactions, threads);
    }

    Active withReaction(String key, long seq) {
      return with(members, lastSeq, recent, postIds, topic, deleted, pmap(reactions).plus(key, seq), threads);
    }

    Active withoutReaction(String key) {
      return with(members, lastSeq, recent, postIds, topic, deleted, pmap(reactions).minus(key), threads);
    }

    private static <K, V> PMap<K, V> pmap(Map<K, V> map) {
      return (PMap<K, V>) map;
    }
  }
}
