package dev.parley.node.hostile;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * A JSON value as raw text, so the fuzzer can write what no JSON library would produce (1e400, a
 * lone surrogate escape, 2^70) and say whether the node's parser accepts it at all: a frame with a
 * value it does not accept is refused as a whole, before its ref is read.
 */
record JsonText(String text, boolean parses) {

  static JsonText raw(String text) {
    return new JsonText(text, true);
  }

  /** Text outside what the node's JSON parser accepts (not JSON, or over its number and nesting limits). */
  static JsonText unparsable(String text) {
    return new JsonText(text, false);
  }

  /** A JSON string of {@code value}, escaped as JSON requires (unpaired surrogates go out as UTF-8 '?'). */
  static JsonText string(String value) {
    return raw('"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"');
  }

  @Override
  public String toString() {
    return text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + ")" : text;
  }
}
