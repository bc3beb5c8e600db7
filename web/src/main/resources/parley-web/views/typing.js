// "alice is typing…" under the current channel's messages. Indicators lapse on their own, so the
// line re-renders when the next one is due to.
export function typingView(store) {
  const line = document.getElementById('typing');
  let timer = null;

  return function render() {
    clearTimeout(timer);
    const typists = store.currentChannelId ? store.typists(store.currentChannelId) : [];
    const names = typists.map((userId) => store.names.get(userId) ?? 'someone');
    if (names.length === 0) {
      line.textContent = '';
      return;
    }
    line.textContent = names.length === 1 ? `${names[0]} is typing…` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
    const now = Date.now();
    const until = Math.min(...[...store.typing.get(store.currentChannelId).values()].filter((time) => time > now));
    timer = setTimeout(render, until - now);
  };
}
