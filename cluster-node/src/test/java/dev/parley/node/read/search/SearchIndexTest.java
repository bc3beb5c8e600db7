package dev.parley.node.read.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.node.channel.ChannelEvent;
import dev.parley.node.channel.ChannelKind;
import dev.parley.node.testing.MigratedDatabase;
import dev.parley.persistence.Dialect;
import dev.parley.protocol.SearchResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Channel events applied to the search tables, and what search then finds, on H2 and PostgreSQL. */
class SearchIndexTest {
  private static final String WORKSPACE = "w-acme";
  private static final String GENERAL = "c-general";
  private static final String RANDOM = "c-random";
  private static final String ALICE = "u-alice";
  private static final String BOB = "u-bob";
  private static final long T0 = 1_770_000_000_000L;
  private static final int LIMIT = 20;

  @TempDir Path tempDir;

  private static ChannelEvent.Created created(String channelId, String workspaceId) {
    return new ChannelEvent.Created(channelId, workspaceId, channelId, ChannelKind.PUBLIC, "", ALICE, T0);
  }

  private static ChannelEvent.MemberJoined joined(String userId) {
    return new ChannelEvent.MemberJoined(1, userId, T0);
  }

  private static ChannelEvent.MessagePosted posted(long seq, String author, String text) {
    return new ChannelEvent.MessagePosted(seq, author, text, T0 + seq, "m-" + seq, null, List.of());
  }

