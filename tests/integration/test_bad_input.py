"""Bad input against the running pipeline (real Kafka and Postgres): each case ends as a dead letter with a reason
(or, where the text can be read, as an article), and the stream goes on: a good article sent after it lands too.

One pipeline serves the whole module; each test sends its own input and a canary article of its own.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from schemas import RawArticle
from services.common.deadletters import dead_letter
from services.common.kafka import producer
from services.pipeline import run_stages
from services.producer.produce import produce
from tests.integration.conftest import Isolated
from tests.integration.corpus import make_corpus
from tests.integration.harness import Pipeline, http_get, pipeline, wait_for

RAW_SAMPLE = Path(__file__).parent / "data" / "raw_v1.json"


@pytest.fixture(scope="module")
def running(isolated_module: Isolated, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    with pipeline(isolated_module.env, tmp_path_factory.mktemp("logs")) as p:
        for var in ("NEWSSTREAM_WEB_PORT", "NEWSSTREAM_SINK_WEB_PORT"):
            port = int(isolated_module.env[var])
            wait_for(f"/ready on {port}", lambda port=port: http_get(port, "/ready")[0] == 200, timeout=180)
        yield p
        p.alive()


@pytest.fixture(scope="module")
def canaries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A pool of distinct good articles; each test takes one to show the stream goes on after its bad input."""
    folder = tmp_path_factory.mktemp("canaries")
    return iter(make_corpus(folder, 60))  # type: ignore[return-value]


def rows(iso: Isolated, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(iso.settings.database_url.get_secret_value()) as conn:
        return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]


def send_files(iso: Isolated, *paths: Path) -> None:
    asyncio.run(produce(iso.settings, list(paths), progress=False))


def letters_for(iso: Isolated, path: Path) -> list[tuple[Any, ...]]:
    return rows(
        iso,
        "SELECT stage, reason, error, payload, payload_ref FROM dead_letters WHERE source_path = %s",
        str(path),
    )


def expect_letter(iso: Isolated, path: Path, stage: str, reason: str) -> tuple[Any, ...]:
    found = wait_for(f"a {stage}/{reason} dead letter for {path.name}", lambda: letters_for(iso, path))
    print(f"{path.name}: dead letters {[(s, r, e[:120]) for s, r, e, *_ in found]}")
    assert [(s, r) for s, r, *_ in found] == [(stage, reason)]
    return found[0]


def expect_article(iso: Isolated, path: Path) -> tuple[Any, ...]:
    found = wait_for(
        f"the article of {path.name} in Postgres",
        lambda: rows(iso, "SELECT article_id, title, body FROM articles WHERE source_path = %s", str(path)),
    )
    return found[0]


def stream_goes_on(iso: Isolated, canaries: Iterator[Path], running: Pipeline) -> None:
    canary = next(canaries)
    send_files(iso, canary)
    expect_article(iso, canary)
    running.alive()


def one_file(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "feed"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


# --- files -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty_file"),
        ("blank.txt", b" \n\t\n  ", "empty_file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16, "binary_file"),
    ],
)
def test_empty_and_binary_files_are_dead_letters(
    isolated_module: Isolated, running: Pipeline, canaries: Iterator[Path], tmp_path: Path,
    name: str, data: bytes, reason: str,
) -> None:  # fmt: skip
    path = one_file(tmp_path, name, data)
    send_files(isolated_module, path)
    expect_letter(isolated_module, path, "producer", reason)
    stream_goes_on(isolated_module, canaries, running)


