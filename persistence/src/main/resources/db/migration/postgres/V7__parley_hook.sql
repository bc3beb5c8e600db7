-- Incoming webhooks (docs/protocol.md, "Webhooks"): each posts into one channel as itself (its
-- hook_id is the posts' author) under its name. The token of its URL is never stored, only its
-- SHA-256 (hex), by which a POST finds the hook. A revoked hook keeps its row, with revoked_at
-- (ms since the epoch), so that its id still names what it posted.
CREATE TABLE parley_hook (
  hook_id VARCHAR(64) PRIMARY KEY,
  channel_id VARCHAR(255) NOT NULL,
  workspace_id VARCHAR(255) NOT NULL,
  name VARCHAR(255) NOT NULL,
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  created_by VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX parley_hook_channel ON parley_hook (channel_id);
