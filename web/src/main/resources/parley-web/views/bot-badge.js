import { el } from '../dom.js';

// The mark beside a bot account's name, on its posts and among the people: what it says comes
// from a program, not a person. Text, so that a screen reader reads it with the name.
export function botBadge() {
  return el('span', { class: 'bot-badge', title: 'Bot account', text: 'BOT' });
}
