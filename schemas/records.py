"""Every record type on the topics, as pydantic v2 models.

Each top-level record carries ``schema_version`` as a literal: a producer that writes a newer version than this
code knows fails validation here and lands in the dead letters instead of being half-understood.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal[1] = 1

CountryCode = str  # ISO 3166-1 alpha-3, upper case


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class SourceMeta(_Model):
    """What came with the file (a sidecar ``NAME.meta.json``), not read from its text."""

    published_at: dt.date | dt.datetime | None = None
    url: str | None = None
    outlet: str | None = None


class RawArticle(_Model):
    """A file as the producer read it: decoded text plus where it came from."""

    schema_version: Literal[1] = SCHEMA_VERSION
    article_id: str = Field(description="sha256 of the file's bytes, hex, first 16 chars: stable across replays")
    source_path: str
    content_type: Literal["text/plain", "text/html"]
    encoding: str
    size_bytes: int
    text: str
    meta: SourceMeta = Field(default_factory=SourceMeta)
    produced_at: dt.datetime


class RemovedSpan(_Model):
    """A piece of the page the cleaner cut, kept so a user can audit the cut."""

    kind: str
    text: str
    line: int | None = Field(default=None, description="1-based line in the source text, when known")


class ArticleContent(_Model):
    """The article as its author wrote it, with its metadata kept apart from the body."""

    title: str | None = None
    standfirst: list[str] = Field(default_factory=list)
    source: str | None = Field(default=None, description="outlet or agency")
    section: str | None = None
    dateline_place: str | None = None
    published_at: dt.date | dt.datetime | None = None
    url: str | None = None
    captions: list[str] = Field(default_factory=list)
    body: str = Field(description="paragraphs in order, joined by a blank line")

    @property
    def published_day(self) -> dt.date | None:
        """The day of publication, whether the page gave a day or a time."""
        value = self.published_at
        return value.date() if isinstance(value, dt.datetime) else value


class CleanArticle(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    article_id: str
    source_path: str
    article: ArticleContent
    removed: list[RemovedSpan] = Field(default_factory=list)


class Mention(_Model):
    """A span of the body: character offsets are into ``article.body``."""

    text: str
    start: int
    end: int


class Entity(_Model):
    entity_id: str = Field(description="canonical id, stable across articles and spellings")
    name: str = Field(description="canonical name")
    label: Literal["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "OTHER"]
    country: CountryCode | None = None
    role: str | None = None
    mentions: list[Mention] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list, description="other spellings the article uses for it")
    source: Literal["rules", "model", "lexicon"] | None = Field(
        default=None, description="what found it: the rules, the statistical model, or the lexicon of countries"
    )


class Place(_Model):
    name: str
    country: CountryCode | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: Literal["country", "admin1", "city", "village", "region", "unknown"] = "unknown"
    mentions: list[Mention] = Field(default_factory=list)
    geonameid: int | None = Field(default=None, description="GeoNames id of the populated place, when one")
    caption_mentions: list[Mention] = Field(
        default_factory=list,
        description="mentions in photo captions: offsets into the captions joined by a newline (they are not body)",
    )


class DateMention(_Model):
    text: str
    start: int
    end: int
    date: dt.date | None = Field(default=None, description="first day of the resolved range")
    end_date: dt.date | None = None
    precision: Literal["day", "week", "month", "year", "range", "unknown"] = "unknown"


class SentenceSpan(_Model):
    """A sentence of the body as the parser split it: character offsets into ``article.body``."""

    start: int
    end: int


class StorySketch(_Model):
    """What ties an article to its copies and its story, from the article alone (``services/stories/sketch.py``)."""

    body_key: str = Field(description="hash of the body's folded words: equal for byte-identical copies")
    copy_minhash: str = Field(description="MinHash of the body's word 5-grams: base64 of 32-bit little-endian values")
    story_minhash: str = Field(description="MinHash of the content words, names, places and days: the same encoding")
    name_keys: list[int] = Field(
        default_factory=list, description="hashes of the people, organisations and places it names (at most 24)"
    )


class EnrichedArticle(CleanArticle):
    language: str | None = Field(default=None, description="ISO 639-1 code")
    language_supported: bool | None = Field(
        default=None, description="whether the enricher read it (False: another language, passed on unread)"
    )
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    countries: list[CountryCode] = Field(default_factory=list, description="countries the article is about")
    sketch: StorySketch | None = None
    story_id: str | None = Field(default=None, description="set where stories are grouped: the sink, or one run")
    duplicate_of: str | None = None
    story_similarity: float | None = Field(
        default=None, description="estimated Jaccard with the article it was matched to (story or copy)"
    )
    sentences: list[SentenceSpan] = Field(default_factory=list, description="the parser's sentences")


class EventParty(_Model):
    name: str
    country: CountryCode | None = None
    entity_id: str | None = None
    sector: Literal["government", "military", "rebel", "civilian", "igo", "other"] | None = None


class Location(_Model):
    name: str
    country: CountryCode | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class Event(_Model):
    """One event mention, as political-event datasets hold them."""

    schema_version: Literal[1] = SCHEMA_VERSION
    event_id: str = Field(description="stable: hash of article id, sentence offsets and type")
    article_id: str
    type: str = Field(description="PLOVER event type, e.g. CONSULT, ASSAULT")
    mode: str | None = Field(
        default=None, description='how, where PLOVER gives a mode: "phone", "in person", "shelling", "airstrike"'
    )
    cameo_root: str | None = None
    actors: list[EventParty] = Field(default_factory=list)
    recipients: list[EventParty] = Field(default_factory=list)
    date: dt.date | None = None
    date_precision: Literal["day", "week", "month", "year", "range", "unknown"] = "unknown"
    location: Location | None = None
    fatalities: int | None = None
    fatalities_qualifier: str | None = None
    injured: int | None = None
    injured_qualifier: str | None = Field(default=None, description='"more than", "at least", "around", ...')
    displaced: int | None = Field(default=None, description="people displaced (fled, forced from their homes)")
    displaced_qualifier: str | None = None
    sources: list[EventParty] = Field(
        default_factory=list, description='who reports it ("X said", "according to X"): a source, not a side'
    )
    modality: Literal["happened", "planned", "failed", "denied"] = "happened"
    historical: bool = False
    reported_on: dt.date | None = Field(
        default=None, description="publication day of the reporting article: undated mentions are placed by it"
    )
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)


class ArticleEvents(_Model):
    """Every event mention the extractor found in one article, as one record (none is a record too). The sink
    replaces the article's mentions with these, as it replaces its entities: a replay after the extractor or the
    cleaner changed leaves none of the old ones behind."""

    schema_version: Literal[1] = SCHEMA_VERSION
    article_id: str
    source_path: str | None = None
    events: list[Event] = Field(default_factory=list)


class DeadLetter(_Model):
    """A record that failed to decode, validate or process, with why and where."""

    schema_version: Literal[1] = SCHEMA_VERSION
    dead_letter_id: str = Field(description="stable: hash of stage, source and payload")
    stage: str
    reason: str = Field(description="machine-friendly class of failure, e.g. decode_error, validation_error")
    error: str
    article_id: str | None = None
    source_path: str | None = None
    source_topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    payload: str | None = Field(default=None, description="original payload (text or base64), when small")
    payload_encoding: Literal["utf-8", "base64"] | None = None
    payload_size: int = 0
    payload_ref: str | None = Field(default=None, description="where the original lies when too large to carry")
    failed_at: dt.datetime


RECORD_TYPES: dict[str, type[BaseModel]] = {
    "raw_article": RawArticle,
    "clean_article": CleanArticle,
    "enriched_article": EnrichedArticle,
    "event": Event,
    "article_events": ArticleEvents,
    "dead_letter": DeadLetter,
}
