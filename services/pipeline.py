"""The whole pipeline in-process, without Kafka: the very stage functions the agents run, one after another.

``newsstream process`` and ``newsstream eval`` use it, so what is scored is what streams.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from schemas import EnrichedArticle, Event, RawArticle
from services.cleaner.clean import clean_article
from services.enricher.enrich import enrich_article
from services.enricher.stories import StoryIndex
from services.extractor.extract import extract_events
from services.producer.reader import RejectedFile, discover, read_article


def run_stages(raw: RawArticle, stories: StoryIndex | None = None) -> tuple[EnrichedArticle, list[Event]]:
    enriched = enrich_article(clean_article(raw), stories)
    return enriched, list(extract_events(enriched))


def to_output(enriched: EnrichedArticle, events: Sequence[Event]) -> dict[str, Any]:
    """The documented JSON shape: id, source_path, article, events (plus the enrichment beside them)."""
    data = enriched.model_dump(mode="json", exclude={"schema_version", "article_id", "source_path"})
    return {
        "id": enriched.article_id,
        "source_path": enriched.source_path,
        **data,
        "events": [e.model_dump(mode="json", exclude={"schema_version"}) for e in events],
    }


def process_paths(paths: Sequence[Path], *, max_bytes: int) -> Iterator[dict[str, Any]]:
    """One output per file found; a file that cannot be an article yields an ``error`` object instead.

    One ``StoryIndex`` spans the run, so stories and copies are found across the files given."""
    stories = StoryIndex()
    for path, root in discover(paths):
        try:
            raw = read_article(path, max_bytes=max_bytes, root=root)
        except (RejectedFile, OSError) as exc:
            reason = exc.reason if isinstance(exc, RejectedFile) else "unreadable_file"
            yield {"id": None, "source_path": str(path), "error": {"reason": reason, "message": str(exc)}}
            continue
        try:
            yield to_output(*run_stages(raw, stories))
        except Exception as exc:  # as in the stream: one bad article is reported, the rest go on
            yield {
                "id": raw.article_id,
                "source_path": str(path),
                "error": {"reason": "processing_error", "message": f"{type(exc).__name__}: {exc}"},
            }
