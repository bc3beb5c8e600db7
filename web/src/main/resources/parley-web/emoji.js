// The emoji a message may name by shortcode (`:tada:`), and the reactions offered first. A small
// table of the ones chat uses most, not the whole Unicode set: a shortcode not in it stays text.
const SHORTCODES = new Map([
  ['+1', '👍'],
  ['thumbsup', '👍'],
  ['-1', '👎'],
  ['thumbsdown', '👎'],
  ['heart', '❤️'],
  ['joy', '😂'],
  ['smile', '😄'],
  ['grin', '😁'],
  ['wink', '😉'],
  ['slightly_smiling_face', '🙂'],
  ['thinking', '🤔'],
  ['cry', '😢'],
  ['sob', '😭'],
  ['scream', '😱'],
  ['sweat_smile', '😅'],
  ['rofl', '🤣'],
  ['heart_eyes', '😍'],
  ['sunglasses', '😎'],
  ['tada', '🎉'],
  ['eyes', '👀'],
  ['white_check_mark', '✅'],
  ['heavy_check_mark', '✔️'],
  ['x', '❌'],
  ['warning', '⚠️'],
  ['fire', '🔥'],
  ['rocket', '🚀'],
  ['sparkles', '✨'],
  ['star', '⭐'],
  ['bulb', '💡'],
  ['pray', '🙏'],
  ['clap', '👏'],
  ['wave', '👋'],
  ['ok_hand', '👌'],
  ['muscle', '💪'],
  ['raised_hands', '🙌'],
  ['point_up', '☝️'],
  ['coffee', '☕'],
  ['bug', '🐛'],
  ['memo', '📝'],
  ['hourglass', '⌛'],
  ['lock', '🔒'],
  ['question', '❓'],
  ['exclamation', '❗'],
  ['100', '💯'],
]);

/** The reactions a message's picker offers. */
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '👀', '✅'];

/** Each emoji of the table once, under its first shortcode, in the table's order: the composer's picker. */
export function pickableEmoji() {
  const seen = new Map();
  for (const [name, emoji] of SHORTCODES) {
    if (!seen.has(emoji)) seen.set(emoji, name);
  }
  return [...seen].map(([emoji, name]) => ({ name, emoji }));
}

/** The emoji a shortcode (without its colons) names, or undefined. */
export function emojiFor(shortcode) {
  return SHORTCODES.get(shortcode);
}
