"""Sending article files to the raw topic; files that cannot be articles go to the dead letters."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError, KafkaTimeoutError
from tqdm import tqdm

from services.common.codec import encode
from services.common.deadletters import dead_letter
from services.common.kafka import producer
from services.common.logging import get_logger
from services.common.metrics import DEAD_LETTERS, RECORDS_OUT
from services.common.settings import Settings
from services.producer.reader import RejectedFile, discover, read_article

log = get_logger("producer")


@dataclass
class SendReport:
    sent: int = 0
    rejected: int = 0
    seconds: float = 0.0


async def send_file(kafka: AIOKafkaProducer, settings: Settings, path: Path, root: Path | None) -> bool:
    """Sends one file; returns False when it went to the dead letters instead."""
    topics = settings.topics
    try:
        raw = read_article(path, max_bytes=settings.max_file_bytes, root=root, max_chars=settings.max_text_chars)
    except (RejectedFile, OSError) as exc:
        reason = exc.reason if isinstance(exc, RejectedFile) else "unreadable_file"
        # A file outside the folder given is never read, not even into a dead letter.
        payload = None if reason == "outside_root" else _head(path, settings.max_payload_in_dead_letter)
        letter = dead_letter(
            stage="producer",
            reason=reason,
            error=str(exc),
            payload=payload,
            max_inline=settings.max_payload_in_dead_letter,
            source_path=str(path),
        )
        if payload is None:  # too big to copy, or not to be read: the path is the reference
            letter = letter.model_copy(update={"payload_ref": str(path)})
        await _send(kafka, topics.dead_letters, encode(letter), key=str(path).encode())
        DEAD_LETTERS.labels("producer", reason).inc()
        log.warning("file rejected", source_path=str(path), reason=reason, error=str(exc))
        return False
    await _send(kafka, topics.raw, encode(raw), key=raw.article_id.encode())
    RECORDS_OUT.labels("producer").inc()
    log.debug("article sent", article_id=raw.article_id, source_path=raw.source_path)
    return True


async def _send(kafka: AIOKafkaProducer, topic: str, value: bytes, *, key: bytes, attempts: int = 8) -> None:
    """send_and_wait, again while the broker is away (a restart): the same record sent twice is harmless,
    as ids are content hashes and every consumer is idempotent; an article given up on would be lost."""
    delay = 1.0
    for attempt in range(1, attempts + 1):
        try:
            await kafka.send_and_wait(topic, value, key=key)
            return
        except KafkaError as exc:
            if attempt == attempts or not (exc.retriable or isinstance(exc, KafkaTimeoutError)):
                raise
            log.warning("send failed, retrying", topic=topic, error=repr(exc)[:300], retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 15.0)


def _head(path: Path, limit: int) -> bytes | None:
    """The payload a dead letter carries: the file itself when small, else nothing (the path is the reference)."""
    try:
        if path.is_symlink() or path.stat().st_size > limit:
            return None
        return path.read_bytes()[: limit + 1]
    except OSError:
        return None


async def produce(
    settings: Settings,
    paths: Sequence[Path],
    *,
    rate: float | None = None,
    loops: int = 1,
    progress: bool = True,
) -> SendReport:
    files = list(discover(paths))
    report = SendReport()
    started = time.perf_counter()
    kafka = producer(settings)
    await kafka.start()
    try:
        with tqdm(total=len(files) * loops, unit="file", disable=not progress, desc="sent") as bar:
            for _ in range(loops):
                for path, root in files:
                    ok = await send_file(kafka, settings, path, root)
                    report.sent += ok
                    report.rejected += not ok
                    bar.update(1)
                    if rate:
                        await _pace(started, report.sent + report.rejected, rate)
        await kafka.flush()
    finally:
        await kafka.stop()
    report.seconds = time.perf_counter() - started
    log.info("replay done", sent=report.sent, rejected=report.rejected, seconds=round(report.seconds, 3))
    return report


async def _pace(started: float, done: int, rate: float) -> None:
    ahead = done / rate - (time.perf_counter() - started)
    if ahead > 0:
        await asyncio.sleep(ahead)
