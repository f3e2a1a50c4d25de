-- The events explorer's filters (services/web/queries.py), each read through an index: the day an event is placed
-- on (its date, else its first report), a country on either side, words of a mention's sentence, and an outlet.
CREATE INDEX events_day ON events ((coalesce(date, first_reported)) DESC NULLS LAST, event_id) WHERE merged_into IS NULL;
CREATE INDEX events_countries ON events USING gin ((actor_countries || recipient_countries));
CREATE INDEX event_mentions_sentence_words ON event_mentions USING gin (to_tsvector('simple', sentence));
CREATE INDEX articles_source ON articles (source);
