package dev.parley.protocol;

/**
 * The body of {@code POST /v1/hooks/<token>}, as Slack's incoming webhooks take it: {@code text}
 * is posted; Slack's other fields ({@code username}, {@code icon_emoji}, {@code blocks}, ...) are
 * ignored, as unknown fields are everywhere in the contract.
 */
public record HookMessage(String text) {

  public HookMessage validate(Limits limits) {
    return new HookMessage(limits.messageText(text));
  }
}
