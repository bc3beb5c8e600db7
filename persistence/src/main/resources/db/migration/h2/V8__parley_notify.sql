-- Notifications (docs/design.md, "Notifications").

-- A user's email address (account.email.set), where notification emails go. No row: no email.
CREATE TABLE parley_account_email (
  user_id VARCHAR(255) PRIMARY KEY,
  email VARCHAR(320) NOT NULL
);

-- A user's notification preferences (notify.set): channel_id '' holds the user's default, any
-- other a channel's own. level: all, mentions or nothing. No row: mentions, not muted.
CREATE TABLE parley_notify_preference (
  user_id VARCHAR(255) NOT NULL,
  channel_id VARCHAR(255) NOT NULL,
  level VARCHAR(16) NOT NULL,
  muted BOOLEAN NOT NULL,
  PRIMARY KEY (user_id, channel_id)
);

-- The members of each DM, from the channels' own events, maintained by the notify projection in
-- the transaction that stores its offset: a post in a DM is for each member but its author. A row
-- with user_id '' marks the channel as a DM, so that joins of other channels are not kept.
CREATE TABLE parley_notify_dm_member (
  channel_id VARCHAR(255) NOT NULL,
  user_id VARCHAR(255) NOT NULL,
  PRIMARY KEY (channel_id, user_id)
);

-- Mentions and DM posts waiting for their delay (due_at, epoch ms) to pass: then, unless the
-- recipient read past seq in the meantime, they go out in one email per recipient. direct: a post
-- in a DM rather than a mention.
CREATE TABLE parley_notify_pending (
  user_id VARCHAR(255) NOT NULL,
  channel_id VARCHAR(255) NOT NULL,
  seq BIGINT NOT NULL,
  author_id VARCHAR(255) NOT NULL,
  direct BOOLEAN NOT NULL,
  due_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, channel_id, seq)
);

CREATE INDEX parley_notify_pending_due_idx ON parley_notify_pending (due_at);

-- On a database with a journal, the notify projection starts at its end: mentions made before this
-- version are not emailed. (A new database has no row: the projection starts at 0, the same place.)
INSERT INTO parley_projection_offset (projection_name, last_ordering)
  SELECT 'notify', MAX("ordering") FROM "event_journal" HAVING MAX("ordering") IS NOT NULL;
