"""Synthetic but realistically shaped rows for the explorer's tables, to measure its queries at scale.

``load`` fills an already migrated schema (the connection's search_path) through COPY: articles from a few dozen
outlets over three years, events of PLOVER's types (skewed, as real news is, to ASSAULT and CONSULT) with their
mentions, each mention a sentence of the article it points to. Sentences draw words from a synthetic vocabulary
with Zipf frequencies, so a word search has both common and selective terms. Everything follows from ``seed``.

    python -c "from services.web.synthetic import prepare; print(prepare(URL))"   # migrate, then load
"""

from __future__ import annotations

import asyncio
import bisect
import datetime as dt
import itertools
import json
import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import psycopg

from schemas.explorer import PLOVER_TYPES
from services.sink.migrate import migrate
from services.sink.sql import copy_statement

FIRST_DAY = dt.date(2022, 1, 1)
DAYS = 3 * 365 + 1
OUTLETS = 60
PLACES = 500
VOCABULARY = 3000
EVENTS_PER_ARTICLE = 5  # 100,000 events come from 20,000 articles
UNDATED = 0.15
LOCATED = 0.80
MERGED = 0.03

# Shares of the types: hostile and diplomatic news dominate, as in GDELT and ACLED.
_SHARES = {
    "ASSAULT": 24, "CONSULT": 18, "ACCUSE": 7, "PROTEST": 7, "COERCE": 6, "THREATEN": 5, "SUPPORT": 5,
    "AGREE": 5, "COOPERATE": 4, "AID": 4, "REQUEST": 4, "MOBILIZE": 3, "REJECT": 3, "SANCTION": 2,
    "CONCEDE": 1.5, "RETREAT": 1.5,
}  # fmt: skip
TYPE_WEIGHTS = {kind: _SHARES[kind] for kind in PLOVER_TYPES}  # every type the explorer knows, none other
CAMEO_ROOTS = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "CONCEDE": "08", "COOPERATE": "06", "AID": "07",
    "RETREAT": "08", "REQUEST": "02", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
    "SANCTION": "16", "MOBILIZE": "15", "COERCE": "17", "ASSAULT": "19",
}  # fmt: skip
TRIGGERS = {
    "AGREE": ["agreed with", "signed a deal with"], "CONSULT": ["met", "held talks with", "spoke with"],
    "SUPPORT": ["praised", "welcomed", "endorsed"], "CONCEDE": ["released", "freed"],
    "COOPERATE": ["held joint exercises with", "cooperated with"], "AID": ["sent aid to", "delivered aid to"],
    "RETREAT": ["withdrew from", "pulled out of"], "REQUEST": ["urged", "called on", "appealed to"],
    "ACCUSE": ["accused", "condemned", "blamed"], "REJECT": ["rejected", "rebuffed"],
    "THREATEN": ["threatened", "warned"], "PROTEST": ["protested against", "rallied against"],
    "SANCTION": ["imposed sanctions on", "suspended ties with"], "MOBILIZE": ["deployed troops against"],
    "COERCE": ["arrested", "detained"], "ASSAULT": ["attacked", "shelled", "killed", "struck"],
}  # fmt: skip
MODES = {"ASSAULT": ["shelling", "airstrike", "small arms", "bombing"], "CONSULT": ["in person", "phone"]}
# Who acts, and the sector a party of that name is in.
ROLES = [
    ("government", "government"), ("army", "military"), ("forces", "military"), ("police", "government"),
    ("foreign ministry", "government"), ("president", "government"), ("rebels", "rebel"),
    ("protesters", "civilian"), ("officials", "government"), ("militants", "rebel"),
]  # fmt: skip
# ISO3, name, adjective, latitude, longitude, weight (how often the news names it).
COUNTRIES = [
    ("UKR", "Ukraine", "Ukrainian", 49.0, 32.0, 14), ("RUS", "Russia", "Russian", 55.7, 37.6, 13),
    ("ISR", "Israel", "Israeli", 31.5, 34.9, 10), ("PSE", "Palestine", "Palestinian", 31.9, 35.2, 9),
    ("USA", "United States", "American", 38.0, -97.0, 9), ("CHN", "China", "Chinese", 35.0, 103.0, 6),
    ("SYR", "Syria", "Syrian", 35.0, 38.0, 5), ("IRN", "Iran", "Iranian", 32.0, 53.0, 5),
    ("IRQ", "Iraq", "Iraqi", 33.0, 44.0, 4), ("YEM", "Yemen", "Yemeni", 15.5, 48.0, 4),
    ("SDN", "Sudan", "Sudanese", 15.0, 30.0, 4), ("LBN", "Lebanon", "Lebanese", 33.9, 35.8, 3),
    ("TUR", "Turkey", "Turkish", 39.0, 35.0, 3), ("EGY", "Egypt", "Egyptian", 27.0, 30.0, 2),
    ("SAU", "Saudi Arabia", "Saudi", 24.0, 45.0, 2), ("LBY", "Libya", "Libyan", 27.0, 17.0, 2),
    ("SSD", "South Sudan", "South Sudanese", 7.0, 30.0, 1), ("ETH", "Ethiopia", "Ethiopian", 9.0, 40.0, 2),
    ("SOM", "Somalia", "Somali", 5.0, 46.0, 2), ("KEN", "Kenya", "Kenyan", 0.0, 38.0, 1),
    ("NGA", "Nigeria", "Nigerian", 9.0, 8.0, 2), ("MLI", "Mali", "Malian", 17.0, -4.0, 1),
    ("NER", "Niger", "Nigerien", 17.0, 8.0, 1), ("COD", "DR Congo", "Congolese", -2.0, 23.0, 2),
    ("AFG", "Afghanistan", "Afghan", 33.0, 65.0, 2), ("PAK", "Pakistan", "Pakistani", 30.0, 70.0, 2),
    ("IND", "India", "Indian", 21.0, 78.0, 2), ("TWN", "Taiwan", "Taiwanese", 23.7, 121.0, 1),
    ("PRK", "North Korea", "North Korean", 40.0, 127.0, 1), ("KOR", "South Korea", "South Korean", 36.0, 128.0, 1),
    ("JPN", "Japan", "Japanese", 36.0, 138.0, 1), ("MMR", "Myanmar", "Myanmar", 21.0, 96.0, 2),
    ("PHL", "Philippines", "Philippine", 13.0, 122.0, 1), ("MEX", "Mexico", "Mexican", 23.0, -102.0, 1),
    ("COL", "Colombia", "Colombian", 4.0, -72.0, 1), ("VEN", "Venezuela", "Venezuelan", 7.0, -66.0, 1),
    ("BRA", "Brazil", "Brazilian", -10.0, -55.0, 1), ("GBR", "United Kingdom", "British", 54.0, -2.0, 2),
    ("FRA", "France", "French", 46.0, 2.0, 2), ("DEU", "Germany", "German", 51.0, 10.0, 2),
]  # fmt: skip
SECTIONS = ["World", "Europe", "Middle East", "Africa", "Asia", "Americas", "Politics"]
_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr", "sh"]
_NUCLEI = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
_CODAS = ["", "", "", "n", "r", "s", "l", "m", "th"]

