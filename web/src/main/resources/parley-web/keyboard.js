// Keys that work anywhere: Alt+ArrowUp/ArrowDown open the previous/next channel or DM in the
// sidebar's order, Escape closes the side panel and, on narrow screens, the sidebar.
export function bindKeyboard(actions) {
  document.addEventListener('keydown', (event) => {
    // A dialog's Escape closes the dialog only.
    if (event.key === 'Escape' && !event.target.closest?.('dialog')) {
      actions.closePanel();
      document.getElementById('sidebar').classList.remove('open');
      return;
    }
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) {
      return;
    }
    const rows = [...document.querySelectorAll('#channel-list .channel, #dm-list .channel')];
    if (rows.length === 0) {
      return;
    }
    event.preventDefault();
    const current = rows.findIndex((row) => row.classList.contains('active'));
    const step = event.key === 'ArrowDown' ? 1 : -1;
    const next = current === -1 ? 0 : (current + step + rows.length) % rows.length;
    rows[next].click();
  });
}
