"""``refresh_lag``: the lag gauge from the partitions' current ends, and dropped for partitions no longer held."""

from __future__ import annotations

from typing import NamedTuple

from prometheus_client import REGISTRY

from services.common.metrics import record_lag, refresh_lag


class TP(NamedTuple):
    topic: str
    partition: int


def _lag(stage: str, tp: TP) -> float | None:
    labels = {"stage": stage, "topic": tp.topic, "partition": str(tp.partition)}
    return REGISTRY.get_sample_value("newsstream_consumer_lag", labels)


def test_the_gauge_follows_the_end_while_no_record_is_handled() -> None:
    tp = TP("t.lag-a", 0)
    record_lag("lagtest-a", tp.topic, tp.partition, 10, 10)
    assert _lag("lagtest-a", tp) == 0
    handled = {tp: 10}
    refresh_lag("lagtest-a", handled, {tp}, {tp: 25})  # 15 records came, none handled: a stalled stage
    assert _lag("lagtest-a", tp) == 15
    assert handled == {tp: 10}


def test_a_partition_taken_away_loses_its_gauge() -> None:
    kept, moved = TP("t.lag-b", 0), TP("t.lag-b", 1)
    record_lag("lagtest-b", moved.topic, moved.partition, 40, 10)
    handled = {kept: 5, moved: 10}
    refresh_lag("lagtest-b", handled, {kept}, {kept: 5, moved: 60})
    assert _lag("lagtest-b", moved) is None
    assert _lag("lagtest-b", kept) == 0
    assert handled == {kept: 5}


def test_a_partition_without_a_known_end_keeps_its_figure() -> None:
    tp = TP("t.lag-c", 0)
    record_lag("lagtest-c", tp.topic, tp.partition, 12, 10)
    refresh_lag("lagtest-c", {tp: 10}, {tp}, {})
    assert _lag("lagtest-c", tp) == 2
