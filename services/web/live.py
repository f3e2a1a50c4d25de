"""The pipeline's lag for the live counts: what the project's consumer groups have yet to commit, asked of Kafka
at most every few seconds however many pages poll, and never for longer than a timeout (the page shows the
counts from Postgres even when Kafka does not answer)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass

from aiokafka.errors import KafkaError

from services.common.lag import LagProbe
from services.common.settings import Settings


@dataclass
class Lag:
    records: int | None
    error: str | None = None


def is_pipeline_group(group_id: str, settings: Settings) -> bool:
    """The sink's group and the stage workers' groups (named after the group prefix, whatever stages they run)."""
    return group_id == settings.sink_group or group_id.startswith(settings.group_prefix)


class LagWatch:
    """One probe kept open between questions; reopened after a failure."""

    def __init__(self, settings: Settings, *, ttl_s: float = 2.0, timeout_s: float = 3.0) -> None:
        self._settings = settings
        self._ttl, self._timeout = ttl_s, timeout_s
        self._probe: LagProbe | None = None
        self._last: tuple[float, Lag] | None = None
        self._lock = asyncio.Lock()

    async def lag(self) -> Lag:
        async with self._lock:
            if self._last is not None and time.monotonic() - self._last[0] < self._ttl:
                return self._last[1]
            try:
                found = Lag(await asyncio.wait_for(self._ask(), self._timeout))
            except (KafkaError, OSError, TimeoutError, LookupError) as exc:
                await self.close()
                found = Lag(None, f"Kafka did not answer: {type(exc).__name__} {exc}".strip())
            self._last = (time.monotonic(), found)
            return found

    async def _ask(self) -> int:
        if self._probe is None:
            probe = LagProbe(self._settings)
            await probe.__aenter__()
            self._probe = probe
        per_group = await self._probe.groups_lag(lambda g: is_pipeline_group(g, self._settings))
        return sum(n for topics in per_group.values() for n in topics.values())

    async def close(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            with contextlib.suppress(Exception):
                await probe.__aexit__(None, None, None)
