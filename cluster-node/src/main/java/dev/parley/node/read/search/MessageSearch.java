package dev.parley.node.read.search;

import dev.parley.persistence.Dialect;
import dev.parley.protocol.SearchResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Finds messages in the search tables. Blocking JDBC: callers run it on the search dispatcher. The
 * caller names the channels it believes the user is in; of those, only the ones the projection of
 * the channels' own join and leave events has the user in are searched.
 */
public final class MessageSearch {
  private final DataSource dataSource;
  private final SearchSql sql;

  public MessageSearch(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.sql = new SearchSql(dialect);
  }

  /**
   * The messages of {@code channelIds} in {@code workspaceId} that have {@code userId} as a member
   * and contain every word of {@code query}, best first, at most {@code limit}.
   */
  public List<SearchResult.Hit> search(
      String workspaceId, String userId, List<String> channelIds, String query, int limit) throws SQLException {
    if (channelIds.isEmpty() || SearchSql.words(query).isEmpty()) {
      return List.of();
    }
    SearchSql.Query statement = sql.hits(workspaceId, userId, channelIds, query, limit);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(statement.sql())) {
      for (int i = 0; i < statement.parameters().size(); i++) {
        select.setObject(i + 1, statement.parameters().get(i));
      }
      List<SearchResult.Hit> hits = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          hits.add(
              new SearchResult.Hit(
                  rows.getString(1), rows.getLong(2), rows.getString(3), rows.getString(4), rows.getLong(5)));
        }
      }
      return List.copyOf(hits);
    }
  }
}
