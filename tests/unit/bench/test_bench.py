"""The benchmark's pure parts: corpus generation, percentiles, target checks; and the extractor's POS answers
(which replaced running the model's attribute ruler) against the ruler itself."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from services.bench.__main__ import check_targets, spread
from services.bench.corpus import Source, compose, make_corpus, vary
from services.bench.e2e import RunResult, percentile

POOL = [
    Source(
        f"s{k}",
        f"Title {k} of the test pool",
        tuple(
            f"Paragraph {j} of source {k}: officials said on Monday that {j + 3} people met in March 2019 "
            f"to discuss the matter with John Smith and others at length."
            for j in range(8)
        ),
    )
    for k in range(4)
]


def test_percentile_interpolates_like_numpy() -> None:
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert percentile(values, 50) == 3.0
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == pytest.approx(4.8)
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)


def test_compose_is_deterministic_and_distinct() -> None:
    a = [compose(i, POOL) for i in range(40)]
    b = [compose(i, POOL) for i in range(40)]
    assert a == b
    assert len({text for text, _ in a}) == 40
    for text, meta in a:
        assert {"published_at", "url", "outlet"} <= set(meta)
        assert len(text.split()) >= 60


def test_make_corpus_writes_sidecars_and_reuses(tmp_path: Path) -> None:
    paths = make_corpus(tmp_path, 12, pool=POOL)
    assert len(paths) == 12 and all(p.is_file() for p in paths)
    assert all(p.with_name(p.stem + ".meta.json").is_file() for p in paths)
    before = [p.read_text() for p in paths]
    again = make_corpus(tmp_path, 12, pool=POOL)
    assert [p.read_text() for p in again] == before


def test_vary_changes_names_numbers_and_days() -> None:
    rng = random.Random(1)
    text = "John Smith said on Monday that 1,200 people fled in March 2019."
    out = vary(text, rng, {"Smith": "Jones"}, {"year": 2, "day": 1, "month": 1, "num": 3})
    assert "Jones" in out and "Smith" not in out
    assert "Tuesday" in out and "April 2021" in out
    assert "1,200" not in out


def test_spread_and_targets() -> None:
    assert spread(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert spread([1, 2], 5) == [1, 2]
    t = check_targets({"two_vs_one_worker": 1.8, "p99_latency_s": 1.2, "worker_rss_mb": 500.0})
    assert t["two_vs_one_worker"]["met"] and not t["p99_latency_s"]["met"] and t["worker_rss_mb"]["met"]
    assert "e2e_vs_slowest_stage" not in t


def test_pos_of_matches_the_attribute_ruler() -> None:
    from services.enricher.nlp import load_nlp, parse_spans
    from services.extractor.pos import _rules

    nlp = load_nlp()
    assert "attribute_ruler" not in nlp.pipe_names  # disabled: not run on every article
    rules = _rules()
    assert rules is not None and rules.exact
    text = (
        "There were 12 soldiers killed, and that was not the end of it. Turkey's army has struck back; "
        "officials who didn't want to be named said the talks would resume.\n\nAll of this began in 2011."
    )
    doc = parse_spans(text, [(0, len(text))])
    ours = [rules.pos(t) for t in doc]
    reference = nlp.get_pipe("attribute_ruler")(nlp(text))
    assert ours == [t.pos_ for t in reference]
    assert [t.dep_ for t in doc] == [t.dep_ for t in reference]


def test_cpu_spent_is_the_difference_per_group_and_counts_new_processes_from_zero() -> None:
    from services.bench.cpu import spent

    before = {1: ("worker", 10.0), 2: ("sink", 1.0)}
    after = {1: ("worker", 12.5), 2: ("sink", 1.5), 3: ("kafka", 0.75)}
    assert spent(before, after) == {"kafka": 0.75, "sink": 0.5, "worker": 2.5}


def test_cpu_snapshot_sees_this_process_and_a_child_under_its_role() -> None:
    import subprocess
    import sys

    from services.bench.cpu import snapshot

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    try:
        snap = snapshot({child.pid: "worker"})
        assert snap[child.pid][0] == "worker"
        assert any(group == "bench" for group, _ in snap.values())
    finally:
        child.kill()
        child.wait()


def test_steady_rate_leaves_out_the_first_and_last_tenth() -> None:
    # A slow start (10 rows over 10 s), then 1 row every 0.1 s.
    landed = [float(i) for i in range(10)] + [10.0 + 0.1 * i for i in range(90)]
    r = RunResult("x", 1, 100, 1000, None, seconds=19.0, rows=100, landed=landed)
    assert r.articles_per_s == pytest.approx(100 / 19.0)
    assert r.steady_articles_per_s == pytest.approx(80 / (landed[90] - landed[10]))
    assert RunResult("x", 1, 5, 50, None, landed=[1.0] * 5).steady_articles_per_s == 0.0


def test_stage_rate_times_the_stage_asked_for() -> None:
    from services.bench.stages import stage_rate
    from tests.unit.cleaner.helpers import make_raw

    seeds = sorted((Path(__file__).parents[3] / "seeds").glob("*.txt"))[:2]
    raws = [make_raw(p.read_text(encoding="utf-8")) for p in seeds]
    for stage in ("cleaner", "enricher", "extractor"):
        rate = stage_rate(stage, raws)
        assert rate.articles == 2 and rate.words > 100 and rate.seconds > 0
