import { el, guardedBy } from '../dom.js';

// Notification settings on the account page: what notifies the user by default and in one channel
// of their choice (notify.set), and where emails go (account.email.set). Desktop notifications and
// emails both follow them (docs/protocol.md, "Notifications").
export function notificationSettingsView(store, actions) {
  const form = document.getElementById('notify-form');
  const level = document.getElementById('notify-level');
  const muted = document.getElementById('notify-muted');
  const status = document.getElementById('notify-status');
  const channelForm = document.getElementById('channel-notify-form');
  const channel = document.getElementById('channel-notify-channel');
  const channelLevel = document.getElementById('channel-notify-level');
  const channelMuted = document.getElementById('channel-notify-muted');
  const channelStatus = document.getElementById('channel-notify-status');
  const emailForm = document.getElementById('email-form');
  const email = document.getElementById('email-address');
  const emailStatus = document.getElementById('email-status');
  const guarded = guardedBy(document.getElementById('notify-error'));
  const guardedChannel = guardedBy(document.getElementById('channel-notify-error'));
  const guardedEmail = guardedBy(document.getElementById('email-error'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    status.textContent = '';
    guarded(async () => {
      await actions.setNotify({ level: level.value, muted: muted.checked });
      status.textContent = 'Saved.';
    });
  });
  channelForm.addEventListener('submit', (event) => {
    event.preventDefault();
    channelStatus.textContent = '';
    const chosen = store.channels.get(channel.value);
    if (!chosen) return;
    guardedChannel(async () => {
      await actions.setNotify({ channelId: chosen.id, level: channelLevel.value, muted: channelMuted.checked });
      channelStatus.textContent = `Saved for ${store.title(chosen)}.`;
    });
  });
  channel.addEventListener('change', () => showChannel());
  emailForm.addEventListener('submit', (event) => {
    event.preventDefault();
    emailStatus.textContent = '';
    const address = email.value.trim();
    guardedEmail(async () => {
      await actions.setEmail(address);
      emailStatus.textContent = address ? `Saved: emails go to ${address}.` : 'Removed: no emails.';
    });
  });

  /** The chosen channel's own preference, or the default it follows. */
  function showChannel() {
    const preferences = store.settings?.notify;
    if (!preferences) return;
    const own = preferences.channels.find((c) => c.channelId === channel.value);
    channelLevel.value = (own ?? preferences).level;
    channelMuted.checked = own?.muted ?? false;
  }

  let shownPreferences = null;
  let shownAccount = null;
  return function render() {
    const settings = store.settings;
    if (settings?.page !== 'account') {
      shownPreferences = null;
      shownAccount = null;
      return;
    }
    // Filled when the page opens and after each save, not over what the user is choosing.
    if (settings.notify && shownPreferences !== settings.notify) {
      shownPreferences = settings.notify;
      level.value = shownPreferences.level;
      muted.checked = shownPreferences.muted;
      const chosen = channel.value;
      const channels = [...store.channels.values()].sort((a, b) => store.title(a).localeCompare(store.title(b)));
      channel.replaceChildren(...channels.map((c) => el('option', { value: c.id, text: store.title(c) })));
      if (channels.some((c) => c.id === chosen)) channel.value = chosen;
      showChannel();
    }
    if (store.account && shownAccount !== store.account) {
      shownAccount = store.account;
      email.value = store.account.email ?? '';
    }
  };
}
