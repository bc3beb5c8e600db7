import { EMOJI_CATEGORIES } from './emoji-data.js';

// The emoji table (emoji-data.js) as the picker and `:shortcodes:` use it: a message may name any
// emoji of the table by its name (`:tada:`), or 👍 and 👎 by `:+1:` and `:-1:`; a shortcode not in
// it stays text.
const ALIASES = new Map([
  ['+1', '👍'],
  ['-1', '👎'],
]);

/** The picker's categories: [{id, name, emoji: [{emoji, name, keywords}]}], in the table's order. */
export const CATEGORIES = EMOJI_CATEGORIES.map(({ id, name, entries }) => ({
  id,
  name,
  emoji: entries
    .split(';')
    .map((entry) => entry.trim().split(/\s+/))
    .map(([emoji, entryName, ...keywords]) => ({ emoji, name: entryName, keywords })),
}));

const ALL = CATEGORIES.flatMap((category) => category.emoji);
const BY_NAME = new Map([...ALIASES, ...ALL.map((entry) => [entry.name, entry.emoji])]);
const BY_EMOJI = new Map(ALL.map((entry) => [entry.emoji, entry]));

/** The reactions the picker offers first. */
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '👀', '✅'];

/** The entries of REACTIONS. */
export function quickEmoji() {
  return REACTIONS.map((emoji) => BY_EMOJI.get(emoji));
}

/** An entry's name as read out: words, not a shortcode. */
export function spokenName(entry) {
  return entry.name.replaceAll('_', ' ');
}

/**
 * The entries every word of `query` begins a word of (of the name, its parts or a keyword): the one
 * the query names first, then those whose name begins with it.
 */
export function searchEmoji(query) {
  const wanted = query.trim().toLowerCase();
  const words = wanted.split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const found = ALL.filter((entry) => {
    const own = [entry.name, ...entry.name.split('_'), ...entry.keywords];
    return words.every((word) => own.some((candidate) => candidate.startsWith(word)));
  });
  const asName = wanted.replaceAll(' ', '_');
  const rank = (entry) => (entry.name === asName ? 0 : entry.name.startsWith(asName) ? 1 : 2);
  return found.sort((a, b) => rank(a) - rank(b));
}

/** The emoji a shortcode (without its colons) names, or undefined. */
export function emojiFor(shortcode) {
  return BY_NAME.get(shortcode);
}
