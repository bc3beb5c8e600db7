package dev.parley.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The optional parts of the contract a client turns on at {@code auth}. They grow the contract
 * without changing what a client that does not ask gets (PROTOCOL.md: extending is fine, changing a
 * meaning is not).
 */
public final class Features {
  private Features() {}

  /**
   * Presence changes come as {@code presence.batch {changes: [{userId, status}]}}, one frame per
   * short while, instead of a {@code presence} frame per change: when the members of a workspace of
   * a thousand come online at a hundred a second, four frames a second per socket instead of a
   * hundred.
   */
  public static final String PRESENCE_BATCH = "presence.batch";

  /** What this server speaks. */
  public static final Set<String> KNOWN = Set.of(PRESENCE_BATCH);

  /** A request names at most this many; a future client may ask for some this server does not know. */
  static final int MAX_REQUESTED = 32;

  static final int MAX_NAME_LENGTH = 64;

  /** The features of {@code requested} this server speaks, each once; unknown names are dropped. */
  static List<String> requested(List<String> requested) {
    if (requested == null) {
      return List.of();
    }
    if (requested.size() > MAX_REQUESTED) {
      throw ProtocolException.badRequest("field 'features' names more than " + MAX_REQUESTED + " features");
    }
    List<String> granted = new ArrayList<>();
    for (String name : requested) {
      if (name == null || name.length() > MAX_NAME_LENGTH) {
        throw ProtocolException.badRequest("field 'features' must list names of at most " + MAX_NAME_LENGTH + " characters");
      }
      if (KNOWN.contains(name) && !granted.contains(name)) {
        granted.add(name);
      }
    }
    return List.copyOf(granted);
  }
}
