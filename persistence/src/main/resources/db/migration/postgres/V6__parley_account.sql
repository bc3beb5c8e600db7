-- The account directory, maintained by the account projection from the Account entities' events
-- (docs/design.md, "Account directory"): what admin.accounts lists. The projection writes it and
-- its offset (projection_name 'accounts') in one transaction, from the start of the journal, so
-- accounts registered before this table existed are listed too.
CREATE TABLE parley_account (
  username VARCHAR(255) PRIMARY KEY,
  user_id VARCHAR(255) NOT NULL,
  display_name VARCHAR(255),
  admin BOOLEAN NOT NULL,
  deactivated BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL
);
