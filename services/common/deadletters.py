"""Building dead-letter records: what failed, where, why, and the payload or a reference to it."""

from __future__ import annotations

import base64
import datetime as dt

from schemas import DeadLetter
from services.common.ids import derived_id


def dead_letter(
    *,
    stage: str,
    reason: str,
    error: str,
    payload: bytes | None,
    max_inline: int,
    article_id: str | None = None,
    source_path: str | None = None,
    source_topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
) -> DeadLetter:
    size = len(payload) if payload is not None else 0
    text: str | None = None
    encoding: str | None = None
    ref: str | None = None
    if payload is not None and size <= max_inline:
        try:
            text, encoding = payload.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = base64.b64encode(payload).decode("ascii"), "base64"
    elif payload is not None:
        # Too big to copy: point at where the original still is.
        ref = f"{source_topic}/{partition}@{offset}" if source_topic is not None else source_path
    # The id depends on where the payload came from (or what it is), never on the time, so a replay of the
    # same bad input yields the same dead letter row.
    origin = (source_topic, partition, offset) if source_topic is not None else (source_path,)
    return DeadLetter(
        dead_letter_id=derived_id(stage, reason, *origin, derived_id(payload or b"")),
        stage=stage,
        reason=reason,
        error=error,
        article_id=article_id,
        source_path=source_path,
        source_topic=source_topic,
        partition=partition,
        offset=offset,
        payload=text,
        payload_encoding=encoding,  # type: ignore[arg-type]
        payload_size=size,
        payload_ref=ref,
        failed_at=dt.datetime.now(dt.UTC),
    )
