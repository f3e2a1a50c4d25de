"""The whole pipeline on a real broker and a real database: seeds in, rows out, bad input to the dead letters."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import psycopg

from schemas import RawArticle
from services.common.kafka import producer
from services.demo import check_alive, running_pipeline, wait_drained
from services.evaluation import load_gold
from services.producer.produce import produce
from services.sink.summary import counts
from tests.integration.conftest import REPO, Isolated

SEEDS = REPO / "seeds"
RAW_SAMPLE = Path(__file__).parent / "data" / "raw_v1.json"


def row_counts(url: str) -> dict[str, int]:
    async def go() -> dict[str, int]:
        async with await psycopg.AsyncConnection.connect(url) as conn:
            return await counts(conn)

    return asyncio.run(go())


def query(url: str, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()  # type: ignore[arg-type]


def replay(iso: Isolated, folder: Path) -> None:
    async def go() -> None:
        await produce(iso.settings, [folder], progress=False)
        await wait_drained(iso.settings, timeout=240)

    asyncio.run(go())


def test_seeds_land_in_postgres_and_a_replay_changes_nothing(
    isolated: Isolated, tmp_path: Path, shared_gold: Path
) -> None:
    url = isolated.settings.database_url.get_secret_value()
    with running_pipeline(isolated.env, tmp_path / "logs") as procs:
        replay(isolated, SEEDS)
        check_alive(procs, tmp_path / "logs")
        first = row_counts(url)
        replay(isolated, SEEDS)
        check_alive(procs, tmp_path / "logs")
        second = row_counts(url)
    print("rows after first replay:", first, "after second:", second)
    assert first["articles"] == len(list(SEEDS.glob("*.txt")))
    assert first["event_mentions"] >= 5 and first["entities"] >= 5
    assert 0 < first["events"] < first["event_mentions"]
    assert first["dead_letters"] == 0
    assert second == first
    gold = load_gold(shared_gold, seeds_dir=SEEDS)["articles"]
    rows = query(url, "SELECT source_path, title, published_date::text FROM articles")
    landed = {Path(p).name: (title, day) for p, title, day in rows}
    for name, article in gold.items():  # titles and publication days as the gold reads them
        assert landed[name] == (article["title"], str(article["published"])[:10]), name
    orphans = query(
        url, "SELECT count(*) FROM event_mentions m LEFT JOIN articles a USING (article_id) WHERE a IS NULL"
    )
    assert orphans == [(0,)]
    assert query(url, "SELECT count(*) FROM event_mentions WHERE event_id IS NULL") == [(0,)]
    # The attack of Feb. 3 is reported by three seeds: one dates it, two say "earlier this week" and "last week".
    attack = query(
        url,
        "SELECT num_articles FROM events"
        " WHERE type = 'ASSAULT' AND date = '2020-02-03' AND 'TUR' = ANY(recipient_countries)",
    )
    print("Feb. 3 attack, articles reporting it:", attack)
    assert attack and attack[0][0] >= 3, attack


def test_bad_input_goes_to_dead_letters_and_the_stream_goes_on(isolated: Isolated, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("00[01]_*")):
        shutil.copy(seed, folder / seed.name)
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    url = isolated.settings.database_url.get_secret_value()
    topics = isolated.settings.topics

    async def send_bad_records() -> None:
        kafka = producer(isolated.settings)
        await kafka.start()
        try:
            await kafka.send_and_wait(topics.raw, b'{"schema_version": 1, "article_id": "x"}', key=b"x")
            await kafka.send_and_wait(topics.raw, b"this is not json", key=b"y")
            # A valid record but for its version: what a newer producer would write.
            future = RawArticle.model_validate_json(RAW_SAMPLE.read_text()).model_dump(mode="json")
            future["schema_version"] = 99
            await kafka.send_and_wait(topics.raw, json.dumps(future).encode(), key=b"z")
        finally:
            await kafka.stop()

    with running_pipeline(isolated.env, tmp_path / "logs") as procs:
        asyncio.run(send_bad_records())
        replay(isolated, folder)
        check_alive(procs, tmp_path / "logs")
    letters = sorted(query(url, "SELECT stage, reason FROM dead_letters"))
    print("dead letters:", letters)
    assert letters == sorted(
        [
            ("producer", "binary_file"),
            ("producer", "empty_file"),
            ("cleaner", "validation_error"),
            ("cleaner", "decode_error"),
            ("cleaner", "unsupported_schema_version"),
        ]
    )
    assert query(url, "SELECT count(*) FROM articles") == [(2,)]
    (payload,) = query(url, "SELECT payload FROM dead_letters WHERE reason = 'decode_error'")[0]
    assert payload == "this is not json"
