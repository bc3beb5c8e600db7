package dev.parley.node.upgrade;

import dev.parley.node.testing.LocalCluster;
import dev.parley.node.testing.WsClient;
import dev.parley.node.upgrade.FixtureWorld.Person;
import dev.parley.node.upgrade.FixtureWorld.Room;
import dev.parley.node.upgrade.FixtureWorld.Space;
import java.util.List;

/**
 * The history a fixture holds: every kind of event and state the entities persist, written the
 * way clients write them. Words searched for ({@link #searches}) occur in no other word.
 */
final class FixtureStory {
  private FixtureStory() {}

  static void play(FixtureWorld w) {
    Person ada = w.register("ada", "Ada Lovelace");
    Person bob = w.register("bob", "Bob");
    Person carol = w.register("carol", "Carol");
    Person dave = w.register("dave", "Dave");
    Person erin = w.register("erin", "Erin");

    Space acme = w.workspace(ada, "Acme");
    w.invite(ada, acme, bob, carol);
    w.invite(ada, acme, dave);
    w.role(ada, acme, bob, "admin");
    w.role(ada, acme, dave, "admin");
    w.role(ada, acme, dave, "member");

    Room general = w.channel(ada, acme, "general", false, "all hands");
    w.join(bob, general);
    w.join(carol, general);
    w.join(dave, general);
    Room ops = w.channel(ada, acme, "ops", true, "on call");
    w.add(ada, ops, bob);
    w.add(ada, ops, dave);
    Room random = w.channel(bob, acme, "random", false, "");
    w.join(carol, random);

    general(w, general, ada, bob, carol, dave);
    privateChannel(w, ops, ada, bob, dave);
    publicChannelLeft(w, random, bob, carol);
    directMessages(w, acme, ada, bob, carol);
    secondWorkspace(w, ada, carol, erin);
    administration(w, ada, bob, dave, erin);

    w.presence(ada, "dnd");
    w.presence(bob, "away");
    w.presence(bob, "online");
    sessions(w, ada, bob, dave);
  }

  /** Enough events for snapshots; threads, edits, deletions by author and moderator, reactions, mentions. */
  private static void general(FixtureWorld w, Room general, Person ada, Person bob, Person carol, Person dave) {
    long welcome = w.post(ada, general, "Welcome to Acme, the kickoff is at noon");
    w.post(ada, general, "@bob can you share the roadmap");
    long roadmap = w.post(bob, general, "Roadmap draft: pineapple launch in spring");
    w.reply(carol, general, roadmap, "Looks good, what about the mango track");
    long pricing = w.reply(dave, general, roadmap, "I can take the pineapple pricing");
    long thanks = w.reply(ada, general, roadmap, "Thanks both");
    Person[] voices = {ada, bob, carol, dave};
    for (int i = 1; i <= 30; i++) {
      Person voice = voices[i % voices.length];
      w.post(voice, general, "status update " + i + " from " + voice.username);
    }
    long window = w.post(carol, general, "The deploy window is tuesday");
    w.edit(carol, general, window, "The deploy window is wednesday");
    w.edit(ada, general, welcome, "Welcome to Acme, the kickoff moved to one o'clock");
    long oops = w.post(dave, general, "wrong channel, ignore this kiwi");
    w.delete(dave, general, oops);
    long offTopic = w.post(carol, general, "Selling my old bicycle, cheap");
    w.delete(bob, general, offTopic);
    w.delete(dave, general, pricing);
    w.react(bob, general, welcome, "👍", true);
    w.react(carol, general, welcome, "👍", true);
    w.react(carol, general, roadmap, "🎉", true);
    w.react(carol, general, roadmap, "🎉", false);
    w.react(bob, general, thanks, "❤️", true);
    w.topic(bob, general, "release day");
    w.read(bob, general, roadmap);
    w.post(ada, general, "@bob @carol the retro is tomorrow");
    awaitMentions(w, bob, general, 1);
    awaitMentions(w, carol, general, 1);
    w.leave(dave, general);
  }

  private static void privateChannel(FixtureWorld w, Room ops, Person ada, Person bob, Person dave) {
    w.post(ada, ops, "Incident 7: the pager rotation starts monday");
    w.post(bob, ops, "I take the first pineapple shift");
    w.post(dave, ops, "Count me in for the second week");
    w.topic(bob, ops, "incident 7");
    w.leave(dave, ops);
    long last = w.post(ada, ops, "Rotation is set");
    w.read(ada, ops, last);
  }

  private static void publicChannelLeft(FixtureWorld w, Room random, Person bob, Person carol) {
    w.post(bob, random, "Anyone up for lunch?");
    long pizza = w.post(carol, random, "Pineapple pizza, obviously");
    w.read(carol, random, pizza);
    w.leave(carol, random);
    w.post(bob, random, "More pizza for me then");
  }

