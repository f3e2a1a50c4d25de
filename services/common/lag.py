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
        lag: dict[str, int] = {}
        for topic in topics:
            partitions = probe.partitions_for_topic(topic) or set()
            if not partitions:
                await probe.force_metadata_update()
                partitions = probe.partitions_for_topic(topic) or set()
            tps = [TopicPartition(topic, p) for p in sorted(partitions)]
            ends = await probe.end_offsets(tps) if tps else {}
            starts = await probe.beginning_offsets(tps) if tps else {}
            total = 0
            for tp in tps:
                meta = committed.get(tp)
                position = meta.offset if meta is not None and meta.offset >= 0 else starts[tp]
                total += max(0, ends[tp] - position)
            lag[topic] = total
        return lag
    finally:
        await probe.stop()
        await admin.close()