def test_a_50_mb_file_is_refused_by_the_size_limit_with_its_reason(
    isolated_module: Isolated, running: Pipeline, canaries: Iterator[Path], tmp_path: Path
) -> None:
    line = b"Officials met in Ankara on Monday to discuss the situation in Idlib.\n"
    path = one_file(tmp_path, "huge.txt", line * (50 * 2**20 // len(line) + 1))
    assert path.stat().st_size >= 50 * 2**20
    send_files(isolated_module, path)
    _, _, error, payload, ref = expect_letter(isolated_module, path, "producer", "too_large")
    assert f"over the limit of {isolated_module.settings.max_file_bytes}" in error
    assert payload is None and ref == str(path), "a big file is referenced by its path, not copied"
    stream_goes_on(isolated_module, canaries, running)


def article_with(tmp_path: Path, insert: bytes) -> bytes:
    """A corpus article (UTF-8, naming Erdoğan) with ``insert`` added inside the paragraph that names him: in the
    body, where the cleaner keeps it."""
    [*_, text] = make_corpus(tmp_path / "src", 4)
    lines = text.read_bytes().split(b"\n")
    at = max(i for i, line in enumerate(lines) if "Erdoğan".encode() in line)  # a body paragraph
    lines[at] += insert
    return b"\n".join(lines)


def test_invalid_utf8_keeps_the_valid_text(
    isolated_module: Isolated, running: Pipeline, canaries: Iterator[Path], tmp_path: Path
) -> None:
    data = article_with(tmp_path, b" Broken bytes \xff\xfe and a cut sequence \xe2\x82 end.")
    path = one_file(tmp_path, "invalid-utf8.txt", data)
    send_files(isolated_module, path)
    _, _, stored = expect_article(isolated_module, path)
    assert "Erdoğan" in stored and "ErdoÄŸan" not in stored, "the valid UTF-8 around the bad bytes is kept"
    assert "Broken bytes ÿþ and a cut sequence â‚ end." in stored
    assert letters_for(isolated_module, path) == []
    stream_goes_on(isolated_module, canaries, running)


def test_mixed_encodings_read_each_part_right(
    isolated_module: Isolated, running: Pipeline, canaries: Iterator[Path], tmp_path: Path
) -> None:
    data = article_with(tmp_path, " A naïve remark pasted from a Windows-1252 page: déjà vu.".encode("cp1252"))
    path = one_file(tmp_path, "mixed.txt", data)
    send_files(isolated_module, path)
    _, _, stored = expect_article(isolated_module, path)
    assert "Erdoğan" in stored and "A naïve remark pasted from a Windows-1252 page: déjà vu." in stored
    stream_goes_on(isolated_module, canaries, running)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "cookies.html",
            b"<!doctype html><html><head><title>Example News</title></head><body>"
            b'<div class="cookie-banner"><p>We use cookies to improve your experience. By continuing to browse the'
            b" site you agree to our use of cookies.</p><button>Accept all cookies</button>"
            b'<a href="/privacy">Privacy policy</a></div></body></html>',
        ),
        (
            "cookies.txt",
            b"We use cookies to improve your experience on our website. By continuing to browse, you agree to our"
            b" use of cookies.\n\nAccept all cookies\n\nManage preferences\n\nPrivacy policy\n",
        ),
    ],
)
def test_a_page_with_no_article_only_a_cookie_banner(
    isolated_module: Isolated, running: Pipeline, canaries: Iterator[Path], tmp_path: Path, name: str, data: bytes
) -> None:
    path = one_file(tmp_path, name, data)
    send_files(isolated_module, path)
    expect_letter(isolated_module, path, "cleaner", "no_article")
    assert rows(isolated_module, "SELECT 1 FROM articles WHERE source_path = %s", str(path)) == []
    stream_goes_on(isolated_module, canaries, running)


