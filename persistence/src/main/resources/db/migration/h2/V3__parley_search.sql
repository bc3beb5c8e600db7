-- The search read side, maintained by the search projection from the journal (docs/design.md,
-- "Search"). The projection writes these tables and its offset in one transaction.

-- Which workspace each channel belongs to, from the channels' Created events: message events
-- carry only their channel.
CREATE TABLE parley_search_channel (
  channel_id VARCHAR(255) PRIMARY KEY,
  workspace_id VARCHAR(255) NOT NULL
);

-- One row per message that is not deleted, with its current text. H2 has no full-text index that
-- runs inside the projection's transaction, so the fallback matches each query word with LIKE on
-- the lower-cased text: a scan of the caller's channels, fine for the single-node embedded setup.
CREATE TABLE parley_search_message (
  channel_id VARCHAR(255) NOT NULL,
  seq BIGINT NOT NULL,
  workspace_id VARCHAR(255) NOT NULL,
  author_id VARCHAR(255) NOT NULL,
  text VARCHAR NOT NULL,
  ts BIGINT NOT NULL,
  text_lower VARCHAR GENERATED ALWAYS AS (LOWER(text)),
  PRIMARY KEY (channel_id, seq)
);

-- How far each projection has read the journal: its last applied "ordering".
CREATE TABLE parley_projection_offset (
  projection_name VARCHAR(100) PRIMARY KEY,
  last_ordering BIGINT NOT NULL
);
