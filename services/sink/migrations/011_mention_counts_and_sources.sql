-- What an event mention also says: injured and displaced counts with their qualifiers, and who reported it
-- (the speaker of reported speech, a ministry, "according to ..."). The events table takes displaced too.
ALTER TABLE event_mentions ADD COLUMN injured_qualifier text;
ALTER TABLE event_mentions ADD COLUMN displaced integer;
ALTER TABLE event_mentions ADD COLUMN displaced_qualifier text;
ALTER TABLE event_mentions ADD COLUMN sources jsonb NOT NULL DEFAULT '[]';
ALTER TABLE events ADD COLUMN displaced integer;
