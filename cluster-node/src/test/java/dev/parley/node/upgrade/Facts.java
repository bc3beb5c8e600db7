package dev.parley.node.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a node on a fixture's journal must show ({@code facts.json}). Two kinds of fact: what the
 * generator did ({@link Message}s, members, read markers, searches, tokens), and what the node
 * that wrote the journal answered ({@code auth}, {@code history}, {@code members}, {@code
 * directories}, recorded over the wire). A later version may add fields to its answers, so a
 * recorded answer must be contained in the new one, not equal to it.
 *
 * @param format the version of this file's layout; a replay test reads every format it finds
 * @param config settings the node on this journal needs (the token secret that signed the
 *     recorded refresh tokens, lifetimes long enough that they never expire)
 * @param census per entity type, how many events of each name and snapshots the journal holds
 */
record Facts(
    int format,
    Map<String, String> writtenBy,
    Map<String, Object> config,
    List<User> users,
    List<Workspace> workspaces,
    List<Channel> channels,
    List<Search> searches,
    JsonNode census) {

  static final int FORMAT = 1;
  static final String FILE = "facts.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param presence the status the user chose last, shown while connected
   * @param liveRefreshToken a refresh token that still works (null: none)
   * @param revokedRefreshTokens refresh tokens of sessions that were logged out or caught reused
   * @param auth the {@code auth} reply's workspaces and channels (with read markers and mentions)
   */
  record User(
      String username,
      String password,
      String userId,
      String presence,
      String liveRefreshToken,
      List<String> revokedRefreshTokens,
      JsonNode auth) {}

  /**
   * @param members {@code workspace.members} without presence
   * @param directories {@code workspace.channels} as each member sees it, by username
   */
  record Workspace(String workspaceId, String name, String owner, JsonNode members, Map<String, JsonNode> directories) {}

  /**
   * @param reader a member who reads the history and threads
   * @param refused users who are not members, and the error code {@code history} gives them
   * @param messages every message by seq, as it reads now: edits applied, deleted ones without text
   * @param threads the reply seqs of each thread root
   * @param history the channel's whole log as {@code history} answered it
   */
  record Channel(
      String channelId,
      String workspaceId,
      String name,
      String kind,
      String reader,
      Map<String, String> refused,
      Map<Long, Message> messages,
      Map<Long, List<Long>> threads,
      JsonNode history) {}

  /** {@code text} is null once deleted; {@code reactions}: the user ids of each emoji in place, sorted. */
  record Message(String author, String text, Long threadSeq, boolean deleted, Map<String, List<String>> reactions) {}

  /** {@code hits}: the {@code channelId:seq} of every hit, sorted. */
  record Search(String username, String workspaceId, String q, List<String> hits) {}

  static Facts read(Path dir) {
    try {
      return JSON.readValue(dir.resolve(FILE).toFile(), Facts.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void write(Path dir) {
    try {
      JSON.writeValue(dir.resolve(FILE).toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  User user(String username) {
    return users.stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
  }
}