ARTICLE_COLUMNS = (
    "article_id", "source_path", "title", "source", "section", "dateline_place", "published_at", "published_date",
    "url", "standfirst", "body", "word_count", "language", "countries", "story_id", "removed", "first_seen",
)  # fmt: skip
EVENT_COLUMNS = (
    "event_id", "type", "mode", "cameo_root", "actor_countries", "recipient_countries", "date", "location_name",
    "location_country", "latitude", "longitude", "fatalities", "fatalities_low", "fatalities_high", "first_reported",
    "num_mentions", "num_articles", "num_sources", "merged_into", "first_seen",
)  # fmt: skip
MENTION_COLUMNS = (
    "mention_id", "event_id", "article_id", "type", "mode", "cameo_root", "actors", "recipients", "actor_countries",
    "recipient_countries", "date", "date_precision", "location_name", "location_country", "location_admin1",
    "latitude", "longitude", "fatalities", "fatalities_qualifier", "injured", "modality", "historical", "sentence",
    "sentence_start", "sentence_end", "trigger", "confidence", "reported_on", "sources",
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    admin1: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class World:
    """The names rows are made of; the benchmark draws its filters from the same."""

    outlets: list[str]
    outlet_weights: list[float]
    places: list[Place]
    vocabulary: list[str]  # by rank: the first words are the most frequent
    vocabulary_cum: list[float]  # cumulative Zipf weights of the vocabulary


def _word(rnd: random.Random, syllables: int) -> str:
    return "".join(rnd.choice(_ONSETS) + rnd.choice(_NUCLEI) for _ in range(syllables)) + rnd.choice(_CODAS)


def world(seed: int = 7) -> World:
    rnd = random.Random(f"world-{seed}")
    taken = {c[1].lower() for c in COUNTRIES} | {c[2].lower() for c in COUNTRIES}
    vocabulary: list[str] = []
    while len(vocabulary) < VOCABULARY:
        word = _word(rnd, rnd.choice((2, 2, 3, 3, 4)))
        if word not in taken:
            taken.add(word)
            vocabulary.append(word)
    places: list[Place] = []
    country_weights = [c[5] for c in COUNTRIES]
    while len(places) < PLACES:
        name = _word(rnd, rnd.choice((2, 3))).capitalize()
        if name.lower() in taken:
            continue
        taken.add(name.lower())
        code, _, _, lat, lon, _ = rnd.choices(COUNTRIES, weights=country_weights)[0]
        admin1 = f"{_word(rnd, 2).capitalize()} Province"
        places.append(Place(name, code, admin1, round(lat + rnd.gauss(0, 1.5), 4), round(lon + rnd.gauss(0, 2), 4)))
    return World(
        outlets=[f"Outlet {i:02d}" for i in range(1, OUTLETS + 1)],
        outlet_weights=[1 / (i**0.9) for i in range(1, OUTLETS + 1)],  # a few big outlets, a long tail
        places=places,
        vocabulary=vocabulary,
        vocabulary_cum=list(itertools.accumulate(1 / r for r in range(1, VOCABULARY + 1))),  # Zipf, s = 1
    )


def _hex(rnd: random.Random) -> str:
    # The shape of the pipeline's ids (the first 16 hex digits of a SHA-256).
    return f"{rnd.getrandbits(64):016x}"


@dataclass
class _Article:
    article_id: str
    outlet: int
    day: dt.date
    mentions: list[int] = field(default_factory=list)


@dataclass
class _Event:
    event_id: str
    type: str
    actors: list[str]
    recipients: list[str]
    date: dt.date | None
    place: Place | None
    fatalities: int | None
    mentions: list[int] = field(default_factory=list)
    merged_into: str | None = None


@dataclass
class _Mention:
    mention_id: str
    event: int
    article: int
    sentence: str = ""
    start: int = 0
    trigger: str = ""
    fatalities: int | None = None
    dated: bool = True
    actors: list[dict[str, Any]] = field(default_factory=list)
    recipients: list[dict[str, Any]] = field(default_factory=list)


class _Maker:
    """Builds the rows in memory (a few hundred MB at most for 100,000 events), then they are copied."""

    def __init__(self, events: int, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.world = world(seed)
        self.n_events = events
        self.articles: list[_Article] = []
        self.events: list[_Event] = []
        self.mentions: list[_Mention] = []
        self.by_country: dict[str, list[Place]] = {}
        for place in self.world.places:
            self.by_country.setdefault(place.country, []).append(place)
        self.country_cum = list(itertools.accumulate(c[5] for c in COUNTRIES))
        self.adjectives = {c[0]: c[2] for c in COUNTRIES}
        # The sentences' words drawn all at once (numpy), then handed out in turn: drawing them one call at a time
        # was most of the load's time.
        zipf = np.diff(np.asarray([0.0, *self.world.vocabulary_cum]))
        self.pool = np.asarray(self.world.vocabulary, dtype=object)[
            np.random.default_rng(seed).choice(VOCABULARY, size=40 * events + 1000, p=zipf / zipf.sum())
        ].tolist()
        self.taken = 0

    def words(self, k: int) -> list[str]:
        if self.taken + k > len(self.pool):
            self.taken = 0  # a larger load than the pool reuses it: still Zipf, only less varied
        self.taken += k
        return self.pool[self.taken - k : self.taken]

    def make_articles(self) -> None:
        rnd, n = self.rnd, max(1, self.n_events // EVENTS_PER_ARTICLE)
        outlets = rnd.choices(range(OUTLETS), weights=self.world.outlet_weights, k=n)
        # More news later in the period, as sources are added: a day drawn from a slightly rising density.
        days = sorted(int(DAYS * rnd.random() ** 0.85) for _ in range(n))
        self.articles = [
            _Article(_hex(rnd), o, FIRST_DAY + dt.timedelta(days=d)) for o, d in zip(outlets, days, strict=True)
        ]
        self.article_days = [a.day for a in self.articles]

    def _sides(self) -> tuple[list[str], list[str]]:
        rnd = self.rnd
        codes = [c[0] for c in rnd.choices(COUNTRIES, cum_weights=self.country_cum, k=4)]
        actors = codes[:2] if rnd.random() < 0.1 else codes[:1]
        others = [c for c in codes[2:] if c not in actors]
        recipients = [] if rnd.random() < 0.2 else others[: 2 if rnd.random() < 0.05 else 1]
        return actors, recipients

    def _place(self, countries: list[str]) -> Place | None:
        rnd = self.rnd
        if rnd.random() >= LOCATED:
            return None
        near = [p for c in countries for p in self.by_country.get(c, [])]
        return rnd.choice(near) if near and rnd.random() < 0.7 else rnd.choice(self.world.places)

    def _mention_count(self) -> int:
        return self.rnd.choices((1, 2, 3, 4, 5, 8, 15), weights=(72, 16, 6, 3, 1.5, 1, 0.5))[0]

    def _reporting_articles(self, n: int) -> list[int]:
        """An article that first reported the event, then others within four days of it."""
        rnd = self.rnd
        first = rnd.randrange(len(self.articles))
        day = self.articles[first].day
        lo = bisect.bisect_left(self.article_days, day)
        hi = bisect.bisect_right(self.article_days, day + dt.timedelta(days=4))
        return [first] + [rnd.randrange(lo, hi) for _ in range(n - 1)]

    def make_events(self) -> None:
        rnd = self.rnd
        types = list(TYPE_WEIGHTS)
        kinds = rnd.choices(types, weights=list(TYPE_WEIGHTS.values()), k=self.n_events)
        merged = set(rnd.sample(range(self.n_events), int(self.n_events * MERGED)))
        for i, kind in enumerate(kinds):
            actors, recipients = self._sides()
            ev = _Event(_hex(rnd), kind, actors, recipients, None, self._place(actors + recipients), None)
            ev.fatalities = self._toll(kind)
            reporting = self._reporting_articles(1 if i in merged else self._mention_count())
            if rnd.random() >= UNDATED:
                ev.date = self.articles[reporting[0]].day - dt.timedelta(days=rnd.choice((0, 0, 0, 1, 1, 2)))
            # What merged keeps its row, its mentions now the other event's: it has none left.
            if i not in merged:
                for article in reporting:
                    self._add_mention(len(self.events), ev, article)
            self.events.append(ev)
        kept = [e.event_id for j, e in enumerate(self.events) if j not in merged]
        for j in merged:
            self.events[j].merged_into = rnd.choice(kept)

    def _toll(self, kind: str) -> int | None:
        rnd = self.rnd
        if kind == "ASSAULT" and rnd.random() < 0.65:
            return min(int(rnd.paretovariate(1.3) * 2) - 1, 2000)  # mostly a few, now and then hundreds
        if kind in ("COERCE", "MOBILIZE") and rnd.random() < 0.08:
            return 1 + int(rnd.expovariate(0.5))
        return None

    def _party(self, country: str) -> dict[str, Any]:
        role, sector = self.rnd.choice(ROLES)
        return {"name": f"{self.adjectives[country]} {role}", "country": country, "sector": sector}

    def _add_mention(self, event_index: int, ev: _Event, article: int) -> None:
        rnd = self.rnd
        m = _Mention(_hex(rnd), event_index, article, trigger=rnd.choice(TRIGGERS[ev.type]))
        m.actors = [self._party(c) for c in ev.actors]
        m.recipients = [self._party(c) for c in ev.recipients]
        # The first mention carries the event's day (it is what the event's date was taken from); later ones
        # sometimes say no day.
        m.dated = ev.date is not None and (not ev.mentions or rnd.random() < 0.9)
        if ev.fatalities is not None and (not ev.mentions or rnd.random() < 0.8):
            m.fatalities = max(0, ev.fatalities + rnd.choice((0, 0, 0, 1, 2, -1)) * max(1, ev.fatalities // 5))
        m.sentence = self._sentence(ev, m)
        ev.mentions.append(len(self.mentions))
        self.articles[article].mentions.append(len(self.mentions))
        self.mentions.append(m)

    def _sentence(self, ev: _Event, m: _Mention) -> str:
        rnd = self.rnd
        actor = " and ".join(p["name"] for p in m.actors) or "Unidentified gunmen"
        recipient = " and ".join(p["name"] for p in m.recipients) or "civilians"
        words = [actor[0].upper() + actor[1:], m.trigger, recipient]
        if ev.place is not None:
            words += ["in", ev.place.name]
        words += self.words(rnd.randint(8, 16))
        if m.fatalities:
            words += ["killing", str(m.fatalities), "people"]
        return " ".join(words) + "."

    def filler(self) -> str:
        words = self.words(self.rnd.randint(10, 22))
        return " ".join(words).capitalize() + "."


def _bodies(maker: _Maker) -> list[tuple[Any, ...]]:
    """The articles' rows: each body holds its mentions' sentences (their offsets set here) between others."""
    rnd, wld, rows = maker.rnd, maker.world, []
    for a in maker.articles:
        parts: list[str] = []
        length = 0
        for k, mi in enumerate([-1, *a.mentions, -1]):
            text = maker.filler() if mi < 0 else maker.mentions[mi].sentence
            if parts:
                length += 2 if k % 3 == 0 else 1  # a paragraph break now and then
                parts.append("\n\n" if k % 3 == 0 else " ")
            if mi >= 0:
                maker.mentions[mi].start = length
            parts.append(text)
            length += len(text)
        body = "".join(parts)
        outlet = wld.outlets[a.outlet]
        countries = sorted({c for mi in a.mentions for c in maker.events[maker.mentions[mi].event].actors})
        title = " ".join(maker.words(rnd.randint(5, 9))).capitalize()
        published = dt.datetime.combine(a.day, dt.time(rnd.randrange(24), rnd.randrange(60)), dt.UTC)
        slug = "-".join(title.lower().split()[:5])
        rows.append((
            a.article_id, f"synthetic/outlet-{a.outlet + 1:02d}/{a.article_id}.txt", title, outlet,
            rnd.choice(SECTIONS), rnd.choice(wld.places).name, published.isoformat(), a.day,
            f"https://outlet{a.outlet + 1:02d}.example/{a.day:%Y/%m/%d}/{slug}", json.dumps([maker.filler()]), body,
            len(body.split()), "en", countries, f"{a.day:%Y%m%d}{rnd.randrange(8):x}{a.outlet:02x}",
            json.dumps([{"kind": "promo", "text": "Sign up for our newsletter", "line": 2}] if rnd.random() < 0.3
                       else []),
            published + dt.timedelta(minutes=rnd.randrange(5, 180)),
        ))  # fmt: skip
    return rows


def _event_rows(maker: _Maker) -> list[tuple[Any, ...]]:
    rows = []
    for ev in maker.events:
        ms = [maker.mentions[i] for i in ev.mentions]
        arts = {m.article for m in ms}
        tolls = [m.fatalities for m in ms if m.fatalities is not None]
        days = [maker.articles[m.article].day for m in ms]
        first = min(days) if days else ev.date
        place = ev.place
        rows.append((
            ev.event_id, ev.type, _mode(maker.rnd, ev.type), CAMEO_ROOTS[ev.type], ev.actors, ev.recipients, ev.date,
            place and place.name, place and place.country, place and place.latitude, place and place.longitude,
            min(tolls) if tolls else None, min(tolls) if tolls else None, max(tolls) if tolls else None, first,
            len(ms), len(arts), len({maker.articles[a].outlet for a in arts}), ev.merged_into,
            dt.datetime.combine(first or FIRST_DAY, dt.time(12), dt.UTC),
        ))  # fmt: skip
    return rows


def _mode(rnd: random.Random, kind: str) -> str | None:
    modes = MODES.get(kind)
    return rnd.choice(modes) if modes else None


def _mention_rows(maker: _Maker) -> list[tuple[Any, ...]]:
    rnd, rows = maker.rnd, []
    for m in maker.mentions:
        ev = maker.events[m.event]
        place = ev.place
        sources = [{"name": "officials", "country": ev.actors[0]}] if rnd.random() < 0.25 else []
        rows.append((
            m.mention_id, ev.event_id, maker.articles[m.article].article_id, ev.type, _mode(rnd, ev.type),
            CAMEO_ROOTS[ev.type], json.dumps(m.actors), json.dumps(m.recipients), ev.actors, ev.recipients,
            ev.date if m.dated else None, "day" if m.dated else "unknown",
            place and place.name, place and place.country, place and place.admin1, place and place.latitude,
            place and place.longitude, m.fatalities, "at least" if m.fatalities and rnd.random() < 0.3 else None,
            rnd.choice((None, None, None, 2, 5, 12)) if ev.type == "ASSAULT" else None,
            rnd.choices(("happened", "planned", "failed", "denied"), weights=(90, 5, 3, 2))[0], rnd.random() < 0.02,
            m.sentence, m.start, m.start + len(m.sentence), m.trigger, round(rnd.uniform(0.45, 0.99), 3),
            maker.articles[m.article].day, json.dumps(sources),
        ))  # fmt: skip
    return rows


def _copy(conn: psycopg.Connection[Any], table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    with conn.cursor() as cur, cur.copy(copy_statement(table, columns)) as copy:
        for row in rows:
            copy.write_row(row)


def load(conn: psycopg.Connection[Any], *, events: int = 100_000, seed: int = 7) -> dict[str, int]:
    """Fills the (migrated, empty) tables of the connection's schema, commits, then VACUUM ANALYZE (as autovacuum
    would after a large load: the planner's statistics and the visibility map). Returns the rows per table."""
    maker = _Maker(events, seed)
    maker.make_articles()
    maker.make_events()
    articles = _bodies(maker)  # sets the mentions' offsets: before their rows
    with conn.transaction():
        _copy(conn, "articles", ARTICLE_COLUMNS, articles)
        _copy(conn, "events", EVENT_COLUMNS, _event_rows(maker))
        _copy(conn, "event_mentions", MENTION_COLUMNS, _mention_rows(maker))
    conn.commit()
    was, conn.autocommit = conn.autocommit, True
    try:
        conn.execute("VACUUM (ANALYZE) articles, events, event_mentions")
    finally:
        conn.autocommit = was
    return {
        "articles": len(maker.articles),
        "events": len(maker.events),
        "merged_events": sum(1 for e in maker.events if e.merged_into),
        "event_mentions": len(maker.mentions),
    }


async def _migrate(database_url: str) -> list[str]:
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        return await migrate(conn)


def migrate_schema(database_url: str) -> list[str]:
    """The sink's migrations on ``database_url``'s schema (its search_path); the names applied now."""
    return asyncio.run(_migrate(database_url))


def prepare(database_url: str, *, events: int = 100_000, seed: int = 7) -> dict[str, int]:
    """A fresh schema migrated and loaded."""
    migrate_schema(database_url)
    with psycopg.connect(database_url) as conn:
        return load(conn, events=events, seed=seed)
