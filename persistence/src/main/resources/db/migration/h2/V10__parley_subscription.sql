-- Outgoing event subscriptions (docs/protocol.md, "Event subscriptions"): a workspace's events are
-- POSTed to url, signed with secret. The secret is an HMAC key the node needs in the clear to sign,
-- so it is stored as it is (docs/security.md, "Event subscriptions"). status is 'active' or
-- 'disabled' (failing for too long); failures counts the failed attempts since the last success,
-- the first of them at failing_since (ms since the epoch). A removed subscription keeps its row,
-- with removed_at, so that its id still names what the audit log says of it.
CREATE TABLE parley_subscription (
  subscription_id VARCHAR(64) PRIMARY KEY,
  workspace_id VARCHAR(255) NOT NULL,
  url VARCHAR(2000) NOT NULL,
  events VARCHAR(255) NOT NULL,
  secret VARCHAR(255) NOT NULL,
  created_by VARCHAR(255) NOT NULL,
  created_at BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  failures INT NOT NULL,
  failing_since BIGINT,
  last_error VARCHAR(255),
  removed_at BIGINT
);
CREATE INDEX parley_subscription_workspace ON parley_subscription (workspace_id);

-- What is still to be delivered: one row per subscription and event until a receiver answered 2xx
-- (or the subscription is disabled or removed). body is the JSON sent, message text included: it is
-- kept only until delivered.
CREATE TABLE parley_subscription_delivery (
  subscription_id VARCHAR(64) NOT NULL,
  event_id VARCHAR(300) NOT NULL,
  body VARCHAR NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  PRIMARY KEY (subscription_id, event_id)
);
CREATE INDEX parley_subscription_delivery_due ON parley_subscription_delivery (next_attempt_at);

-- On a database with a journal, the subscription projection starts at its end: events from before
-- this version are not sent. (A new database has no row: the projection starts at 0, the same place.)
INSERT INTO parley_projection_offset (projection_name, last_ordering)
  SELECT 'subscriptions', MAX("ordering") FROM "event_journal" HAVING MAX("ordering") IS NOT NULL;
