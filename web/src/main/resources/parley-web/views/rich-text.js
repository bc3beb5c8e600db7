import { el } from '../dom.js';
import { parse } from '../markdown.js';

// A message's text as elements, built from markdown.js's tree with el() (text through textContent
// only): what a user typed can format a message but never become markup. @mentions of members
// open a direct message, #channels the user is in open that channel; unknown names stay text.
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * The nodes of `text`. links: {member(name) -> {userId, self} | null, channel(name) -> channelId | null,
 * openMember(userId), openChannel(channelId)}.
 */
export function richText(text, links) {
  return parse(text).map((block) => blockNode(block, links));
}

/** The lookups richText needs, answered from the store for the current workspace. */
export function storeLinks(store, actions, report) {
  return {
    member(name) {
      const wanted = name.toLowerCase();
      const member = (store.members.get(store.currentWorkspaceId) ?? []).find((m) => m.username === wanted);
      return member ? { userId: member.userId, self: member.userId === store.userId } : null;
    },
    channel(name) {
      for (const channel of store.channels.values()) {
        if (channel.kind !== 'dm' && channel.name === name && channel.workspaceId === store.currentWorkspaceId) return channel.id;
      }
      return null;
    },
    openMember: (userId) => actions.openDm([userId]).catch(report),
    openChannel: (channelId) => actions.selectChannel(channelId),
  };
}

function blockNode(block, links) {
  switch (block.type) {
    case 'code':
      return el('pre', { class: 'md-pre' }, el('code', { text: block.text }));
    case 'quote':
      return el('blockquote', { class: 'md-quote' }, ...block.children.map((child) => blockNode(child, links)));
    case 'list': {
      const props = block.ordered && block.start !== 1 ? { class: 'md-list', start: String(block.start) } : { class: 'md-list' };
      const items = block.items.map((item) => el('li', {}, ...inlineNodes(item, links)));
      return el(block.ordered ? 'ol' : 'ul', props, ...items);
    }
    default:
      return el('p', { class: 'md-p' }, ...inlineNodes(block.children, links));
  }
}

function inlineNodes(nodes, links) {
  return nodes.map((node) => inlineNode(node, links));
}

function inlineNode(node, links) {
  switch (node.type) {
    case 'strong':
      return el('strong', {}, ...inlineNodes(node.children, links));
    case 'em':
      return el('em', {}, ...inlineNodes(node.children, links));
    case 'strike':
      return el('s', {}, ...inlineNodes(node.children, links));
    case 'code':
      return el('code', { class: 'md-code', text: node.text });
    case 'link':
      return linkNode(node);
    case 'mention':
      return mentionNode(node, links);
    case 'channel':
      return channelNode(node, links);
    case 'emoji':
      return el('span', { class: 'md-emoji', role: 'img', 'aria-label': node.name, title: `:${node.name}:`, text: node.emoji });
    default:
      return document.createTextNode(node.text);
  }
}

function linkNode(node) {
  let url;
  try {
    url = new URL(node.href);
  } catch {
    return document.createTextNode(node.text);
  }
  if (!LINK_PROTOCOLS.has(url.protocol)) return document.createTextNode(node.text);
  return el('a', { class: 'md-link', href: url.href, target: '_blank', rel: 'noopener noreferrer', text: node.text });
}

function mentionNode(node, links) {
  const member = links.member(node.name);
  if (!member) return document.createTextNode(`@${node.name}`);
  // The user's own name is marked, with nothing to open.
  if (member.self) return el('span', { class: 'mention me', text: `@${node.name}` });
  return el('button', {
    type: 'button',
    class: 'mention',
    'data-user-id': member.userId,
    text: `@${node.name}`,
    onclick: () => links.openMember(member.userId),
  });
}

function channelNode(node, links) {
  const channelId = links.channel(node.name);
  if (!channelId) return document.createTextNode(`#${node.name}`);
  return el('button', {
    type: 'button',
    class: 'channel-link',
    'data-channel-id': channelId,
    text: `#${node.name}`,
    onclick: () => links.openChannel(channelId),
  });
}
