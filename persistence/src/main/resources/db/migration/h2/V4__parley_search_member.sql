-- Who is in each channel now, from the channels' own join and leave events: search shows a user
-- the messages of the channels that have them as a member, never what the user's session lists.
-- The projection applies events in journal order, so a post made after someone left is applied
-- after their leave, and never reaches them.
CREATE TABLE parley_search_member (
  user_id VARCHAR(255) NOT NULL,
  channel_id VARCHAR(255) NOT NULL,
  PRIMARY KEY (user_id, channel_id)
);

-- Fill the new table from the start of the journal: the projection rebuilds all its tables when
-- its offset is gone.
DELETE FROM parley_search_message;
DELETE FROM parley_search_channel;
DELETE FROM parley_projection_offset WHERE projection_name = 'search';
