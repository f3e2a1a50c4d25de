"""Consumer-group lag: how many records a group has yet to commit, per topic. A drained pipeline has none."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.common.kafka import client_options
from services.common.settings import Settings


class LagProbe:
    """An admin client and a consumer, opened once for as many lag questions as a caller asks (the demo polls every
    group until the pipeline has drained; opening both for every question loaded the broker it watched)."""

    def __init__(self, settings: Settings) -> None:
        self._admin = AIOKafkaAdminClient(**client_options(settings))
        self._probe = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)

    async def __aenter__(self) -> LagProbe:
        await self._admin.start()
        try:
            await self._probe.start()
        except BaseException:
            await self._admin.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            await self._probe.stop()
        finally:
            await self._admin.close()

    async def lag(self, group_id: str, topics: Sequence[str]) -> dict[str, int]:
        """Records of ``topics`` that ``group_id`` has yet to commit, per topic."""
        return await self._lag(await self._admin.list_consumer_group_offsets(group_id), topics)

    async def groups_lag(self, wanted: Callable[[str], bool]) -> dict[str, dict[str, int]]:
        """Per consumer group that ``wanted`` picks, the records of each topic it has committed on yet to commit."""
        found = {}
        for group_id in sorted(g[0] for g in await self._admin.list_consumer_groups() if wanted(g[0])):
            committed = await self._admin.list_consumer_group_offsets(group_id)
            topics = sorted({tp.topic for tp in committed})
            if topics:
                found[group_id] = await self._lag(committed, topics)
        return found

    async def _lag(self, committed: dict[TopicPartition, Any], topics: Sequence[str]) -> dict[str, int]:
        tps = [
            TopicPartition(info["topic"], part["partition"])
            for info in await self._admin.describe_topics(list(topics))
            for part in info["partitions"]
        ]
        missing = set(topics) - {tp.topic for tp in tps}
        if missing:
            raise LookupError(f"topics without partitions (do they exist?): {sorted(missing)}")
        ends = await self._probe.end_offsets(tps)
        starts = await self._probe.beginning_offsets(tps)
        lag = dict.fromkeys(topics, 0)
        for tp in tps:
            meta = committed.get(tp)
            # A group that never committed on a partition still has all of it to read.
            position = meta.offset if meta is not None and meta.offset >= 0 else starts[tp]
            lag[tp.topic] += max(0, ends[tp] - position)
        return lag


async def group_lag(settings: Settings, group_id: str, topics: Sequence[str]) -> dict[str, int]:
    """One question, with clients of its own."""
    async with LagProbe(settings) as probe:
        return await probe.lag(group_id, topics)
