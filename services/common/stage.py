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
    try:
        outputs = list(fn(record))
    except Exception as exc:  # a bug or bad input in one record must not stop the stream
        return fail("processing_error", f"{type(exc).__name__}: {exc}", record)
    return Outcome(outputs=outputs, article_id=getattr(record, "article_id", None))
