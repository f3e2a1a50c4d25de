"""One stage step, the same for every transform stage: decode → stage function → outputs, or a dead letter.

The Faust agents and ``newsstream process`` both go through the stage functions; this module is what the agents
add around them (bytes in, bytes out, failures caught), and it is pure so it is tested without Kafka.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from schemas import DeadLetter
from services.common.codec import RecordError, decode
from services.common.deadletters import dead_letter


@dataclass(frozen=True)
class Source:
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None


@dataclass
class Outcome:
    outputs: list[BaseModel] = field(default_factory=list)
    dead_letter: DeadLetter | None = None
    article_id: str | None = None


StageFn = Callable[[Any], Sequence[BaseModel]]


def run_step(
    stage: str,
    payload: bytes | None,
    in_model: type[BaseModel],
    fn: StageFn,
    *,
    source: Source,
    max_inline: int,
    max_chars: int | None = None,
) -> Outcome:
    def fail(reason: str, error: str, record: BaseModel | None = None) -> Outcome:
        article_id = getattr(record, "article_id", None)
        return Outcome(
            dead_letter=dead_letter(
                stage=stage,
                reason=reason,
                error=error,
                payload=payload,
                max_inline=max_inline,
                article_id=article_id,
                source_path=getattr(record, "source_path", None),
                source_topic=source.topic,
                partition=source.partition,
                offset=source.offset,
            ),
            article_id=article_id,
        )

    try:
        record = decode(payload, in_model)
    except RecordError as exc:
        return fail(exc.reason, str(exc))
    problem = too_long(record, max_chars)
    if problem is not None:
        return fail(*problem, record)
    try:
        outputs = list(fn(record))
    except Exception as exc:  # a bug or bad input in one record must not stop the stream
        return fail("processing_error", f"{type(exc).__name__}: {exc}", record)
    problem = no_article(outputs)
    if problem is not None:
        return fail(*problem, record)
    return Outcome(outputs=outputs, article_id=getattr(record, "article_id", None))


Problem = tuple[str, str]  # (reason, message) of a record that goes to the dead letters


def too_long(record: BaseModel, max_chars: int | None) -> Problem | None:
    """The stages' time grows faster than the text: one giant article must not stall its partition."""
    body = _body(record)
    if max_chars is None or body is None or len(body) <= max_chars:
        return None
    return (
        "too_long",
        f"article text is {len(body)} characters, over the limit of {max_chars} (NEWSSTREAM_MAX_TEXT_CHARS)",
    )


def no_article(outputs: Sequence[BaseModel]) -> Problem | None:
    """A page of nothing but boilerplate (a cookie banner, a list of links) holds no article to pass on."""
    for output in outputs:
        text = _body(output)
        if text is not None and not text.strip():
            return (
                "no_article",
                "no article text is left after cleaning (the page holds only boilerplate, e.g. a cookie banner)",
            )
    return None


def _body(record: BaseModel) -> str | None:
    """The article text of a clean or enriched article; None for records that have none (raw, event)."""
    article = getattr(record, "article", None)
    body = getattr(article, "body", None)
    return body if isinstance(body, str) else None
