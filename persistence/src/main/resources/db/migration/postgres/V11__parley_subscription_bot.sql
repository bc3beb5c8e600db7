-- Which channels each bot is in, as the subscription projection sees them in journal order, so
-- that a post mentioning a bot is sent as bot.mentioned only if the bot was a member when it was
-- posted (docs/protocol.md, "Event subscriptions"). Only bots' memberships are kept.
CREATE TABLE parley_subscription_bot_member (
  channel_id VARCHAR(255) NOT NULL,
  bot_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (channel_id, bot_id)
);

-- The projection only sees joins after its offset: the bots' earlier memberships are taken from
-- the search projection's, as they are at this upgrade.
INSERT INTO parley_subscription_bot_member (channel_id, bot_id)
  SELECT m.channel_id, b.bot_id FROM parley_search_member m JOIN parley_bot b ON b.bot_id = m.user_id
  WHERE b.removed_at IS NULL;

-- A resumed (re-enabled) subscription is sent the events posted from resumed_at on (ms since the
-- epoch); NULL: never resumed, the events from created_at on.
ALTER TABLE parley_subscription ADD COLUMN resumed_at BIGINT;