def test_extremely_long_lines(
    isolated_module: Isolated, running: Pipeline, canaries: Iterator[Path], tmp_path: Path
) -> None:
    paragraph = " ".join(line for line in next(canaries).read_text().splitlines()[4:] if line.strip())
    # A megabyte on one line: over the text limit, refused at once with its reason.
    giant_text = " ".join([paragraph] * (10**6 // len(paragraph) + 1))
    giant = one_file(tmp_path, "one-line-1mb.txt", ("Long line\n\n" + giant_text).encode())
    # Twenty thousand characters on one line: long, but an article; it lands.
    long_text = " ".join([paragraph] * (2 * 10**4 // len(paragraph) + 1))
    long = one_file(tmp_path, "one-line-20k.txt", ("A long line\n\n" + long_text).encode())
    assert len(giant.read_bytes()) > 10**6 and len(long.read_bytes()) > 2 * 10**4
    send_files(isolated_module, giant, long)
    _, _, error, _, _ = expect_letter(isolated_module, giant, "producer", "too_long")
    assert "longest line" in error and "NEWSSTREAM_MAX_TEXT_CHARS" in error
    _, _, body = expect_article(isolated_module, long)
    assert len(body) > 2 * 10**4
    stream_goes_on(isolated_module, canaries, running)


def test_a_symlink_pointing_outside_the_replay_folder_is_never_read(
    isolated_module: Isolated, running: Pipeline, canaries: Iterator[Path], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"TOP SECRET {uuid.uuid4().hex}: the launch codes.\n")
    folder = tmp_path / "feed"
    folder.mkdir()
    link = folder / "innocent.txt"
    link.symlink_to(secret)
    # A real article whose sidecar is a link outside: refused as well, its metadata never read.
    article = folder / "article.txt"
    article.write_bytes(next(canaries).read_bytes())
    (folder / "article.meta.json").symlink_to(tmp_path / "secret.txt")
    send_files(isolated_module, folder)
    for path in (link, article):
        _, _, error, payload, _ = expect_letter(isolated_module, path, "producer", "outside_root")
        assert payload is None and "outside" in error
    leaked = rows(
        isolated_module,
        "SELECT count(*) FROM dead_letters WHERE payload LIKE '%%TOP SECRET%%'"
        " UNION ALL SELECT count(*) FROM articles WHERE body LIKE '%%TOP SECRET%%'",
    )
    assert leaked == [(0,), (0,)]
    stream_goes_on(isolated_module, canaries, running)


# --- records on the topics ---------------------------------------------------------------------------------

# Who reads each topic, so who writes the dead letter of a record on it.
READERS = {
    "raw": ["cleaner"],
    "clean": ["enricher"],
    "enriched": ["extractor", "sink"],
    "events": ["sink"],
    "dead_letters": ["sink"],
}


@pytest.fixture(scope="module")
def samples() -> dict[str, dict[str, Any]]:
    """A valid record of each topic, as JSON data, made by the very stage functions."""
    from services.cleaner.clean import clean_article

    raw = RawArticle.model_validate_json(RAW_SAMPLE.read_text())
    enriched, events = run_stages(raw)
    assert events, "the sample article has events"
    letter = dead_letter(stage="producer", reason="empty_file", error="x", payload=b"", max_inline=10)
    return {
        "raw": raw.model_dump(mode="json"),
        "clean": clean_article(raw).model_dump(mode="json"),
        "enriched": enriched.model_dump(mode="json"),
        "events": events[0].model_dump(mode="json"),
        "dead_letters": letter.model_dump(mode="json"),
    }


def bad_record(kind: str, sample: dict[str, Any], marker: str) -> bytes:
    if kind == "not_json":
        return f"this is not JSON {marker} {{".encode()
    if kind == "fails_schema":
        return json.dumps({"schema_version": 1, "article_id": marker, "unexpected": [1, 2]}).encode()
    future = {**sample, "schema_version": 99}
    for key in ("article_id", "event_id", "dead_letter_id", "error"):
        if key in future:
            future[key] = marker
    return json.dumps(future).encode()


@pytest.mark.parametrize("topic", list(READERS))
@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("not_json", "decode_error"),
        ("fails_schema", "validation_error"),
        ("future_schema_version", "unsupported_schema_version"),
    ],
)
def test_a_bad_record_on_a_topic_is_a_dead_letter(
    isolated_module: Isolated,
    running: Pipeline,
    canaries: Iterator[Path],
    samples: dict[str, dict[str, Any]],
    topic: str,
    kind: str,
    reason: str,
) -> None:
    marker = f"m{uuid.uuid4().hex[:12]}"
    name = getattr(isolated_module.settings.topics, topic)

    async def send() -> None:
        kafka = producer(isolated_module.settings)
        await kafka.start()
        try:
            await kafka.send_and_wait(name, bad_record(kind, samples[topic], marker), key=marker.encode())
        finally:
            await kafka.stop()

    asyncio.run(send())
    sql = "SELECT stage, reason FROM dead_letters WHERE payload LIKE %s AND source_topic = %s ORDER BY 1"
    want = sorted((stage, reason) for stage in READERS[topic])
    found = wait_for(
        f"{want} for a {kind} record on {topic}",
        lambda: len(got := rows(isolated_module, sql, f"%{marker}%", name)) >= len(want) and got,
    )
    print(f"{kind} on {topic}: {found}")
    assert found == want
    stream_goes_on(isolated_module, canaries, running)


def test_the_module_left_no_article_half_written(isolated_module: Isolated, running: Pipeline) -> None:
    orphans = rows(
        isolated_module,
        "SELECT count(*) FROM article_entities e LEFT JOIN articles a USING (article_id) WHERE a IS NULL",
    )
    assert orphans == [(0,)]
