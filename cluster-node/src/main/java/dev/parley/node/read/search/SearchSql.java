package dev.parley.node.read.search;

import dev.parley.persistence.Dialect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one part of search whose SQL differs between the databases: finding the messages that
 * contain every word of a query, best first. PostgreSQL matches words in the {@code tsvector}
 * column through its GIN index and ranks by {@code ts_rank}; H2 matches each word as a substring of
 * the lower-cased text and has no ranking, so its hits are newest first.
 */
final class SearchSql {

  /** A statement and its parameters, in order. */
  record Query(String sql, List<Object> parameters) {}

  /** Roughly what PostgreSQL's text parser takes as word separators. */
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private static final String COLUMNS = "m.channel_id, m.seq, m.text, m.author_id, m.ts";

  private final Dialect dialect;

  SearchSql(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The lower-case words of a query; a query without any matches nothing. */
  static List<String> words(String query) {
    return Arrays.stream(NON_WORD.split(query.toLowerCase(Locale.ROOT))).filter(w -> !w.isEmpty()).toList();
  }

  /** The channels whose messages {@code userId} may find: those that have the user as a member now. */
  private static final String MEMBER_CHANNELS =
      "m.channel_id IN (SELECT s.channel_id FROM parley_search_member s WHERE s.user_id = ?)";

  /**
   * @param userId who searches: only the channels they are a member of are searched
   * @param channelIds the channels to search, at least one
   * @param query the query as the caller typed it, with at least one of {@link #words}
   */
  Query hits(String workspaceId, String userId, List<String> channelIds, String query, int limit) {
    String channels = String.join(", ", Collections.nCopies(channelIds.size(), "?"));
    List<Object> parameters = new ArrayList<>();
    String sql =
        switch (dialect) {
          case POSTGRES -> {
            parameters.add(query);
            parameters.add(workspaceId);
            parameters.addAll(channelIds);
            parameters.add(userId);
            yield "SELECT " + COLUMNS
                + " FROM parley_search_message m, plainto_tsquery('simple', ?) q"
                + " WHERE m.workspace_id = ? AND m.channel_id IN (" + channels + ") AND " + MEMBER_CHANNELS
                + " AND m.search_vector @@ q"
                + " ORDER BY ts_rank(m.search_vector, q) DESC, m.ts DESC, m.seq DESC LIMIT ?";
          }
          case H2 -> {
            parameters.add(workspaceId);
            parameters.addAll(channelIds);
            parameters.add(userId);
            StringBuilder where = new StringBuilder();
            // Words hold only letters and digits, so none carries a LIKE wildcard.
            for (String word : words(query)) {
              where.append(" AND m.text_lower LIKE ?");
              parameters.add("%" + word + "%");
            }
            yield "SELECT " + COLUMNS
                + " FROM parley_search_message m"
                + " WHERE m.workspace_id = ? AND m.channel_id IN (" + channels + ") AND " + MEMBER_CHANNELS + where
                + " ORDER BY m.ts DESC, m.seq DESC LIMIT ?";
          }
        };
    parameters.add(limit);
    return new Query(sql, List.copyOf(parameters));
  }
}
