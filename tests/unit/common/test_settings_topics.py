"""``TopicNames.stage_io``: each stage reads what the one before it writes, under the configured names."""

from __future__ import annotations

import itertools

import pytest

from services.app import STAGES
from services.common.settings import TopicNames


def test_each_stage_reads_what_the_previous_one_writes() -> None:
    t = TopicNames()
    chain = [t.stage_io(stage) for stage in STAGES]
    assert chain[0][0] == t.raw and chain[-1][1] == t.events
    for (_, written), (read, _) in itertools.pairwise(chain):
        assert written == read


def test_stage_io_follows_renamed_topics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSTREAM_TOPIC_CLEAN", "clean.custom")
    t = TopicNames()
    assert t.stage_io("cleaner") == (t.raw, "clean.custom")
    assert t.stage_io("enricher")[0] == "clean.custom"


def test_stage_io_names_the_stages_it_knows() -> None:
    with pytest.raises(ValueError, match="cleaner"):
        TopicNames().stage_io("sink")
