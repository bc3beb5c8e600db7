// Invite links (`/#join=<code>`): opening one must not join a workspace before the user says so.
const CONFIRMED = 'parley.confirmedInvite';

/** The link that opens the page asking to join with `code`. */
export function inviteLink(code) {
  return `${location.origin}/#join=${encodeURIComponent(code)}`;
}

/** The code of the invite link the page was opened with, or undefined. */
export function inviteLinkCode() {
  const link = /^#join=(.+)$/.exec(location.hash);
  return link ? decodeURIComponent(link[1]) : undefined;
}

/** The code of an invite link (`…/#join=<code>`), or the value itself when it is a bare code. */
export function inviteCodeOf(value) {
  const link = /#join=([^#\s]+)$/.exec(value);
  return link ? decodeURIComponent(link[1]) : value;
}

/** The user registered through the link: that was their yes, kept across the log-in that follows. */
export function confirmInvite(code) {
  sessionStorage.setItem(CONFIRMED, code);
}

/** Whether the user said yes to `code` already (once: the answer is used up). */
export function takeConfirmedInvite(code) {
  const confirmed = sessionStorage.getItem(CONFIRMED) === code;
  sessionStorage.removeItem(CONFIRMED);
  return confirmed;
}

/** Shows the prompt; `join` runs if the user answers Join. */
export function askToJoin(join) {
  const prompt = document.getElementById('invite-prompt');
  prompt.hidden = false;
  document.getElementById('invite-accept').onclick = () => {
    prompt.hidden = true;
    join();
  };
  document.getElementById('invite-decline').onclick = () => {
    prompt.hidden = true;
  };
}
