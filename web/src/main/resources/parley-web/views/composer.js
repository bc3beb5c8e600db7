// The message box: Enter sends, Shift+Enter starts a new line.
export function composerView(store, send) {
  const box = document.getElementById('composer');
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) {
      return;
    }
    event.preventDefault();
    const text = box.value.trim();
    if (text && store.currentChannelId) {
      send(store.currentChannelId, text);
      box.value = '';
    }
  });

  return function render() {
    box.disabled = !store.currentChannelId;
  };
}
