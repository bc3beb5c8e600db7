package dev.parley.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.protocol.Views;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelResolverTest {
  final ChannelResolver resolver = new ChannelResolver(
      List.of(new Views.Workspace("w1", "Acme", "owner"), new Views.Workspace("w2", "Side", "member"),
          new Views.Workspace("w3", "Side", "member")),
      List.of(
          channel("c1", "w1", "general"),
          channel("c2", "w2", "general"),
          channel("c3", "w1", "dev"),
          channel("dev", "w2", "ops")));

  static Views.Channel channel(String id, String workspaceId, String name) {
    return new Views.Channel(id, workspaceId, name, "public", null, 0L, 0L, null, null);
  }

  @Test
  void anExactIdWins() {
    assertEquals("c1", resolver.resolve("c1", null).id());
    assertEquals("dev", resolver.resolve("dev", null).id(), "an id equal to another channel's name");
  }

  @Test
  void aUniqueNameResolvesWithOrWithoutHash() {
    assertEquals("c3", resolver.resolve("#dev", null).id());
    assertEquals("dev", resolver.resolve("ops", null).id());
    assertEquals("dev", resolver.resolve("#OPS", null).id(), "names are lower-case");
  }

  @Test
  void anAmbiguousNameNamesTheWorkspacesAndNeedsOne() {
    CliException e = assertThrows(CliException.class, () -> resolver.resolve("#general", null));
    assertEquals("bad_request", e.code());
    assertTrue(e.getMessage().contains("(w1, w2)"), e.getMessage());
    assertTrue(e.getMessage().contains("--workspace"), e.getMessage());
    assertEquals("c2", resolver.resolve("#general", "w2").id());
    assertEquals("c1", resolver.resolve("general", "Acme").id(), "by workspace name");
  }

  @Test
  void unknownNamesAndWorkspacesAreNotFound() {
    assertEquals("not_found", assertThrows(CliException.class, () -> resolver.resolve("#random", null)).code());
    assertEquals("not_found", assertThrows(CliException.class, () -> resolver.resolve("#dev", "w2")).code());
    assertEquals("not_found", assertThrows(CliException.class, () -> resolver.resolve("#general", "Nope")).code());
    assertEquals("bad_request", assertThrows(CliException.class, () -> resolver.resolve("#general", "Side")).code(),
        "two workspaces with that name");
  }
}
