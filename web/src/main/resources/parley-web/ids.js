// Client message ids. crypto.randomUUID exists only in secure contexts (https, localhost), and a
// node is often reached over plain http on a LAN address; getRandomValues works everywhere.
export function newClientMsgId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
