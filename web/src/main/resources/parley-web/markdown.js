import { emojiFor } from './emoji.js';

// Message text as a tree, for views to build elements from (never markup: nothing here touches the
// DOM). Chat Markdown: paragraphs keep their line breaks; fenced code blocks, quotes and lists are
// blocks; inside them, **strong**, *em* / _em_, ~~strike~~, `code`, web and mail links, @mentions,
// #channels and :shortcodes:. What does not parse stays text, character for character.
//
// Blocks:  {type: 'paragraph', children} | {type: 'code', lang, text} | {type: 'quote', children: blocks}
//          | {type: 'list', ordered, start, items: [inlines]}
// Inlines: {type: 'text', text} | {type: 'strong' | 'em' | 'strike', children} | {type: 'code', text}
//          | {type: 'link', href, text} | {type: 'mention', name} | {type: 'channel', name}
//          | {type: 'emoji', name, emoji}

// Nesting deeper than this (quotes in quotes, emphasis in emphasis) is shown as text: the tree, and
// the recursion building it, stay small whatever a message holds.
const MAX_DEPTH = 6;
const FENCE = /^ {0,3}```\s*([\w+-]*)\s*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^ {0,3}[-*+] +(\S.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})[.)] +(\S.*)$/;
// A line indented this much under a list item continues it.
const CONTINUATION = /^ {2,}(\S.*)$/;
const LINK_START = /^(?:https?:\/\/|mailto:)/i;
const LINK = /^(?:https?:\/\/|mailto:)[^\s<>"]+/i;
// Punctuation after a link ends the sentence, not the address ("see https://example.com.").
const LINK_TRAILING = /[.,;:!?'*_~]+$/;
// As the server reads mentions (edge/Mentions.java): not after a letter, digit or one of _.@-.
const MENTION = /^@([A-Za-z0-9._-]+)/;
const MENTION_TRAILING = /[._-]+$/;
const NOT_BEFORE_MENTION = /[\p{L}\p{N}_.@-]/u;
const CHANNEL = /^#([a-z0-9][a-z0-9._-]*)/;
const SHORTCODE = /^:([a-z0-9_+-]+):/;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/** The blocks of a message's text. */
export function parse(text) {
  return blocks(String(text ?? '').replace(/\r\n?/g, '\n').split('\n'), 0);
}

function blocks(lines, depth) {
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
    } else if (FENCE.test(line)) {
      const lang = FENCE.exec(line)[1];
      let end = i + 1;
      while (end < lines.length && !/^ {0,3}```\s*$/.test(lines[end])) end++;
      out.push({ type: 'code', lang, text: lines.slice(i + 1, end).join('\n') });
      i = end + 1;
    } else if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const quoted = [];
      for (; i < lines.length && QUOTE.test(lines[i]); i++) quoted.push(QUOTE.exec(lines[i])[1]);
      out.push({ type: 'quote', children: blocks(quoted, depth + 1) });
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = NUMBERED.test(line);
      const marker = ordered ? NUMBERED : BULLET;
      const items = [];
      for (; i < lines.length; i++) {
        const item = marker.exec(lines[i]);
        const more = !item && items.length ? CONTINUATION.exec(lines[i]) : null;
        if (item) items.push(item[ordered ? 2 : 1]);
        else if (more) items[items.length - 1] += `\n${more[1]}`;
        else break;
      }
      const list = { type: 'list', ordered, start: ordered ? Number(NUMBERED.exec(line)[1]) : 1 };
      out.push({ ...list, items: items.map((item) => inlines(item, depth + 1)) });
    } else {
      const start = i;
      for (i++; i < lines.length && !startsBlock(lines[i]); i++);
      out.push({ type: 'paragraph', children: inlines(lines.slice(start, i).join('\n'), depth + 1) });
    }
  }
  return out;
}

function startsBlock(line) {
  return line.trim() === '' || FENCE.test(line) || QUOTE.test(line) || BULLET.test(line) || NUMBERED.test(line);
}

/** The inlines of a run of text (line breaks kept in its text). */
export function inlines(text, depth = 0) {
  const out = [];
  let plain = '';
  const push = (node) => {
    if (plain) out.push({ type: 'text', text: plain });
    plain = '';
    out.push(node);
  };
  // Where a search for each delimiter's closer found none: none is found from further on either,
  // so a line of openers (`_a _a _a ...`) costs one search, not one per opener.
  const unclosed = new Map();
  let i = 0;
  while (i < text.length) {
    const found = depth < MAX_DEPTH ? inlineAt(text, i, depth, unclosed) : null;
    if (found) {
      push(found.node);
      i = found.end;
    } else if (text[i] === '\\' && /[\\`*_~#@:>[\]-]/.test(text[i + 1] ?? '')) {
      plain += text[i + 1];
      i += 2;
    } else {
      // A run of delimiters that opened nothing stays text as a whole, so that none of it closes later.
      const run = /^([*_~`])\1*/.exec(text.slice(i))?.[0] ?? text[i];
      plain += run;
      i += run.length;
    }
  }
  if (plain) out.push({ type: 'text', text: plain });
  return out;
}

