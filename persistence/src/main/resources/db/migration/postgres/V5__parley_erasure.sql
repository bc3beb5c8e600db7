-- One AES-256 key per message (docs/design.md, "Erasure"): the journal and snapshots hold message
-- text only sealed under its key, so deleting the key row erases the text everywhere at once. A
-- message's edits are sealed under the key of the message they edit. key_id: a random id that the
-- sealed text names, so that keys written for the same seq by two writers (a write retried after a
-- failed persist; two owners of a channel during a network partition) never replace each other:
-- the journal's event names the one it was sealed under, and the others are left over, erased with
-- the message. file_ids: the post's files (space-separated; null when none), removed by an erasure
-- other than the post's own deletion (which removes them itself).
CREATE TABLE parley_message_key (
  channel_id VARCHAR(255) NOT NULL,
  seq BIGINT NOT NULL,
  key_id BIGINT NOT NULL,
  author_id VARCHAR(255) NOT NULL,
  ts BIGINT NOT NULL,
  message_key BYTEA NOT NULL,
  file_ids TEXT,
  PRIMARY KEY (channel_id, seq, key_id)
);

-- An account's deletion erases every message it wrote.
CREATE INDEX parley_message_key_author_idx ON parley_message_key (author_id);

-- Each workspace's retention (workspace.retention): messages older than this many days are
-- erased by the retention sweep, as a deletion would. No row, or 0: kept forever.
CREATE TABLE parley_workspace_retention (
  workspace_id VARCHAR(255) PRIMARY KEY,
  days INTEGER NOT NULL,
  set_by VARCHAR(255) NOT NULL,
  set_at BIGINT NOT NULL
);
