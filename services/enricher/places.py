"""Places named in the body, resolved to GeoNames entries (see ``gazetteer.py``) or to countries.

The gazetteer has ~235k places, and many English words name one somewhere ("Most", "Jordan" in Hong Kong), so
a capitalised word becomes a place only on evidence, weighed by how big the place is:

- big places (100k+ people) need nothing more, unless they stand alone in a country the text neither names nor
  places anything else in ("Palma" in a story from Mozambique is not Palma de Mallorca; world cities of 1M+ are
  always themselves);
- towns (15k+) need to lie in a country the article is about, or a locative cue ("in", "town of", "X province");
- villages (500+) need both.

Among places sharing a name, the one in a country the article is about wins (the higher that country ranks, the
better), then one whose country the same sentence names, then the most populous.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from schemas.records import Entity, Mention, Place
from services.common.alternation import longest_first
from services.enricher import gazetteer as gz
from services.enricher.countries import CountryMention, country_name
from services.enricher.entities import GEO_ADJ, ORG_HEADS, ROLE_WORDS
from services.enricher.text import FUNCTION_WORDS, MONTHS, WEEKDAYS, Token, fold, tokens

DATA = Path(__file__).resolve().parent / "data"
_CONNECTORS = frozenset(
    ["al", "el", "an", "ad", "as", "ash", "ar", "de", "del", "la", "le", "du", "di", "da", "des", "los", "las", "of"]
)
_PREFIXED = re.compile(r"^(?:al|el|ad|ash|as|at|ar|an|az)-[A-Z]")
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|around|toward|towards|across|inside|through|entered|captured|seized|"
    r"(?:town|city|cities|village|villages|province|region|district|area|outskirts|capital|countryside|suburb|"
    r"port|border|east|west|north|south|northeast|northwest|southeast|southwest)(?:\s+of)?)"
    r"(?:\s+(?:the|northern|southern|eastern|western|central|northwestern|northeastern|southwestern|southeastern|"
    r"strategic|key|besieged|rebel-held|nearby|town|city|village|capital|province|of))*\s+$",
    re.I,
)
_DESIGNATOR_AFTER = re.compile(
    r"^\s+(?P<word>province|governorate|region|district|state|oblast|county|city|town|village|area|countryside)\b",
    re.I,
)
WORLD_CITY = 1_000_000  # people: a city known without its country
_ADMIN_WORDS = frozenset({"province", "governorate", "region", "state", "oblast"})


@lru_cache(maxsize=1)
def _regions() -> tuple[dict[str, tuple[str, str | None, float, float]], re.Pattern[str]]:
    """``data/regions.tsv``: every written form -> (name, country, latitude, longitude), and their pattern."""
    forms: dict[str, tuple[str, str | None, float, float]] = {}
    with (DATA / "regions.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            value = (row["name"], row["country"] or None, float(row["latitude"]), float(row["longitude"]))
            for form in [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]:
                forms[form] = value
    alternation = longest_first(forms)
    return forms, re.compile(rf"\b(?:{alternation})\b")


@dataclass(slots=True)
class _Found:
    place: Place
    mentions: list[Mention] = field(default_factory=list)


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?\"“”'‘’[(:\n"


def _candidate_ok(tok: Token) -> bool:
    return tok.text[:1].isupper() or bool(_PREFIXED.match(tok.text))


def _score(p: gz.GeoPlace, iso3: str | None, ranked: list[str], sentence_countries: set[str]) -> float:
    s = math.log10(p.population + 10) / 2
    if iso3 in ranked:
        s += 3.0 + 2.0 / (1 + ranked.index(iso3))
    if iso3 in sentence_countries:
        s += 2.0
    return s


class _Reading:
    """The places found so far in one text, and which characters are already read."""

    def __init__(self, text: str, exclude: Iterable[tuple[int, int]]) -> None:
        self.text = text
        self.found: dict[tuple, _Found] = {}
        # One byte per character, set where a span is already read: an overlap test is one scan in C.
        self.taken = bytearray(len(text))
        for a, b in exclude:
            self.take(a, b)

    def take(self, a: int, b: int) -> None:
        a, b = max(a, 0), min(b, len(self.text))
        if b > a:
            self.taken[a:b] = b"\x01" * (b - a)

    def overlaps(self, a: int, b: int) -> bool:
        return self.taken.find(1, max(a, 0), max(b, 0)) != -1

    def add(self, key: tuple, place: Place, mention: Mention) -> None:
        self.found.setdefault(key, _Found(place)).mentions.append(mention)


def _countries_and_capitals(r: _Reading, country_mentions: list[CountryMention]) -> None:
    """Countries by name, and capitals (which are cities, even when they stand for a government)."""
    for cm in country_mentions:
        if cm.kind == "name":
            r.add(("country", cm.iso3), Place(name=country_name(cm.iso3), country=cm.iso3, precision="country"),
                  Mention(text=cm.text, start=cm.start, end=cm.end))  # fmt: skip
        elif cm.kind == "capital":
            best = next((p for p in gz.candidates(cm.text) if gz.iso3(p.iso2) == cm.iso3), None)
            if best is not None:
                r.add(("geo", best.geonameid), _place(best, cm.text, "city"),
                      Mention(text=cm.text, start=cm.start, end=cm.end))  # fmt: skip
        r.take(cm.start, cm.end)


def _named_regions(r: _Reading) -> None:
    """Named regions GeoNames' populated places lack ("Gaza Strip", "Eastern Ghouta")."""
    names, pattern = _regions()
    for m in pattern.finditer(r.text):
        if r.overlaps(m.start(), m.end()):
            continue
        name, iso3, lat, lon = names[m.group()]
        place = Place(name=m.group(), country=iso3, latitude=lat, longitude=lon, precision="region")
        r.add(("region", name), place, Mention(text=m.group(), start=m.start(), end=m.end()))
        r.take(m.start(), m.end())