  private static void directMessages(FixtureWorld w, Space acme, Person ada, Person bob, Person carol) {
    Room pair = w.dm(ada, acme, bob);
    w.post(ada, pair, "Can we talk about the budget?");
    long sync = w.post(bob, pair, "Sure, after the pineapple sync");
    w.react(ada, pair, sync, "👌", true);
    w.read(bob, pair, sync);
    Room group = w.dm(carol, acme, ada, bob);
    w.post(carol, group, "Surprise party for dave on friday");
    w.post(bob, group, "I bring the cake");
  }

  private static void secondWorkspace(FixtureWorld w, Person ada, Person carol, Person erin) {
    Space side = w.workspace(carol, "Side project");
    w.invite(carol, side, erin, ada);
    Room ideas = w.channel(carol, side, "ideas", false, "");
    w.join(erin, ideas);
    long idea = w.post(erin, ideas, "A pineapple tracker app");
    w.post(carol, ideas, "Love it");
    w.read(erin, ideas, idea);
  }

  /**
   * What owners and admins do: an invite with terms used and revoked, a channel archived, one
   * archived and unarchived, one renamed, one deleted, a member removed, the ownership handed on,
   * a rename.
   */
  private static void administration(FixtureWorld w, Person ada, Person bob, Person dave, Person erin) {
    Space lab = w.workspace(dave, "Lab");
    String code = w.inviteWithTerms(dave, lab, 30L * 24 * 3600, 3);
    w.join(ada, lab, code);
    w.join(erin, lab, code);
    w.revoke(dave, lab, code);
    w.invite(dave, lab, bob);
    Room bench = w.channel(dave, lab, "bench", false, "");
    w.join(ada, bench);
    w.join(erin, bench);
    w.post(erin, bench, "Calibrating the humidity sensor");
    w.archive(dave, bench, true);
    w.rename(dave, bench, "test-bench");
    Room notes = w.channel(dave, lab, "notes", true, "");
    w.add(dave, notes, erin);
    w.post(erin, notes, "Notes before the move");
    w.archive(dave, notes, true);
    w.archive(dave, notes, false);
    Room scratch = w.channel(dave, lab, "scratch", false, "");
    w.join(bob, scratch);
    w.post(bob, scratch, "Throwaway numbers");
    w.deleteChannel(dave, scratch);
    w.remove(dave, lab, erin);
    w.transfer(dave, lab, ada);
    w.rename(ada, lab, "Lab two");
  }

  /**
   * Refresh-token families: rotated and live (ada), logged out (ada's second session), spent
   * twice and revoked for reuse (bob's second session), everything logged out (dave).
   */
  private static void sessions(FixtureWorld w, Person ada, Person bob, Person dave) {
    ada.liveRefreshToken = w.refresh(w.refresh(ada.liveRefreshToken, 200), 200);
    String adaLaptop = w.login(ada).path("refreshToken").asText();
    w.logout(adaLaptop);
    ada.revokedRefreshTokens.add(adaLaptop);

    String bobPhone = w.login(bob).path("refreshToken").asText();
    String bobPhoneNext = w.refresh(bobPhone, 200);
    w.refresh(bobPhone, 401);
    w.refresh(bobPhoneNext, 401);
    bob.revokedRefreshTokens.add(bobPhoneNext);

    w.logoutEverywhere(dave);
    dave.revokedRefreshTokens.add(dave.liveRefreshToken);
    dave.liveRefreshToken = null;
  }

  /** A mention is counted after the post is acknowledged: wait for it before reading on. */
  private static void awaitMentions(FixtureWorld w, Person person, Room room, int count) {
    LocalCluster.awaitCondition(
        () -> {
          try (WsClient client = WsClient.authenticated(w.node.wsUrl(), person.accessToken)) {
            for (var channel : client.authData().path("channels")) {
              if (channel.path("id").asText().equals(room.id)) {
                return channel.path("mentions").asInt() == count;
              }
            }
            return false;
          }
        },
        WsClient.TIMEOUT,
        person.username + " to have " + count + " unread mentions in " + room.name);
  }

  static List<Facts.Search> searches(FixtureWorld w) {
    Space acme = w.spaces.get(0);
    Space side = w.spaces.get(1);
    return List.of(
        w.search(w.people.get("ada"), acme, "pineapple"),
        w.search(w.people.get("carol"), acme, "pineapple"),
        w.search(w.people.get("bob"), acme, "pineapple pizza"),
        w.search(w.people.get("erin"), side, "pineapple"),
        w.search(w.people.get("ada"), acme, "wednesday"),
        w.search(w.people.get("ada"), acme, "tuesday"),
        w.search(w.people.get("ada"), acme, "kiwi"));
  }
}
