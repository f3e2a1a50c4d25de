"""The thin Faust agent every transform stage is: bytes from its source topic through ``run_step``, records to
its output topic, failures to the dead letters. The stage's own logic stays in pure functions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import faust
from pydantic import BaseModel

from services.common.codec import encode
from services.common.logging import get_logger
from services.common.metrics import DEAD_LETTERS, RECORDS_IN, RECORDS_OUT, record_lag, refresh_lag, timed
from services.common.settings import Settings
from services.common.stage import Source, StageFn, run_step


def raw_topic(app: faust.App, name: str, settings: Settings) -> faust.TopicT:
    # Records are decoded by run_step, not by Faust, so that a bad payload becomes a dead letter, not a crash.
    return app.topic(
        name,
        key_type=bytes,
        value_type=bytes,
        key_serializer="raw",
        value_serializer="raw",
        partitions=settings.partitions,
    )


def add_stage_agent(
    app: faust.App,
    settings: Settings,
    *,
    stage: str,
    topics: tuple[str, str],
    in_model: type[BaseModel],
    fn: StageFn,
    key_of: Callable[[BaseModel], str] = lambda record: str(getattr(record, "article_id", "")),
) -> Any:
    source, target = topics
    source_topic = raw_topic(app, source, settings)
    target_topic = raw_topic(app, target, settings)
    dead_topic = raw_topic(app, settings.topics.dead_letters, settings)
    log = get_logger(stage)
    handled: dict[Any, int] = {}  # partition -> the offset after the last record handled there

    async def refresh_lag_gauge() -> None:
        if not handled:
            return
        try:
            ends = await app.consumer.highwaters(*handled)
        except Exception as exc:  # the broker away for a moment: the gauge keeps its figure until the next tick
            log.info("lag refresh failed", error=str(exc))
            return
        refresh_lag(stage, handled, app.consumer.assignment(), ends)

    app.timer(settings.lag_refresh_s, name=f"{stage}-lag")(refresh_lag_gauge)

    async def agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            message = event.message
            RECORDS_IN.labels(stage).inc()
            with timed(stage):
                outcome = run_step(
                    stage,
                    event.value,
                    in_model,
                    fn,
                    source=Source(message.topic, message.partition, message.offset),
                    max_inline=settings.max_payload_in_dead_letter,
                    max_chars=settings.max_text_chars,
                )
            handled[message.tp] = next_offset = message.offset + 1
            record_lag(stage, message.topic, message.partition, _highwater(app, message.tp), next_offset)
            if outcome.dead_letter is not None:
                letter = outcome.dead_letter
                DEAD_LETTERS.labels(stage, letter.reason).inc()
                await dead_topic.send(key=event.key, value=encode(letter))
                log.warning(
                    "dead letter",
                    article_id=outcome.article_id,
                    reason=letter.reason,
                    error=letter.error[:300],
                )
                continue
            for record in outcome.outputs:
                await target_topic.send(key=key_of(record).encode(), value=encode(record))
            RECORDS_OUT.labels(stage).inc(len(outcome.outputs))
            log.info("processed", article_id=outcome.article_id, outputs=len(outcome.outputs))

    agent.__name__ = stage
    return app.agent(source_topic, name=stage)(agent)


def _highwater(app: faust.App, tp: Any) -> int | None:
    try:
        return int(app.consumer.highwater(tp))
    except Exception:  # not fetched yet, or the partition moved away in a rebalance: no figure this time
        return None
