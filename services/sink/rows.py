"""Records → table rows (pure): what the sink writes, tested without a database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from schemas import DeadLetter, EnrichedArticle, Event

if TYPE_CHECKING:
    from services.sink.stories import StoryStatus


def article_row(rec: EnrichedArticle, story: StoryStatus | None = None) -> dict[str, Any]:
    """The article's row; its story and copy status are the sink's (``stories.decide_stories``)."""
    a = rec.article
    return {
        "article_id": rec.article_id,
        "source_path": rec.source_path,
        "title": a.title,
        "source": a.source,
        "section": a.section,
        "dateline_place": a.dateline_place,
        "published_at": a.published_at.isoformat() if a.published_at else None,
        "published_date": a.published_day,
        "url": a.url,
        "standfirst": Jsonb(a.standfirst),
        "captions": Jsonb(a.captions),
        "body": a.body,
        "word_count": len(a.body.split()),
        "language": rec.language,
        "countries": rec.countries,
        "removed": Jsonb([span.model_dump() for span in rec.removed]),
        "story_id": story.story_id if story else None,
        "duplicate_of": story.duplicate_of if story else None,
        "story_similarity": story.similarity if story else None,
        "body_key": rec.sketch.body_key if rec.sketch else None,
        "copy_minhash": rec.sketch.copy_minhash if rec.sketch else None,
        "story_minhash": rec.sketch.story_minhash if rec.sketch else None,
        "name_keys": rec.sketch.name_keys if rec.sketch else None,
        "sketch_keys": story.keys if story else None,
    }


def entity_rows(rec: EnrichedArticle) -> list[dict[str, Any]]:
    return [
        {"entity_id": e.entity_id, "name": e.name, "label": e.label, "country": e.country, "role": e.role}
        for e in rec.entities
    ]


def article_entity_rows(rec: EnrichedArticle) -> list[dict[str, Any]]:
    return first_per_key(
        (
            {
                "article_id": rec.article_id,
                "entity_id": e.entity_id,
                "mentions": Jsonb([m.model_dump() for m in e.mentions]),
            }
            for e in rec.entities
        ),
        "entity_id",
    )


def place_rows(rec: EnrichedArticle) -> list[dict[str, Any]]:
    return first_per_key(
        (
            {
                "article_id": rec.article_id,
                "name": p.name,
                "country": p.country,
                "admin1": p.admin1,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "precision": p.precision,
                "mentions": Jsonb([m.model_dump() for m in p.mentions]),
            }
            for p in rec.places
        ),
        "name",
    )


def date_rows(rec: EnrichedArticle) -> list[dict[str, Any]]:
    return first_per_key(
        (
            {
                "article_id": rec.article_id,
                "start_char": d.start,
                "text": d.text,
                "date": d.date,
                "end_date": d.end_date,
                "precision": d.precision,
            }
            for d in rec.dates
        ),
        "start_char",
    )


def first_per_key(rows: Iterable[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """One row per ``key`` within an article, the first if a record ever repeats one, as the table's key wants."""
    out: dict[Any, dict[str, Any]] = {}
    for row in rows:
        out.setdefault(row[key], row)
    return list(out.values())


def event_row(ev: Event) -> dict[str, Any]:
    loc = ev.location
    return {
        # The record's event_id names this mention; the real event it belongs to is decided by the sink.
        "mention_id": ev.event_id,
        "article_id": ev.article_id,
        "type": ev.type,
        "mode": ev.mode,
        "cameo_root": ev.cameo_root,
        "actors": Jsonb([p.model_dump() for p in ev.actors]),
        "recipients": Jsonb([p.model_dump() for p in ev.recipients]),
        "actor_countries": sorted({p.country for p in ev.actors if p.country}),
        "recipient_countries": sorted({p.country for p in ev.recipients if p.country}),
        "date": ev.date,
        "date_precision": ev.date_precision,
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "location_admin1": loc.admin1 if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "fatalities": ev.fatalities,
        "fatalities_qualifier": ev.fatalities_qualifier,
        "injured": ev.injured,
        "injured_qualifier": ev.injured_qualifier,
        "displaced": ev.displaced,
        "displaced_qualifier": ev.displaced_qualifier,
        "sources": Jsonb([p.model_dump() for p in ev.sources]),
        "modality": ev.modality,
        "historical": ev.historical,
        "reported_on": ev.reported_on,
        "sentence": ev.sentence,
        "sentence_start": ev.sentence_start,
        "sentence_end": ev.sentence_end,
        "trigger": ev.trigger,
        "confidence": ev.confidence,
    }


def dead_letter_row(dl: DeadLetter) -> dict[str, Any]:
    return {
        "dead_letter_id": dl.dead_letter_id,
        "stage": dl.stage,
        "reason": dl.reason,
        "error": dl.error,
        "article_id": dl.article_id,
        "source_path": dl.source_path,
        "source_topic": dl.source_topic,
        "source_partition": dl.partition,
        "source_offset": dl.offset,
        # Postgres text cannot hold NUL; base64 payloads never contain one, UTF-8 text rarely does.
        "payload": dl.payload.replace("\x00", "\\0") if dl.payload else dl.payload,
        "payload_encoding": dl.payload_encoding,
        "payload_size": dl.payload_size,
        "payload_ref": dl.payload_ref,
        "failed_at": dl.failed_at,
    }
