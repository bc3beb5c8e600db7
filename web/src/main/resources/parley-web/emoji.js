// The emoji a message may name by shortcode (`:tada:`), and the reactions offered first. A small
// table of the ones chat uses most, not the whole Unicode set: a shortcode not in it stays text.
const SHORTCODES = new Map(
  Object.entries({
    '+1': '👍',
    thumbsup: '👍',
    '-1': '👎',
    thumbsdown: '👎',
    heart: '❤️',
    joy: '😂',
    smile: '😄',
    grin: '😁',
    wink: '😉',
    slightly_smiling_face: '🙂',
    thinking: '🤔',
    cry: '😢',
    sob: '😭',
    scream: '😱',
    sweat_smile: '😅',
    rofl: '🤣',
    heart_eyes: '😍',
    sunglasses: '😎',
    tada: '🎉',
    eyes: '👀',
    white_check_mark: '✅',
    heavy_check_mark: '✔️',
    x: '❌',
    warning: '⚠️',
    fire: '🔥',
    rocket: '🚀',
    sparkles: '✨',
    star: '⭐',
    bulb: '💡',
    pray: '🙏',
    clap: '👏',
    wave: '👋',
    ok_hand: '👌',
    muscle: '💪',
    raised_hands: '🙌',
    point_up: '☝️',
    coffee: '☕',
    bug: '🐛',
    memo: '📝',
    hourglass: '⌛',
    lock: '🔒',
    question: '❓',
    exclamation: '❗',
    '100': '💯',
  }),
);

/** The reactions a message's picker offers. */
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '👀', '✅'];

/** The emoji a shortcode (without its colons) names, or undefined. */
export function emojiFor(shortcode) {
  return SHORTCODES.get(shortcode);
}
