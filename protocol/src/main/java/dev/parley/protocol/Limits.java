package dev.parley.protocol;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The size limits of the wire contract. Servers load them from configuration; clients use
 * {@link #DEFAULTS} to refuse a bad request before sending it.
 */
public record Limits(
    int maxFrameBytes,
    int maxTextChars,
    int maxWorkspaceNameChars,
    int maxChannelNameChars,
    int minUsernameChars,
    int maxUsernameChars,
    int minPasswordChars,
    int maxPasswordChars,
    int maxDisplayNameChars,
    int maxTopicChars,
    int maxIdChars,
    int maxHistoryLimit,
    int defaultHistoryLimit,
    int maxResumeChannels,
    int maxEmojiChars,
    int maxDmOthers,
    int maxSignalPayloadBytes) {

  public static final Limits DEFAULTS =
      new Limits(64 * 1024, 4000, 80, 80, 3, 32, 8, 256, 80, 250, 64, 200, 50, 1000, 64, 8, 16 * 1024);

  /** Files one post may carry: a screenful of previews. */
  public static final int MAX_FILES_PER_POST = 10;

  private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9._-]+");
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]+");
  private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cc}\\p{Cs}\\p{Cn}]+");
  /**
   * What a name shown to others may hold: printable, and no format characters (bidi overrides and
   * isolates, zero-width spaces and joiners) or line separators, with which one name can pass for
   * another or reverse the text around it.
   */
  private static final Pattern NAME = Pattern.compile("[^\\p{Cc}\\p{Cs}\\p{Cn}\\p{Cf}\\p{Zl}\\p{Zp}]+");

  public static String required(String field, String value) {
    if (value == null) {
      throw ProtocolException.badRequest("missing field '" + field + "'");
    }
    return value;
  }

  public static <T> T required(String field, T value) {
    if (value == null) {
      throw ProtocolException.badRequest("missing field '" + field + "'");
    }
    return value;
  }

  private static void length(String field, String value, int min, int max) {
    int n = value.codePointCount(0, value.length());
    if (n < min || n > max) {
      throw ProtocolException.badRequest(
          "field '" + field + "' must have " + min + ".." + max + " characters");
    }
  }

  /** An opaque id or correlation value: 1..maxIdChars characters. */
  public String id(String field, String value) {
    required(field, value);
    length(field, value, 1, maxIdChars);
    return value;
  }

  public String optionalRef(String ref) {
    if (ref != null && ref.length() > maxIdChars) {
      throw ProtocolException.badRequest("field 'ref' must have at most " + maxIdChars + " characters");
    }
    return ref;
  }

  /**
   * The files of a post: distinct ids, at most {@link #MAX_FILES_PER_POST}, in the order given;
   * absent is none.
   */
  public List<String> postFiles(List<String> files) {
    if (files == null) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String file : files) {
      ids.add(id("files", file));
    }
    if (ids.size() != files.size() || ids.size() > MAX_FILES_PER_POST) {
      throw ProtocolException.badRequest("field 'files' must name at most " + MAX_FILES_PER_POST + " different files");
    }
    return List.copyOf(ids);
  }

  public String messageText(String value) {
    required("text", value);
    length("text", value, 1, maxTextChars);
    if (value.isBlank()) {
      throw ProtocolException.badRequest("field 'text' must not be blank");
    }
    return value;
  }

  public String workspaceName(String value) {
    required("name", value);
    String name = value.strip();
    length("name", name, 1, maxWorkspaceNameChars);
    if (!NAME.matcher(name).matches()) {
      throw ProtocolException.badRequest(
          "field 'name' must be printable characters, without bidi or zero-width controls");
    }
    return name;
  }

  /** The name an incoming webhook posts under: as a display name, but required. */
  public String hookName(String value) {
    required("name", value);
    String name = value.strip();
    length("name", name, 1, maxDisplayNameChars);
    if (!NAME.matcher(name).matches()) {
      throw ProtocolException.badRequest(
          "field 'name' must be printable characters, without bidi or zero-width controls");
    }
    return name;
  }

  public String channelName(String value) {
    required("name", value);
    length("name", value, 1, maxChannelNameChars);
    if (!CHANNEL_NAME.matcher(value).matches()) {
      throw ProtocolException.badRequest("field 'name' must use only [a-z0-9._-]");
    }
    return value;
  }

  public String topic(String value) {
    if (value == null) {
      return "";
    }
    length("topic", value, 0, maxTopicChars);
    if (!value.isEmpty() && !PRINTABLE.matcher(value).matches()) {
      throw ProtocolException.badRequest("field 'topic' must be printable characters");
    }
    return value;
  }

  /** A bot's name is its handle, as a username is: lower-cased, [a-z0-9._-], of a username's length. */
  public String botName(String value) {
    required("name", value);
    String name = value.toLowerCase(java.util.Locale.ROOT);
    length("name", name, minUsernameChars, maxUsernameChars);
    if (!USERNAME.matcher(name).matches()) {
      throw ProtocolException.badRequest("field 'name' must use only [a-z0-9._-]");
    }
    return name;
  }

  /** A bot token's label: optional, printable, as long as a display name may be. */
  public String tokenLabel(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String label = value.strip();
    length("label", label, 1, maxDisplayNameChars);
    if (!NAME.matcher(label).matches()) {
      throw ProtocolException.badRequest("field 'label' must be printable characters, without bidi or zero-width controls");
    }
    return label;
  }

  /** Usernames are case-insensitive: the normalized (lower-case) form is returned. */
  public String username(String value) {
    required("username", value);
    String name = value.toLowerCase(java.util.Locale.ROOT);
    length("username", name, minUsernameChars, maxUsernameChars);
    if (!USERNAME.matcher(name).matches()) {
      throw ProtocolException.badRequest("field 'username' must use only [a-z0-9._-]");
    }
    return name;
  }

  public String password(String value) {
    return password("password", value);
  }

  /** A password in a field of another name ({@code currentPassword}, {@code newPassword}). */
  public String password(String field, String value) {
    required(field, value);
    length(field, value, minPasswordChars, maxPasswordChars);
    return value;
  }

  public String displayName(String value, String fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String name = value.strip();
    length("displayName", name, 1, maxDisplayNameChars);
    if (!NAME.matcher(name).matches()) {
      throw ProtocolException.badRequest(
          "field 'displayName' must be printable characters, without bidi or zero-width controls");
    }
    return name;
  }

  public int historyLimit(Integer value) {
    if (value == null) {
      return defaultHistoryLimit;
    }
    if (value < 1 || value > maxHistoryLimit) {
      throw ProtocolException.badRequest("field 'limit' must be 1.." + maxHistoryLimit);
    }
    return value;
  }

  /** A message seq named by a request: a channel event seq, so at least 1. */
  public static long seq(String field, Long value) {
    required(field, value);
    if (value < 1) {
      throw ProtocolException.badRequest("field '" + field + "' must be a seq (>= 1)");
    }
    return value;
  }

  public String emoji(String value) {
    required("emoji", value);
    length("emoji", value, 1, maxEmojiChars);
    if (!PRINTABLE.matcher(value).matches() || value.isBlank()) {
      throw ProtocolException.badRequest("field 'emoji' must be printable characters");
    }
    return value;
  }

  /**
   * The users named by {@code dm.open}: distinct, sorted ids. The caller may list themselves, so
   * up to one more than {@link #maxDmOthers}; the server checks the count of others.
   */
  public List<String> dmUsers(List<String> userIds) {
    required("userIds", userIds);
    SortedSet<String> users = new TreeSet<>();
    for (String userId : userIds) {
      users.add(id("userIds", userId));
    }
    if (users.isEmpty() || users.size() > maxDmOthers + 1) {
      throw ProtocolException.badRequest("field 'userIds' must name 1.." + maxDmOthers + " other users");
    }
    return List.copyOf(users);
  }

  public void dmOthersCount(int others) {
    if (others < 1 || others > maxDmOthers) {
      throw ProtocolException.badRequest("field 'userIds' must name 1.." + maxDmOthers + " other users");
    }
  }

  public static long optionalSeq(String field, Long value) {
    if (value != null && value < 0) {
      throw ProtocolException.badRequest("field '" + field + "' must not be negative");
    }
    return value == null ? -1 : value;
  }

  public Map<String, Long> resume(Map<String, Long> resume) {
    if (resume == null) {
      return Map.of();
    }
    if (resume.size() > maxResumeChannels) {
      throw ProtocolException.badRequest("field 'resume' names more than " + maxResumeChannels + " channels");
    }
    for (Map.Entry<String, Long> entry : resume.entrySet()) {
      id("resume", entry.getKey());
      if (entry.getValue() == null || entry.getValue() < 0) {
        throw ProtocolException.badRequest("field 'resume' must map channel ids to seqs >= 0");
      }
    }
    return Map.copyOf(resume);
  }
}