@dataclass(frozen=True)
class _Context:
    article_countries: list[str]
    country_mentions: list[CountryMention]
    sentence_bounds: list[int]
    hints: frozenset[tuple[int, int]]


def _name_at(r: _Reading, toks: Sequence[Token], i: int, ctx: _Context) -> int:
    """The longest gazetteer name (up to four words) starting at token ``i``, added; the tokens it took, or 0."""
    text = r.text
    for n in range(min(4, len(toks) - i), 0, -1):
        span = toks[i : i + n]
        if any(text[a.end : b.start] != " " for a, b in itertools.pairwise(span)):
            continue
        if not _candidate_ok(span[-1]) or any(not _candidate_ok(t) and t.text not in _CONNECTORS for t in span):
            continue
        start = span[0].start
        name = re.sub(r"['’]s$", "", text[start : span[-1].end])
        end = start + len(name)
        if r.overlaps(start, end) or not _plausible_name(text, span, name):
            continue
        resolved = _resolve(text, start, end, name, ctx.article_countries, ctx.country_mentions,
                            ctx.sentence_bounds, (start, end) in ctx.hints)  # fmt: skip
        if resolved is None:
            continue
        key, place = resolved
        r.add(key, place, Mention(text=name, start=start, end=end))
        r.take(start, end)
        return n
    return 0


def find_places(
    text: str,
    country_mentions: list[CountryMention],
    article_countries: list[str],
    exclude: list[tuple[int, int]] = (),  # type: ignore[assignment]
    hints: frozenset[tuple[int, int]] = frozenset(),
) -> list[Place]:
    """Places with every mention; ``exclude`` holds spans already read as people, organisations or dates;
    ``hints`` the spans the statistical model calls places, which count as a locative cue."""
    r = _Reading(text, exclude)
    _countries_and_capitals(r, country_mentions)
    _named_regions(r)
    toks = tokens(text)
    sentence_bounds = [m.end() for m in re.finditer(r"[.!?][\"”’]?\s+", text)]
    ctx = _Context(article_countries, country_mentions, sentence_bounds, hints)
    i = 0
    while i < len(toks):
        tok = toks[i]
        taken = 0 if not _candidate_ok(tok) or r.overlaps(tok.start, tok.end) else _name_at(r, toks, i, ctx)
        i += taken or 1
    out: list[Place] = []
    for f in sorted(_coherent(r.found.values(), article_countries), key=lambda f: f.mentions[0].start):
        f.place.mentions = sorted(f.mentions, key=lambda m: m.start)
        out.append(f.place)
    return out


WORLD_CITY = 1_000_000  # people: a city known without its country


def _coherent(found: Iterable[_Found], ranked: list[str]) -> list[_Found]:
    """Drop a city that stands alone in a country the article neither names nor places anything else in, far from
    every other place of the article: the same name is then a town of the story's own country that GeoNames
    lacks. World cities stay."""
    found = list(found)
    where = Counter(f.place.country for f in found if f.place.country and f.place.precision != "country")
    kept: list[_Found] = []
    for f in found:
        p = f.place
        alone = p.precision == "city" and p.country not in ranked and where[p.country or ""] == 1 and len(where) > 1
        if alone and p.geonameid is not None:
            others = [o.place for o in found if o.place.country != p.country]
            if _far_from_all(p, others) and _population(p) < WORLD_CITY:
                continue
        kept.append(f)
    return kept


FAR_KM = 2500.0  # farther than this from every other place of the article, a lone city is another's namesake


def _far_from_all(p: Place, others: list[Place]) -> bool:
    if p.latitude is None or p.longitude is None:
        return False
    near = [_km(p.latitude, p.longitude, o.latitude, o.longitude) for o in others
            if o.latitude is not None and o.longitude is not None and o.precision != "country"]  # fmt: skip
    return bool(near) and min(near) > FAR_KM


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, on a 6,371 km sphere)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _population(place: Place) -> int:
    return next((c.population for c in gz.candidates(place.name) if c.geonameid == place.geonameid), 0)


