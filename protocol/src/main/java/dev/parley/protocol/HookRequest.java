package dev.parley.protocol;

/**
 * Incoming webhooks of a channel, managed by the owners and admins of its workspace: {@code
 * hook.create} answers the hook's secret URL once; {@code POST /v1/hooks/<token>} posts into the
 * channel as the hook ({@link HookMessage}).
 */
public sealed interface HookRequest extends Request {

  record HookCreate(String channelId, String name) implements HookRequest {
    public String op() {
      return "hook.create";
    }

    public HookCreate validate(Limits limits) {
      return new HookCreate(limits.id("channelId", channelId), limits.hookName(name));
    }
  }

  /** The channel's hooks that are not revoked, oldest first. */
  record HookList(String channelId) implements HookRequest {
    public String op() {
      return "hook.list";
    }

    public HookList validate(Limits limits) {
      return new HookList(limits.id("channelId", channelId));
    }
  }

  /** From now on the hook's URL is {@code not_found}; what it posted stays. */
  record HookRevoke(String channelId, String hookId) implements HookRequest {
    public String op() {
      return "hook.revoke";
    }

    public HookRevoke validate(Limits limits) {
      return new HookRevoke(limits.id("channelId", channelId), limits.id("hookId", hookId));
    }
  }
}
