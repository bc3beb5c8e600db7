package dev.parley.node.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;

/**
 * The journal and snapshot tables of pekko-persistence-jdbc as JSON lines, one row a line, in
 * journal order: what a fixture keeps of a database. Payloads are the serializer's bytes in
 * base64, with the serializer id and manifest they were written with; {@code decoded} shows a
 * Jackson CBOR payload as JSON for people reading the file, and nothing reads it back.
 *
 * <p>The other tables are left out on purpose: the search tables are rebuilt from the journal by
 * the projection, and {@code parley_setting} holds the token secret, which a fixture names in its
 * facts instead.
 */
final class JournalTables {
  static final String EVENTS = "event_journal.jsonl";
  static final String SNAPSHOTS = "snapshot.jsonl";
  private static final int JACKSON_CBOR = 33;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();

  /** One journal row: an event of {@code persistenceId} at {@code sequenceNumber}. */
  record Event(
      long ordering,
      String persistenceId,
      long sequenceNumber,
      boolean deleted,
      String writer,
      long writeTimestamp,
      String adapterManifest,
      int serializerId,
      String manifest,
      String payload,
      JsonNode decoded) {
    byte[] bytes() {
      return Base64.getDecoder().decode(payload);
    }
  }

  /** One snapshot row: the state of {@code persistenceId} after {@code sequenceNumber}. */
  record Snapshot(
      String persistenceId, long sequenceNumber, long created, int serializerId, String manifest, String payload, JsonNode decoded) {
    byte[] bytes() {
      return Base64.getDecoder().decode(payload);
    }
  }

  private JournalTables() {}

  /** Writes both tables of {@code database} into {@code dir}. */
  static void export(DataSource database, Path dir) {
    try (Connection connection = database.getConnection()) {
      requireNoTags(connection);
      List<Event> events = new ArrayList<>();
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT \"ordering\", \"persistence_id\", \"sequence_number\", \"deleted\", \"writer\", \"write_timestamp\", "
                      + "\"adapter_manifest\", \"event_ser_id\", \"event_ser_manifest\", \"event_payload\", \"meta_payload\" "
                      + "FROM \"event_journal\" ORDER BY \"ordering\"");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (rows.getBytes(11) != null) {
            throw new IllegalStateException("event metadata is not exported yet: extend JournalTables");
          }
          byte[] payload = rows.getBytes(10);
          events.add(
              new Event(
                  rows.getLong(1),
                  rows.getString(2),
                  rows.getLong(3),
                  rows.getBoolean(4),
                  rows.getString(5),
                  rows.getLong(6),
                  rows.getString(7),
                  rows.getInt(8),
                  rows.getString(9),
                  Base64.getEncoder().encodeToString(payload),
                  decoded(rows.getInt(8), payload)));
        }
      }
      List<Snapshot> snapshots = new ArrayList<>();
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT \"persistence_id\", \"sequence_number\", \"created\", \"snapshot_ser_id\", \"snapshot_ser_manifest\", "
                      + "\"snapshot_payload\", \"meta_payload\" FROM \"snapshot\" ORDER BY \"persistence_id\", \"sequence_number\"");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (rows.getBytes(7) != null) {
            throw new IllegalStateException("snapshot metadata is not exported yet: extend JournalTables");
          }
          byte[] payload = rows.getBytes(6);
          snapshots.add(
              new Snapshot(
                  rows.getString(1),
                  rows.getLong(2),
                  rows.getLong(3),
                  rows.getInt(4),
                  rows.getString(5),
                  Base64.getEncoder().encodeToString(payload),
                  decoded(rows.getInt(4), payload)));
        }
      }
      writeLines(dir.resolve(EVENTS), events);
      writeLines(dir.resolve(SNAPSHOTS), snapshots);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the journal", e);
    }
  }

  private static void requireNoTags(Connection connection) throws SQLException {
    try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM \"event_tag\"");
        ResultSet rows = count.executeQuery()) {
      rows.next();
      if (rows.getLong(1) > 0) {
        throw new IllegalStateException("events are tagged now: export event_tag too");
      }
    }
  }

  private static JsonNode decoded(int serializerId, byte[] payload) {
    if (serializerId != JACKSON_CBOR) {
      return null;
    }
    try {
      return CBOR.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeLines(Path file, List<?> rows) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Object row : rows) {
        out.write(JSON.writeValueAsString(row));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Event> events(Path dir) {
    return readLines(dir.resolve(EVENTS), Event.class);
  }

  static List<Snapshot> snapshots(Path dir) {
    return readLines(dir.resolve(SNAPSHOTS), Snapshot.class);
  }

  private static <T> List<T> readLines(Path file, Class<T> type) {
    try {
      List<T> rows = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          rows.add(JSON.readValue(line, type));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Inserts a fixture's rows into an empty, migrated database. The database numbers the events
   * ({@code ordering}) itself, in the fixture's order, so that its own sequence goes on from them.
   */
  static void load(Path dir, DataSource database) {
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"deleted\", \"writer\", "
                  + "\"write_timestamp\", \"adapter_manifest\", \"event_ser_id\", \"event_ser_manifest\", \"event_payload\") "
                  + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (Event event : events(dir)) {
          insert.setString(1, event.persistenceId());
          insert.setLong(2, event.sequenceNumber());
          insert.setBoolean(3, event.deleted());
          insert.setString(4, event.writer());
          insert.setLong(5, event.writeTimestamp());
          insert.setString(6, event.adapterManifest());
          insert.setInt(7, event.serializerId());
          insert.setString(8, event.manifest());
          insert.setBytes(9, event.bytes());
          insert.executeUpdate();
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO \"snapshot\" (\"persistence_id\", \"sequence_number\", \"created\", \"snapshot_ser_id\", "
                  + "\"snapshot_ser_manifest\", \"snapshot_payload\") VALUES (?, ?, ?, ?, ?, ?)")) {
        for (Snapshot snapshot : snapshots(dir)) {
          insert.setString(1, snapshot.persistenceId());
          insert.setLong(2, snapshot.sequenceNumber());
          insert.setLong(3, snapshot.created());
          insert.setInt(4, snapshot.serializerId());
          insert.setString(5, snapshot.manifest());
          insert.setBytes(6, snapshot.bytes());
          insert.executeUpdate();
        }
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot load the fixture " + dir, e);
    }
  }

  /** The entity type of a persistence id such as {@code Channel|c...}. */
  static String entityType(String persistenceId) {
    return persistenceId.substring(0, persistenceId.indexOf('|'));
  }

  static ObjectNode census(List<Event> events, List<Snapshot> snapshots) {
    ObjectNode census = JSON.createObjectNode();
    for (Event event : events) {
      ObjectNode counts = census.withObjectProperty(entityType(event.persistenceId())).withObjectProperty("events");
      String name = event.decoded() == null ? event.manifest() : event.decoded().path("@type").asText(event.manifest());
      counts.put(name, counts.path(name).asInt() + 1);
    }
    for (Snapshot snapshot : snapshots) {
      ObjectNode type = census.withObjectProperty(entityType(snapshot.persistenceId()));
      type.put("snapshots", type.path("snapshots").asInt() + 1);
    }
    return census;
  }
}
