package dev.parley.node.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.persistence.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journal check finds the marks of two writers, and nothing in a journal with one at a time. */
class JournalCheckTest {
  private DatabaseSettings database;

  @BeforeEach
  void journal() throws SQLException {
    database = DatabaseSettings.of("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE event_journal (persistence_id VARCHAR(255), sequence_number BIGINT, writer VARCHAR(255))");
    }
  }

  @Test
  void writersTakingOverOneAfterAnotherAreFine() throws SQLException {
    write("Channel|a", 1, "w1");
    write("Channel|a", 2, "w1");
    write("Channel|a", 3, "w2");
    write("Channel|b", 5, "w3");
    write("Channel|b", 6, "w4");
    assertEquals(List.of(), JournalCheck.problems(database));
  }

  @Test
  void aWriterWritingAgainAfterItsSuccessorIsFound() throws SQLException {
    write("Channel|a", 1, "w1");
    write("Channel|a", 2, "w2");
    write("Channel|a", 3, "w1");
    List<String> problems = JournalCheck.problems(database);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("w1"), problems.toString());
  }

  @Test
  void holesAndRepeatsInSequenceNumbersAreFound() throws SQLException {
    write("Channel|a", 1, "w1");
    write("Channel|a", 3, "w1");
    write("Channel|b", 1, "w1");
    write("Channel|b", 1, "w2");
    List<String> problems = JournalCheck.problems(database);
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("Channel|a: sequence number 3")), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("Channel|b: sequence number 1")), problems.toString());
  }

  private void write(String persistenceId, long seq, String writer) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO event_journal VALUES (?, ?, ?)")) {
      insert.setString(1, persistenceId);
      insert.setLong(2, seq);
      insert.setString(3, writer);
      insert.executeUpdate();
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }
}
