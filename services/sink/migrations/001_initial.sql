-- Articles, their entities, places and dates, events and dead letters; keyed by the records' stable ids.
CREATE TABLE articles (
    article_id      text PRIMARY KEY,
    source_path     text NOT NULL,
    title           text,
    source          text,
    section         text,
    dateline_place  text,
    published_at    text,            -- a date or a date-time as printed or given; see published_date
    published_date  date,
    url             text,
    standfirst      jsonb NOT NULL DEFAULT '[]',
    captions        jsonb NOT NULL DEFAULT '[]',
    body            text NOT NULL,
    word_count      integer NOT NULL,
    language        text,
    countries       text[] NOT NULL DEFAULT '{}',
    story_id        text,
    duplicate_of    text,
    removed         jsonb NOT NULL DEFAULT '[]',
    first_seen      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE entities (
    entity_id   text PRIMARY KEY,
    name        text NOT NULL,
    label       text NOT NULL,
    country     text,
    role        text,
    first_seen  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE article_entities (
    article_id  text NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    entity_id   text NOT NULL REFERENCES entities (entity_id),
    mentions    jsonb NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_entity ON article_entities (entity_id);

CREATE TABLE article_places (
    article_id  text NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    name        text NOT NULL,
    country     text,
    admin1      text,
    latitude    double precision,
    longitude   double precision,
    precision   text NOT NULL,
    mentions    jsonb NOT NULL,
    PRIMARY KEY (article_id, name)
);

CREATE TABLE article_dates (
    article_id  text NOT NULL REFERENCES articles (article_id) ON DELETE CASCADE,
    start_char  integer NOT NULL,
    text        text NOT NULL,
    date        date,
    end_date    date,
    precision   text NOT NULL,
    PRIMARY KEY (article_id, start_char)
);

-- Events may arrive before their article's row (they travel on another topic), so no foreign key here.
CREATE TABLE events (
    event_id             text PRIMARY KEY,
    article_id           text NOT NULL,
    type                 text NOT NULL,
    mode                 text,
    cameo_root           text,
    actors               jsonb NOT NULL,
    recipients           jsonb NOT NULL,
    actor_countries      text[] NOT NULL,
    recipient_countries  text[] NOT NULL,
    date                 date,
    date_precision       text NOT NULL,
    location_name        text,
    location_country     text,
    latitude             double precision,
    longitude            double precision,
    fatalities           integer,
    fatalities_qualifier text,
    injured              integer,
    modality             text NOT NULL,
    historical           boolean NOT NULL,
    sentence             text NOT NULL,
    sentence_start       integer NOT NULL,
    sentence_end         integer NOT NULL,
    trigger              text,
    confidence           double precision NOT NULL,
    first_seen           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_type_date ON events (type, date);

CREATE TABLE dead_letters (
    dead_letter_id    text PRIMARY KEY,
    stage             text NOT NULL,
    reason            text NOT NULL,
    error             text NOT NULL,
    article_id        text,
    source_path       text,
    source_topic      text,
    source_partition  integer,
    source_offset     bigint,
    payload           text,
    payload_encoding  text,
    payload_size      integer NOT NULL,
    payload_ref       text,
    failed_at         timestamptz NOT NULL,
    first_seen        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_stage ON dead_letters (stage, reason);
