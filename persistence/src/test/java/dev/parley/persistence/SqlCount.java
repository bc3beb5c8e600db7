package dev.parley.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Tests look at what reached the database with plain counting queries. */
final class SqlCount {

  private SqlCount() {}

  static int of(DataSource dataSource, String countQuery) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(countQuery)) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
