import { el } from '../dom.js';

// The quick switcher: Ctrl+K (or Cmd+K, or the header's button) opens a box that finds the
// workspace's channels and DMs by name as the user types; Up/Down choose, Enter or a click opens
// the chosen one and puts the focus in its message box. Names starting with what was typed come
// first, then those containing it, each with unread ones first. The box is a combobox over a
// listbox, so a screen reader follows the choice.
const MAX_RESULTS = 10;

export function bindQuickSwitcher(store, actions) {
  const dialog = document.getElementById('switcher');
  const input = document.getElementById('switcher-input');
  const list = document.getElementById('switcher-list');
  const empty = document.getElementById('switcher-empty');
  let matches = [];
  let chosen = 0;

  function open() {
    if (!store.currentWorkspaceId || dialog.open) return;
    input.value = '';
    render();
    dialog.showModal();
    input.focus();
  }

  function render() {
    matches = find(store, input.value.trim().toLowerCase());
    chosen = Math.min(chosen, Math.max(0, matches.length - 1));
    list.replaceChildren(
      ...matches.map((channel, index) =>
        el(
          'li',
          {
            id: `switcher-option-${index}`,
            role: 'option',
            class: index === chosen ? 'switcher-option active' : 'switcher-option',
            'aria-selected': String(index === chosen),
            'data-channel-id': channel.id,
            // mousedown, not click: the box keeps the focus until the channel opens.
            onmousedown: (event) => {
              event.preventDefault();
              go(channel.id);
            },
          },
          el('span', { class: 'switcher-name', text: store.title(channel) }),
          el('span', { class: 'unread-count', text: store.unread(channel) ? String(store.unread(channel)) : '' }),
        ),
      ),
    );
    empty.hidden = matches.length > 0;
    if (matches.length) {
      input.setAttribute('aria-activedescendant', `switcher-option-${chosen}`);
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function go(channelId) {
    dialog.close();
    actions.selectChannel(channelId);
    // Where the user goes on typing: the channel's message box, once the render that
    // selectChannel asked for has enabled it.
    requestAnimationFrame(() => document.getElementById('composer').focus());
  }

  input.addEventListener('input', () => {
    chosen = 0;
    render();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      chosen = matches.length ? (chosen + step + matches.length) % matches.length : 0;
      render();
    } else if (event.key === 'Enter' && !event.isComposing) {
      event.preventDefault();
      if (matches[chosen]) go(matches[chosen].id);
    }
  });
  document.getElementById('switcher-open').addEventListener('click', open);
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      open();
    }
  });
}

/** The current workspace's channels and DMs whose shown name holds `query`, best first. */
function find(store, query) {
  const scored = [];
  for (const channel of store.channels.values()) {
    if (channel.workspaceId !== store.currentWorkspaceId) continue;
    const name = store.title(channel).toLowerCase().replace(/^[#🔒]/u, '');
    const at = name.indexOf(query);
    if (at < 0) continue;
    scored.push({ channel, rank: [at === 0 ? 0 : 1, store.unread(channel) > 0 ? 0 : 1, name] });
  }
  scored.sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2].localeCompare(b.rank[2]));
  return scored.slice(0, MAX_RESULTS).map(({ channel }) => channel);
}
