-- The search read side, maintained by the search projection from the journal (docs/design.md,
-- "Search"). The projection writes these tables and its offset in one transaction.

-- Which workspace each channel belongs to, from the channels' Created events: message events
-- carry only their channel.
CREATE TABLE parley_search_channel (
  channel_id VARCHAR(255) PRIMARY KEY,
  workspace_id VARCHAR(255) NOT NULL
);

-- One row per message that is not deleted, with its current text. The 'simple' configuration
-- lower-cases words without stemming or stop words: chat is multilingual, and an English stemmer
-- would mangle every other language.
CREATE TABLE parley_search_message (
  channel_id VARCHAR(255) NOT NULL,
  seq BIGINT NOT NULL,
  workspace_id VARCHAR(255) NOT NULL,
  author_id VARCHAR(255) NOT NULL,
  text TEXT NOT NULL,
  ts BIGINT NOT NULL,
  search_vector TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,
  PRIMARY KEY (channel_id, seq)
);

CREATE INDEX parley_search_message_vector_idx ON parley_search_message USING GIN (search_vector);

-- How far each projection has read the journal: its last applied "ordering".
CREATE TABLE parley_projection_offset (
  projection_name VARCHAR(100) PRIMARY KEY,
  last_ordering BIGINT NOT NULL
);
