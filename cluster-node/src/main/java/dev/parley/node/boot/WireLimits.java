package dev.parley.node.boot;

import com.typesafe.config.Config;
import dev.parley.protocol.Limits;

/** The contract's size limits ({@code parley.limits}), which the wire codec and the services check. */
final class WireLimits {
  private WireLimits() {}

  static Limits from(Config c) {
    return new Limits(
        c.getInt("frame-bytes"),
        c.getInt("text-chars"),
        c.getInt("workspace-name-chars"),
        c.getInt("channel-name-chars"),
        c.getInt("username-min-chars"),
        c.getInt("username-max-chars"),
        c.getInt("password-min-chars"),
        c.getInt("password-max-chars"),
        c.getInt("display-name-chars"),
        c.getInt("topic-chars"),
        c.getInt("id-chars"),
        c.getInt("history-limit-max"),
        c.getInt("history-limit-default"),
        c.getInt("resume-channels-max"),
        c.getInt("emoji-chars"),
        c.getInt("dm-others-max"),
        c.getInt("signal-payload-bytes"));
  }
}
