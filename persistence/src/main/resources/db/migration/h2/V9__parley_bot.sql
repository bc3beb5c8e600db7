-- Bot accounts (docs/protocol.md, "Bots"): each is a member of one workspace, under a name that is
-- its handle there, never reused in that workspace. A removed bot keeps its row, with removed_at
-- (ms since the epoch), so that its id still names what it posted.
CREATE TABLE parley_bot (
  bot_id VARCHAR(64) PRIMARY KEY,
  workspace_id VARCHAR(255) NOT NULL,
  name VARCHAR(255) NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  removed_at BIGINT,
  CONSTRAINT parley_bot_name UNIQUE (workspace_id, name)
);

-- The API tokens of bots: the secret is never stored, only its SHA-256 (hex), by which every
-- request authenticated with it finds the bot (docs/security.md, "Bot tokens"). A revoked token
-- keeps its row, with revoked_at.
CREATE TABLE parley_bot_token (
  token_id VARCHAR(64) PRIMARY KEY,
  bot_id VARCHAR(64) NOT NULL,
  label VARCHAR(255),
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX parley_bot_token_bot ON parley_bot_token (bot_id);
