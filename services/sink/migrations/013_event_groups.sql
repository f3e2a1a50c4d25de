-- Events are the connected groups of their mentions (services/events/resolution.py): a batch is tied to the stored
-- mentions it could report, read by type and a window of days on the mention's date or report day. When a mention
-- bridges two events they merge, and the one that goes keeps its row with the event it merged into. An event keeps
-- the range of its mentions' death tolls beside its best estimate (the lowest, as ACLED takes the most
-- conservative report). A mention keeps the province of its place, for "one place inside the other".
ALTER TABLE events ADD COLUMN merged_into text;
ALTER TABLE events ADD COLUMN fatalities_low integer;
ALTER TABLE events ADD COLUMN fatalities_high integer;
CREATE INDEX event_mentions_type_reported ON event_mentions (type, reported_on);
CREATE INDEX events_merged_into ON events (merged_into) WHERE merged_into IS NOT NULL;
ALTER TABLE event_mentions ADD COLUMN location_admin1 text;
