-- The events a batch of mentions could join are read by type and a window of days on either the event's date or
-- its first report (services/sink/events.py); this index serves the second, as events_type_date the first, so the
-- read stays a few index ranges however large the table grows.
CREATE INDEX events_type_first_reported ON events (type, first_reported);
