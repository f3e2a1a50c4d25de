"""The columns the sink writes and reads, table by table: the one list of each (the writer's statements and the
resolution's reads are built from these, ``services/sink/sql.py``)."""

from __future__ import annotations

ARTICLE_COLUMNS = (
    "article_id", "source_path", "title", "source", "section", "dateline_place", "published_at",
    "published_date", "url", "standfirst", "captions", "body", "word_count", "language", "countries", "removed",
    "story_id", "duplicate_of", "story_similarity", "body_key", "copy_minhash", "story_minhash", "name_keys",
    "sketch_keys",
)  # fmt: skip
ENTITY_COLUMNS = ("entity_id", "name", "label", "country", "role")
ARTICLE_ENTITY_COLUMNS = ("article_id", "entity_id", "mentions")
ARTICLE_PLACE_COLUMNS = ("article_id", "name", "country", "admin1", "latitude", "longitude", "precision", "mentions")
ARTICLE_DATE_COLUMNS = ("article_id", "start_char", "text", "date", "end_date", "precision")
MENTION_COLUMNS = (
    "mention_id", "article_id", "type", "mode", "cameo_root", "actors", "recipients", "actor_countries",
    "recipient_countries", "date", "date_precision", "location_name", "location_country", "location_admin1", "latitude",
    "longitude", "fatalities", "fatalities_qualifier", "injured", "injured_qualifier", "displaced",
    "displaced_qualifier", "sources", "modality", "historical", "sentence",
    "reported_on", "sentence_start", "sentence_end", "trigger", "confidence",
)  # fmt: skip
# What the event resolution reads of a stored mention: its event and what identity depends on
# (``services.events.identity.Signature``), in the order ``services.sink.events._mention`` unpacks them.
MENTION_SIGNATURE_COLUMNS = (
    "mention_id", "event_id", "type", "actor_countries", "recipient_countries", "date", "reported_on", "fatalities",
    "location_name", "location_country", "article_id", "location_admin1",
)  # fmt: skip
DEAD_LETTER_COLUMNS = (
    "dead_letter_id", "stage", "reason", "error", "article_id", "source_path", "source_topic",
    "source_partition", "source_offset", "payload", "payload_encoding", "payload_size", "payload_ref", "failed_at",
)  # fmt: skip
