"""The whole pipeline in-process, without Kafka: the very stage functions the agents run, one after another.

``newsstream process`` and ``newsstream eval`` use it, so what is scored is what streams.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from schemas import EnrichedArticle, Event, RawArticle
from services.cleaner.clean import clean_article
from services.common.stage import no_article, too_long
from services.enricher.enrich import enrich_article
from services.enricher.stories import StoryIndex
from services.extractor.extract import extract_article_events
from services.producer.reader import RejectedFile, discover, read_article


class Refused(Exception):
    """An article the stream would send to the dead letters, with the same reason."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def run_stages(
    raw: RawArticle, stories: StoryIndex | None = None, *, max_chars: int | None = None
) -> tuple[EnrichedArticle, list[Event]]:
    """The stages in order, with the same checks between them as the stream's steps (``run_step``)."""
    clean = clean_article(raw)
    problem = no_article([clean]) or too_long(clean, max_chars)
    if problem is not None:
        raise Refused(*problem)
    enriched = enrich_article(clean, stories)
    return enriched, extract_article_events(enriched).events


def to_output(enriched: EnrichedArticle, events: Sequence[Event]) -> dict[str, Any]:
    """The documented JSON shape: id, source_path, article, events (plus the enrichment beside them)."""
    # the sketch is for grouping stories, not for reading
    data = enriched.model_dump(mode="json", exclude={"schema_version", "article_id", "source_path", "sketch"})
    return {
        "id": enriched.article_id,
        "source_path": enriched.source_path,
        **data,
        "events": [e.model_dump(mode="json", exclude={"schema_version"}) for e in events],
    }


def process_paths(paths: Sequence[Path], *, max_bytes: int, max_chars: int | None = None) -> Iterator[dict[str, Any]]:
    """One output per file found; a file that cannot be an article yields an ``error`` object instead.

    One ``StoryIndex`` spans the run, so stories and copies are found across the files given."""
    stories = StoryIndex()
    for path, root in discover(paths):
        try:
            raw = read_article(path, max_bytes=max_bytes, root=root, max_chars=max_chars)
        except (RejectedFile, OSError) as exc:
            reason = exc.reason if isinstance(exc, RejectedFile) else "unreadable_file"
            yield {"id": None, "source_path": str(path), "error": {"reason": reason, "message": str(exc)}}
            continue
        try:
            yield to_output(*run_stages(raw, stories, max_chars=max_chars))
        except Refused as exc:
            yield {"id": raw.article_id, "source_path": str(path), "error": {"reason": exc.reason, "message": str(exc)}}
        except Exception as exc:  # as in the stream: one bad article is reported, the rest go on
            yield {
                "id": raw.article_id,
                "source_path": str(path),
                "error": {"reason": "processing_error", "message": f"{type(exc).__name__}: {exc}"},
            }
