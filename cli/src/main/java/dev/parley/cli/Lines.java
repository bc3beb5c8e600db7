package dev.parley.cli;

import dev.parley.protocol.Views;
import java.time.Instant;

/**
 * The stable output lines of the non-chat commands, one place for all of them. Fields are
 * separated by single spaces; the only field that may contain spaces (a workspace name) is last
 * or followed by a parenthesised role.
 */
final class Lines {
  private Lines() {}

  static String registered(String username, String userId) {
    return "registered " + username + " (" + userId + ")";
  }

  static String loggedIn(String username) {
    return "logged in as " + username;
  }

  static String loggedOut(String profile) {
    return "logged out of profile " + profile;
  }

  /** {@code workspace <id> <name>} */
  static String workspace(Views.Workspace w) {
    return "workspace " + w.id() + " " + EventFormatter.clean(w.name());
  }

  /** {@code workspace <id> <name> (<role>)} */
  /** {@code invite <code> uses=<n>[/<max>] [expires=<ISO time>]}. */
  static String invite(Views.Invite invite) {
    String uses = "uses=" + invite.uses() + (invite.maxUses() == null ? "" : "/" + invite.maxUses());
    String expires = invite.expiresAt() == null ? "" : " expires=" + Instant.ofEpochMilli(invite.expiresAt());
    return "invite " + invite.code() + " " + uses + expires;
  }

  static String workspaceWithRole(Views.Workspace w) {
    return workspace(w) + " (" + w.role() + ")";
  }

  /** {@code channel <id> #<name>} */
  static String channel(Views.Channel c) {
    return "channel " + c.id() + " #" + (c.name() == null ? "-" : c.name());
  }

  /** {@code channel <id> #<name> <kind> workspace=<id> unread=<n>} */
  static String channelWithUnread(Views.Channel c) {
    return channel(c) + " " + c.kind() + " workspace=" + c.workspaceId() + " unread=" + unread(c);
  }

  static long unread(Views.Channel c) {
    long last = c.lastSeq() == null ? 0 : c.lastSeq();
    long read = c.readSeq() == null ? 0 : c.readSeq();
    return Math.max(0, last - read);
  }

  static String posted(String channelId, long seq, boolean duplicate) {
    return "posted " + channelId + " " + seq + (duplicate ? " duplicate" : "");
  }
}
