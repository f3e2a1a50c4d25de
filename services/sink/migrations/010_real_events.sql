-- Events as GDELT keeps them: one row per real-world event, and beside it one row per mention (an article's
-- sentence that reports it). What was the events table held mentions: it becomes event_mentions.
ALTER TABLE events RENAME TO event_mentions;
ALTER TABLE event_mentions RENAME COLUMN event_id TO mention_id;
ALTER INDEX events_pkey RENAME TO event_mentions_pkey;
ALTER INDEX events_article RENAME TO event_mentions_article;
ALTER INDEX events_type_date RENAME TO event_mentions_type_date;
ALTER TABLE event_mentions ADD COLUMN reported_on date;
ALTER TABLE event_mentions ADD COLUMN event_id text;

CREATE TABLE events (
    event_id             text PRIMARY KEY,
    type                 text NOT NULL,
    mode                 text,
    cameo_root           text,
    actor_countries      text[] NOT NULL,
    recipient_countries  text[] NOT NULL,
    date                 date,
    location_name        text,
    location_country     text,
    latitude             double precision,
    longitude            double precision,
    fatalities           integer,
    first_reported       date,
    num_mentions         integer NOT NULL DEFAULT 0,
    num_articles         integer NOT NULL DEFAULT 0,
    num_sources          integer NOT NULL DEFAULT 0,
    first_seen           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_type_date ON events (type, date);

ALTER TABLE event_mentions
    ADD CONSTRAINT event_mentions_event FOREIGN KEY (event_id) REFERENCES events (event_id) DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX event_mentions_event ON event_mentions (event_id);
