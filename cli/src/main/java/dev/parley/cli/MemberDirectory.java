package dev.parley.cli;

import dev.parley.protocol.Views;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * User id to username for one workspace, from {@code workspace.members}, cached. An unknown id
 * (someone who joined since) fetches the list again, once per id; if that fails or the id is
 * still unknown, the id itself is shown.
 */
final class MemberDirectory {
  private final Supplier<List<Views.Member>> fetch;
  private final Map<String, String> names = new HashMap<>();
  private final Set<String> triedIds = new HashSet<>();
  private boolean loaded;

  MemberDirectory(Supplier<List<Views.Member>> fetch) {
    this.fetch = fetch;
  }

  String name(String userId) {
    if (userId == null) {
      return "?";
    }
    String name = names.get(userId);
    if (name == null && (triedIds.add(userId) || !loaded)) {
      reload();
      name = names.get(userId);
    }
    return name != null ? name : userId;
  }

  private void reload() {
    try {
      for (Views.Member m : fetch.get()) {
        if (m.userId() != null && m.username() != null) {
          names.put(m.userId(), m.username());
        }
      }
      loaded = true;
    } catch (CliException e) {
      // offline or refused: show ids until a later lookup succeeds
    }
  }
}
