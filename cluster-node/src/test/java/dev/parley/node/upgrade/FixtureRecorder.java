package dev.parley.node.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.node.testing.ApiClient;
import dev.parley.node.testing.WsClient;
import dev.parley.node.upgrade.FixtureWorld.Person;
import dev.parley.node.upgrade.FixtureWorld.Room;
import dev.parley.node.upgrade.FixtureWorld.Space;
import dev.parley.protocol.BuildInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The facts of a played story: the generator's model, and the answers of the node that wrote the journal. */
final class FixtureRecorder {
  private FixtureRecorder() {}

  /** Everything but the census, which is counted from the exported tables. */
  static Facts record(FixtureWorld w, Map<String, Object> config) {
    List<Facts.User> users = new ArrayList<>();
    for (Person p : w.people.values()) {
      JsonNode auth;
      try (WsClient client = WsClient.authenticated(w.node.wsUrl(), p.accessToken)) {
        auth = WireViews.memberships(client.authData());
      }
      users.add(
          new Facts.User(p.username, p.password, p.userId, p.presence, p.liveRefreshToken, List.copyOf(p.revokedRefreshTokens), auth));
    }
    List<Facts.Workspace> workspaces = new ArrayList<>();
    for (Space s : w.spaces) {
      Map<String, JsonNode> directories = new LinkedHashMap<>();
      for (Person member : s.members) {
        directories.put(member.username, WireViews.directory(api(w, member), s.id));
      }
      workspaces.add(new Facts.Workspace(s.id, s.name, s.owner.username, WireViews.members(api(w, s.owner), s.id), directories));
    }
    List<Facts.Channel> channels = new ArrayList<>();
    for (Room r : w.rooms) {
      Person reader = r.members.iterator().next();
      channels.add(
          new Facts.Channel(
              r.id,
              r.space.id,
              r.name,
              r.kind,
              reader.username,
              w.refused(r),
              r.messages,
              r.threads,
              WireViews.history(api(w, reader), r.id)));
    }
    BuildInfo build = BuildInfo.CURRENT;
    return new Facts(
        Facts.FORMAT,
        new TreeMap<>(Map.of("version", build.version(), "commit", build.commit(), "built", build.built())),
        config,
        users,
        workspaces,
        channels,
        FixtureStory.searches(w),
        null);
  }

  private static ApiClient api(FixtureWorld w, Person person) {
    return ApiClient.as(w.node.httpUrl(), person.accessToken);
  }

  static Facts withCensus(Facts facts, JsonNode census) {
    return new Facts(
        facts.format(),
        facts.writtenBy(),
        facts.config(),
        facts.users(),
        facts.workspaces(),
        facts.channels(),
        facts.searches(),
        census);
  }
}