def _plausible_name(text: str, span: Sequence[Token], name: str) -> bool:
    low = [t.text.lower().rstrip(".") for t in span]
    if len(span) == 1:
        w = low[0]
        if w in FUNCTION_WORDS or w in MONTHS or w in WEEKDAYS or w in ROLE_WORDS or w in ORG_HEADS or w in GEO_ADJ:
            return False
        # A sentence-initial word that the text also writes in lower case is an ordinary word ("Most", "Asked").
        if _is_sentence_start(text, span[0].start) and re.search(rf"\b{re.escape(w)}\b", text) is not None:
            return False
    return not (low[0] in FUNCTION_WORDS or any(w in ORG_HEADS for w in low))


def _place(p: gz.GeoPlace, name: str, precision: str) -> Place:
    return Place(
        name=name,
        country=gz.iso3(p.iso2),
        admin1=gz.admin1_name(p),
        latitude=p.latitude,
        longitude=p.longitude,
        precision=precision,  # type: ignore[arg-type]
        geonameid=p.geonameid,
    )


def _resolve(
    text: str,
    start: int,
    end: int,
    name: str,
    ranked: list[str],
    cms: list[CountryMention],
    sentence_bounds: list[int],
    hinted: bool = False,
) -> tuple[tuple, Place] | None:
    cands = gz.candidates(name)
    if not cands:
        return _division(name, ranked, text[end : end + 40])
    s_start = max((b for b in sentence_bounds if b <= start), default=0)
    s_end = min((b for b in sentence_bounds if b > end), default=len(text))
    sentence_countries = {cm.iso3 for cm in cms if s_start <= cm.start < s_end}
    before = text[max(0, start - 60) : start]
    after = text[end : end + 40]
    cue = (
        hinted
        or bool(_LOCATIVE_BEFORE.search(before))
        or bool(_DESIGNATOR_AFTER.match(after))
        or after.startswith(", ")
    )
    best, best_score = None, -1.0
    for p in cands[:50]:
        iso3 = gz.iso3(p.iso2)
        about = iso3 in ranked
        # A town in a country the text never names needs more than "in": "Solhan" in a story from Burkina Faso
        # is not the Turkish town of that name.
        outside_ok = cue and not ranked
        if p.population >= 100_000 or (p.population >= 15_000 and (about or outside_ok)) or (about and cue):
            sc = _score(p, iso3, ranked, sentence_countries)
            if sc > best_score:
                best, best_score = p, sc
    division = _division(name, ranked, after)
    if best is None or (division is not None and best.population < 15_000 and gz.iso3(best.iso2) not in ranked):
        return division
    designator = _DESIGNATOR_AFTER.match(after)
    if designator and designator.group("word").lower() in _ADMIN_WORDS:
        code = gz.admin1_code(best.iso2, name)
        if code is not None:
            place = _place(best, name, "admin1")
            place.admin1 = gz.admin1_name(best)
            place.geonameid = None  # the division, not its seat (whose coordinates it borrows)
            return ("admin1", best.iso2, code), place
    precision = "city" if best.population >= 15_000 else "village"
    return ("geo", best.geonameid), _place(best, name, precision)


def _division(name: str, ranked: list[str], after: str) -> tuple[tuple, Place] | None:
    """A first-level division named alone ("Cabo Delgado", "Nangarhar"): one in a country the article is about,
    or the only one of that name when a designator follows ("Zamfara State")."""
    found = gz.divisions(name)
    about = [(iso2, code) for iso2, code in found if gz.iso3(iso2) in ranked]
    if about:
        iso2, code = min(about, key=lambda d: ranked.index(gz.iso3(d[0]) or ""))
    elif len(found) == 1 and _DESIGNATOR_AFTER.match(after):
        iso2, code = found[0]
    else:
        return None
    place = Place(name=name, country=gz.iso3(iso2), admin1=gz.gazetteer().admin1_names.get((iso2, code)),
                  precision="admin1")  # fmt: skip
    return ("admin1", iso2, code), place


def looks_like_place(text: str, entity: Entity, ranked: list[str]) -> bool:
    """Whether a name read as a person or an organisation is a place the gazetteer knows, as the text uses it:
    a division or region of a country the article is about ("Cabo Delgado", "Mindanao"), or a named place with a
    locative cue or a designator at one of its mentions ("in Sinaloa", "Zamfara State")."""
    if entity.label not in ("PERSON", "ORG") or entity.source == "lexicon" or not entity.mentions:
        return False
    name = entity.mentions[0].text
    divisions = gz.divisions(name)
    if name in _regions()[0] or any(gz.iso3(iso2) in ranked for iso2, _ in divisions):
        return True
    if not divisions and not gz.candidates(name):
        return False
    return any(
        _LOCATIVE_BEFORE.search(text[max(0, m.start - 60) : m.start]) or _DESIGNATOR_AFTER.match(text, m.end)
        for m in entity.mentions
    )


def is_known_place(name: str, min_population: int = 15_000) -> bool:
    """Whether a multi-word name is a sizeable place ("New York"), so not to be read as a person."""
    if name in _regions()[0]:
        return True
    return any(p.population >= min_population for p in gz.candidates(name)) if fold(name) else False
