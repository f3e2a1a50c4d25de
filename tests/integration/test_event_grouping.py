"""One event per real event, and one story per story, whatever order the articles arrive in: the regression set's
articles (several report the same real events) replayed three times in shuffled orders through the real broker,
worker and sink, each into a database of its own, end in the same partitions of mentions into events and of
articles into stories."""

from __future__ import annotations

import asyncio
import json
import random
import shutil
from pathlib import Path

import psycopg

from services.demo import check_alive, running_pipeline, wait_drained
from services.evaluation.corpus import CORPORA, load_corpus_gold
from services.producer.produce import produce
from tests.integration.conftest import isolate
from tests.integration.services import Endpoints

REGRESSION = CORPORA / "regression"


def _feed(folder: Path) -> list[Path]:
    """The regression texts with their publication days beside them, as a feed's sidecars give them."""
    folder.mkdir()
    gold = load_corpus_gold(REGRESSION)["articles"]
    files = []
    for name, article in sorted(gold.items()):
        target = folder / name
        shutil.copy(REGRESSION / "texts" / name, target)
        (folder / f"{target.stem}.meta.json").write_text(json.dumps({"published_at": article["published"]}))
        files.append(target)
    return files


def _groups(rows: list[tuple[str, str]]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group, member in rows:
        out.setdefault(group, set()).add(member)
    return {frozenset(m) for m in out.values()}


def _grouping(url: str) -> tuple[set[frozenset[str]], set[frozenset[str]], int]:
    """(mentions by event, articles by story, events merged into another)."""
    with psycopg.connect(url) as conn:
        mentions = conn.execute("SELECT event_id, mention_id FROM event_mentions").fetchall()
        stories = conn.execute("SELECT story_id, article_id FROM articles").fetchall()
        merged = conn.execute("SELECT count(*) FROM events WHERE merged_into IS NOT NULL").fetchone()
    return _groups(mentions), _groups(stories), merged[0] if merged else 0


def test_three_shuffled_replays_give_the_same_events_and_stories(services_endpoints: Endpoints, tmp_path: Path) -> None:
    files = _feed(tmp_path / "feed")
    partitions, story_partitions = [], []
    for run in (1, 2, 3):
        order = files[:]
        random.Random(run).shuffle(order)
        with isolate(services_endpoints) as iso, running_pipeline(iso.env, tmp_path / f"logs{run}") as procs:
            asyncio.run(produce(iso.settings, order, progress=False))
            asyncio.run(wait_drained(iso.settings, timeout=300))
            check_alive(procs, tmp_path / f"logs{run}")
            events, stories, merges = _grouping(iso.settings.database_url.get_secret_value())
        mentions = sum(len(e) for e in events)
        print(f"replay {run}: first files {[p.name[:4] for p in order[:3]]}, mentions {mentions}, "
              f"events {len(events)}, events of several mentions {sum(len(e) > 1 for e in events)}, merges {merges}, "
              f"stories {len(stories)}, stories of several articles {sum(len(s) > 1 for s in stories)}")
        partitions.append(events)
        story_partitions.append(stories)
    assert partitions[0] == partitions[1] == partitions[2]
    assert story_partitions[0] == story_partitions[1] == story_partitions[2]
    assert any(len(s) > 1 for s in story_partitions[0])
    assert any(len(e) > 1 for e in partitions[0])  # real events told by several articles are one event each
