"""Typed, versioned records that travel on newsstream's topics: the one definition every stage imports."""

from schemas.records import (
    SCHEMA_VERSION,
    ArticleContent,
    ArticleEvents,
    CleanArticle,
    DateMention,
    DeadLetter,
    EnrichedArticle,
    Entity,
    Event,
    EventParty,
    Location,
    Mention,
    Place,
    RawArticle,
    RemovedSpan,
    SourceMeta,
)

__all__ = [
    "SCHEMA_VERSION",
    "ArticleContent",
    "ArticleEvents",
    "CleanArticle",
    "DateMention",
    "DeadLetter",
    "EnrichedArticle",
    "Entity",
    "Event",
    "EventParty",
    "Location",
    "Mention",
    "Place",
    "RawArticle",
    "RemovedSpan",
    "SourceMeta",
]
