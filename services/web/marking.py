"""Where a sentence's trigger and sides are, and where an article's event sentences are: text cut into segments
a template marks up (the template escapes every segment, so marking never builds HTML from article text)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Segment:
    text: str
    role: str | None = None  # trigger, actor, recipient; "event" for a body sentence that reports events
    events: tuple[str, ...] = field(default=())  # the events a body sentence reports
    types: tuple[str, ...] = field(default=())  # each one's type, in the same order


def _find(text: str, phrase: str) -> tuple[int, int] | None:
    """The first whole-word, case-blind occurrence of ``phrase`` in ``text``."""
    phrase = phrase.strip()
    if not phrase:
        return None
    found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags=re.IGNORECASE)
    return (found.start(), found.end()) if found else None


def _cut(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Segment]:
    segments: list[Segment] = []
    at = 0
    for start, end, role in sorted(spans):
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], role))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


def mark_sentence(
    sentence: str, trigger: str | None, actors: Iterable[str], recipients: Iterable[str]
) -> list[Segment]:
    """The sentence with its trigger and each side's first mention marked. The extractor keeps the words, not their
    offsets, so each is found again in the sentence; one that overlaps a phrase already marked is left plain."""
    wanted = [(trigger or "", "trigger")] + [(a, "actor") for a in actors] + [(r, "recipient") for r in recipients]
    spans: list[tuple[int, int, str]] = []
    for phrase, role in wanted:
        found = _find(sentence, phrase)
        if found and not any(found[0] < end and start < found[1] for start, end, _ in spans):
            spans.append((*found, role))
    return _cut(sentence, spans)


def mark_body(body: str, mentions: Iterable[dict[str, Any]]) -> list[Segment]:
    """The body with each sentence that reports events marked once, whatever number of events it reports."""
    by_span: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for m in mentions:
        start, end = int(m["sentence_start"]), int(m["sentence_end"])
        if 0 <= start < end <= len(body):
            by_span.setdefault((start, end), []).append(m)
    segments: list[Segment] = []
    at = 0
    for (start, end), found in sorted(by_span.items()):
        if start < at:  # overlaps the sentence just marked: the parser's spans do not, but stored data may
            continue
        if start > at:
            segments.append(Segment(body[at:start]))
        linked = dict.fromkeys((str(m["event_id"]), str(m["type"])) for m in found if m.get("event_id"))
        segments.append(
            Segment(body[start:end], "event", tuple(e for e, _ in linked), tuple(t for _, t in linked))
        )
        at = end
    if at < len(body):
        segments.append(Segment(body[at:]))
    return segments