  private static void apply(HikariDataSource dataSource, String channelId, ChannelEvent... events) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (SearchIndex index = new SearchIndex(connection)) {
        for (ChannelEvent event : events) {
          index.apply(channelId, event);
        }
        index.flush();
      }
      connection.commit();
    }
  }

  private static List<SearchResult.Hit> search(HikariDataSource dataSource, Dialect dialect, String query)
      throws SQLException {
    return new MessageSearch(dataSource, dialect).search(WORKSPACE, ALICE, List.of(GENERAL, RANDOM), query, LIMIT);
  }

  private static List<String> texts(List<SearchResult.Hit> hits) {
    return hits.stream().map(SearchResult.Hit::text).toList();
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void postsAreFoundByEveryWordOfTheQueryNewestFirst(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      apply(
          db,
          GENERAL,
          created(GENERAL, WORKSPACE),
          joined(ALICE),
          posted(2, ALICE, "The quick brown fox"),
          posted(3, BOB, "a lazy Brown dog"),
          posted(4, ALICE, "nothing to see"));

      List<SearchResult.Hit> brown = search(db, dialect, "BROWN");
      assertEquals(List.of("a lazy Brown dog", "The quick brown fox"), texts(brown));
      assertEquals(new SearchResult.Hit(GENERAL, 3, "a lazy Brown dog", BOB, T0 + 3), brown.get(0));
      assertEquals(List.of("The quick brown fox"), texts(search(db, dialect, "fox quick")));
      assertEquals(List.of(), search(db, dialect, "fox dog"));
      assertEquals(List.of(), search(db, dialect, "?!"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anEditReplacesTheTextThatIsFound(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      apply(db, GENERAL, created(GENERAL, WORKSPACE), joined(ALICE), posted(1, ALICE, "meet at noon"));

      apply(db, GENERAL, new ChannelEvent.MessageEdited(2, 1, "meet at three", T0 + 2, ALICE));

      assertEquals(List.of(), search(db, dialect, "noon"));
      List<SearchResult.Hit> hits = search(db, dialect, "meet three");
      assertEquals(List.of(new SearchResult.Hit(GENERAL, 1, "meet at three", ALICE, T0 + 1)), hits);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aDeletedMessageIsNoLongerFound(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      apply(
          db, GENERAL, created(GENERAL, WORKSPACE), joined(ALICE), posted(1, ALICE, "secret plan"), posted(2, BOB, "plan b"));

      apply(db, GENERAL, new ChannelEvent.MessageDeleted(3, 1, T0 + 3, ALICE));

      assertEquals(List.of("plan b"), texts(search(db, dialect, "plan")));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void applyingEventsAgainLeavesTheIndexAsItWas(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      ChannelEvent.MessagePosted post = posted(1, ALICE, "first draft");
      ChannelEvent.MessageEdited edit = new ChannelEvent.MessageEdited(2, 1, "final draft", T0 + 2, ALICE);
      apply(db, GENERAL, created(GENERAL, WORKSPACE), joined(ALICE), post, edit);

      apply(db, GENERAL, created(GENERAL, WORKSPACE), joined(ALICE), post, edit, post);

      assertEquals(List.of("final draft"), texts(search(db, dialect, "draft")));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void onlyTheGivenChannelsOfTheWorkspaceThatHaveTheUserAsAMemberAreSearched(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      apply(db, GENERAL, created(GENERAL, WORKSPACE), joined(ALICE), joined(BOB), posted(2, ALICE, "lunch in general"));
      apply(db, RANDOM, created(RANDOM, WORKSPACE), joined(ALICE), posted(2, ALICE, "lunch in random"));
      apply(db, "c-other", created("c-other", "w-other"), joined(BOB), posted(2, BOB, "lunch elsewhere"));
      MessageSearch search = new MessageSearch(db, dialect);

      List<String> all = List.of(GENERAL, RANDOM, "c-other");

      assertEquals(List.of("lunch in general"), texts(search.search(WORKSPACE, BOB, all, "lunch", LIMIT)));
      assertEquals(2, search.search(WORKSPACE, ALICE, all, "lunch", LIMIT).size());
      assertEquals(1, search.search(WORKSPACE, ALICE, all, "lunch", 1).size());
      assertEquals(List.of("lunch in random"), texts(search.search(WORKSPACE, ALICE, List.of(RANDOM), "lunch", LIMIT)));
      assertEquals(List.of(), search.search(WORKSPACE, ALICE, List.of(), "lunch", LIMIT));
      assertEquals(List.of(), search.search(WORKSPACE, "u-nobody", all, "lunch", LIMIT));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aDeletedChannelIsFoundByNobodyAndAnArchivedOneStillIs(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      apply(db, GENERAL, created(GENERAL, WORKSPACE), joined(ALICE), posted(2, ALICE, "budget in general"));
      apply(db, RANDOM, created(RANDOM, WORKSPACE), joined(ALICE), posted(2, ALICE, "budget in random"));
      apply(db, RANDOM, new ChannelEvent.ArchiveChanged(3, true, ALICE, T0 + 3));

      apply(db, GENERAL, new ChannelEvent.ChannelDeleted(3, ALICE, T0 + 3));

      MessageSearch search = new MessageSearch(db, dialect);
      assertEquals(
          List.of("budget in random"), texts(search.search(WORKSPACE, ALICE, List.of(GENERAL, RANDOM), "budget", LIMIT)));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aUserWhoLeftAChannelNoLongerFindsItsMessagesAndOneWhoRejoinedDoes(Dialect dialect) throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(dialect, tempDir)) {
      apply(db, GENERAL, created(GENERAL, WORKSPACE), joined(ALICE), joined(BOB), posted(3, ALICE, "plans before"));
      apply(db, GENERAL, new ChannelEvent.MemberLeft(4, BOB, T0 + 4), posted(5, ALICE, "plans after"));
      MessageSearch search = new MessageSearch(db, dialect);
      List<String> general = List.of(GENERAL);

      assertEquals(List.of(), search.search(WORKSPACE, BOB, general, "plans", LIMIT));
      assertEquals(2, search.search(WORKSPACE, ALICE, general, "plans", LIMIT).size());

      apply(db, GENERAL, new ChannelEvent.MemberJoined(6, BOB, T0 + 6));
      assertEquals(2, search.search(WORKSPACE, BOB, general, "plans", LIMIT).size());
    }
  }

  @Test
  void postgresRanksMessagesThatUseTheWordsMoreFirst() throws SQLException {
    try (HikariDataSource db = MigratedDatabase.fresh(Dialect.POSTGRES, tempDir)) {
      apply(
          db,
          GENERAL,
          created(GENERAL, WORKSPACE),
          joined(ALICE),
          posted(1, ALICE, "deploy deploy deploy tonight"),
          posted(2, ALICE, "did the deploy work"));

      assertEquals(
          List.of("deploy deploy deploy tonight", "did the deploy work"),
          texts(search(db, Dialect.POSTGRES, "deploy")));
    }
  }
}