/** The inline starting at `i`, with the index after it, or null when none does. */
function inlineAt(text, i, depth, unclosed) {
  const before = text[i - 1] ?? '';
  const rest = text.slice(i, i + 200);
  switch (text[i]) {
    case '`':
      return codeSpan(text, i);
    case '*':
    case '_':
    case '~':
      return emphasis(text, i, depth, unclosed);
    case '@': {
      const name = MENTION.exec(rest)?.[1].replace(MENTION_TRAILING, '');
      if (!name || NOT_BEFORE_MENTION.test(before)) return null;
      return { node: { type: 'mention', name }, end: i + 1 + name.length };
    }
    case '#': {
      const name = CHANNEL.exec(rest)?.[1].replace(MENTION_TRAILING, '');
      if (!name || !(before === '' || SPACE.test(before) || before === '(')) return null;
      return { node: { type: 'channel', name }, end: i + 1 + name.length };
    }
    case ':': {
      const code = SHORTCODE.exec(rest)?.[1];
      const emoji = code && emojiFor(code);
      return emoji ? { node: { type: 'emoji', name: code, emoji }, end: i + code.length + 2 } : null;
    }
    default:
      return LINK_START.test(rest) && !WORD.test(before) ? link(text, i) : null;
  }
}

function codeSpan(text, i) {
  const ticks = /^`+/.exec(text.slice(i))[0];
  let from = i + ticks.length;
  for (;;) {
    const close = text.indexOf(ticks, from);
    if (close < 0) return null;
    // The closing run is exactly as long as the opening one, not part of a longer run.
    if (text[close + ticks.length] !== '`' && text[close - 1] !== '`') {
      const inner = text.slice(i + ticks.length, close);
      const trimmed = /^ .*[^ ].* $/s.test(inner) ? inner.slice(1, -1) : inner;
      return inner ? { node: { type: 'code', text: trimmed }, end: close + ticks.length } : null;
    }
    from = close + ticks.length;
    while (text[from] === '`') from++;
  }
}

/**
 * `**strong**`, `__strong__`, `*em*`, `_em_`, `~~strike~~`: the opener is followed by a non-space,
 * the closer preceded by one, and underscores never open or close inside a word (snake_case_names
 * stay as typed). The nearest closer wins; at a longer run of the delimiter, its last characters
 * close (`***both***` is strong around em).
 */
function emphasis(text, i, depth, unclosed) {
  const char = text[i];
  const double = text[i + 1] === char;
  if (char === '~' && !double) return null;
  const delimiter = double ? char + char : char;
  const start = i + delimiter.length;
  if (start >= text.length || SPACE.test(text[start])) return null;
  if (char === '_' && WORD.test(text[i - 1] ?? '')) return null;
  if (start >= (unclosed.get(delimiter) ?? Infinity)) return null;
  for (let close = text.indexOf(delimiter, start), next; close >= 0; close = text.indexOf(delimiter, next)) {
    let end = close;
    while (text[end + delimiter.length] === char) end++;
    next = end + delimiter.length;
    // A pair of stars inside *em* closes a **strong** of its own, not the em.
    const strongCloser = !double && next - close === 2;
    const closes = !SPACE.test(text[close - 1]) && !(char === '_' && WORD.test(text[next] ?? ''));
    if (close > start && !strongCloser && closes) {
      const children = inlines(text.slice(start, end), depth + 1);
      const type = char === '~' ? 'strike' : double ? 'strong' : 'em';
      return { node: { type, children }, end: next };
    }
  }
  unclosed.set(delimiter, start);
  return null;
}

function link(text, i) {
  let href = LINK.exec(text.slice(i))[0].replace(LINK_TRAILING, '');
  // A closing parenthesis belongs to the address only when it closes one the address opened.
  while (href.endsWith(')') && count(href, '(') < count(href, ')')) href = href.slice(0, -1).replace(LINK_TRAILING, '');
  if (!/^(?:https?:\/\/[^/?#\s]+|mailto:[^\s@]+@\S+)/i.test(href)) return null;
  return { node: { type: 'link', href, text: href }, end: i + href.length };
}

function count(text, char) {
  return text.split(char).length - 1;
}
