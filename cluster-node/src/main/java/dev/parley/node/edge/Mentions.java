package dev.parley.node.edge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code @username} in message text: which names it contains, and the members they are. */
final class Mentions {
  /** Not after a word character, so that {@code mail@example.org} mentions nobody. */
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.@-])@([A-Za-z0-9._-]+)");
  /** Punctuation that ends a sentence after a name ("thanks @bob.") rather than belonging to it. */
  private static final Pattern TRAILING = Pattern.compile("[._-]+$");

  private Mentions() {}

  /** The distinct lower-cased names after {@code @}, in order of appearance. */
  static List<String> usernamesIn(String text) {
    if (text.indexOf('@') < 0) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = MENTION.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1).toLowerCase(Locale.ROOT));
    }
    return List.copyOf(names);
  }

  /** The user ids of the names that are members, trying each name also without trailing punctuation. */
  static List<String> resolve(List<String> names, Map<String, String> idsByUsername) {
    Set<String> ids = new LinkedHashSet<>();
    for (String name : names) {
      String id = idsByUsername.get(name);
      if (id == null) {
        id = idsByUsername.get(TRAILING.matcher(name).replaceFirst(""));
      }
      if (id != null) {
        ids.add(id);
      }
    }
    return new ArrayList<>(ids);
  }
}
