"""Consumer-group lag: how many records a group has yet to commit, per topic. A drained pipeline has none."""

from __future__ import annotations

from collections.abc import Sequence

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from services.common.kafka import client_options
from services.common.settings import Settings


async def group_lag(settings: Settings, group_id: str, topics: Sequence[str]) -> dict[str, int]:
    admin = AIOKafkaAdminClient(**client_options(settings))
    probe = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)
    await admin.start()
    await probe.start()
    try:
        committed = await admin.list_consumer_group_offsets(group_id)
        tps = [
            TopicPartition(info["topic"], part["partition"])
            for info in await admin.describe_topics(list(topics))
            for part in info["partitions"]
        ]
        missing = set(topics) - {tp.topic for tp in tps}
        if missing:
            raise LookupError(f"topics without partitions (do they exist?): {sorted(missing)}")
        ends = await probe.end_offsets(tps)
        starts = await probe.beginning_offsets(tps)
        lag = dict.fromkeys(topics, 0)
        for tp in tps:
            meta = committed.get(tp)
            # A group that never committed on a partition still has all of it to read.
            position = meta.offset if meta is not None and meta.offset >= 0 else starts[tp]
            lag[tp.topic] += max(0, ends[tp] - position)
        return lag
    finally:
        await probe.stop()
        await admin.close()
