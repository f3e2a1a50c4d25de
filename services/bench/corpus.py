"""The benchmark's corpus: a few thousand distinct articles of realistic length, made deterministically.

Paragraphs come from the seeds' bodies and from the English ground-truth texts of the real pages that
``services.evaluation.pages`` caches (news, features, tech, health; 25 pages, ~40,000 words). Each article has:

- a lead source (one seed or one page) whose consecutive paragraphs carry most of the article, and one to three
  paragraphs borrowed from other sources, so no two articles share their text (no article is another's copy: the
  near-duplicate index gains nothing);
- a target length drawn from a long-tailed distribution (median ~560 words, 120 to 2,400);
- its names, numbers, weekdays, months and years varied (a per-article mapping), so even a shared paragraph reads
  differently from one article to the next;
- a header (title, standfirst, outlet line) and page chrome the cleaner must remove (navigation, a "Most popular"
  block of other articles' titles, a cookie banner, a footer), in one of a few layouts;
- a sidecar ``NAME.meta.json`` with ``published_at``, ``url`` and ``outlet``.

The same ``n`` (and ``seed``) always gives the same files. Without the pages (no cache, offline), the seeds alone
are used, with a warning: fewer sources, less variety.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
OUTLETS = (
    "Daily Ledger", "The Morning Wire", "Metro Courier", "Global Dispatch", "Evening Standard-Post",
    "The Northern Herald", "Capital Times", "Harbour Gazette", "Frontier Review", "The Civic Record",
)  # fmt: skip
# Names varied across articles: a surname (or first name) in a source becomes one of its alternatives.
NAME_SWAPS = {
    "Cavusoglu": ("Karaman", "Yilmaz", "Demir", "Aydin"),
    "Lavrov": ("Petrov", "Sokolov", "Volkov", "Morozov"),
    "Vershinin": ("Orlov", "Belov", "Zaitsev"),
    "Lavrentiev": ("Kuznetsov", "Popov", "Lebedev"),
    "Onal": ("Kaya", "Celik", "Sahin"),
    "Cerar": ("Novak", "Kranjc", "Zupan"),
    "Sergey": ("Dmitry", "Andrei", "Nikolai"),
    "Mevlut": ("Ahmet", "Mehmet", "Mustafa"),
    "Obama": ("Whitfield", "Harrington", "Caldwell"),
    "Trump": ("Brennan", "Hollis", "Marston"),
    "Smith": ("Jones", "Miller", "Davis"),
    "John": ("James", "Robert", "Michael"),
    "David": ("Daniel", "Thomas", "Mark"),
}
NAV = (
    "Home | World | Politics | Business | Tech | Sport | Opinion",
    "News\nWorld\nEurope\nMiddle East\nAmericas\nAsia\nOpinion\nVideo",
    "Menu  Search  Subscribe  Sign in",
    "Skip to main content",
)
COOKIES = (
    "We use cookies to improve your experience on our site. By continuing to browse you agree to our use of cookies.",
    "This website uses cookies. Cookies are used limited to the purposes described in our privacy policy. Accept",
)
FOOTERS = (
    "© {year} {outlet}. All rights reserved.\nTerms of use | Privacy policy | Contact us | Advertise",
    "Follow us on Twitter and Facebook\nCopyright {year} {outlet}",
    "About us  Contact  Careers  Privacy",
)
POPULAR = ("Most popular", "Most read", "Related stories", "You may also like")
MIN_WORDS = 120
MAX_WORDS = 2400


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    paragraphs: tuple[str, ...]


def _seed_sources() -> list[Source]:
    """The seeds' body paragraphs (the lines of at least 12 words, cookie notices left out)."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        title = lines[0].strip("'\" ")
        body = [ln for ln in lines if len(ln.split()) >= 12 and "cookie" not in ln.lower()]
        out.append(Source(f"seed:{path.stem}", title, tuple(body)))
    return out


def _page_sources() -> list[Source]:
    """The English ground-truth texts of the cached real pages (none when the cache cannot be filled)."""
    try:
        from services.enricher.language import detect_language
        from services.evaluation.pages.fetch import load_pages

        pages = load_pages()
    except Exception as exc:  # offline, no npm: the seeds alone
        print(f"corpus: real pages unavailable ({exc}); using the seeds only", file=sys.stderr)
        return []
    out = []
    for page in pages:
        if detect_language(page.truth) != "en":
            continue
        paragraphs = [p.strip() for p in page.truth.split("\n\n") if len(p.split()) >= 12]
        if len(paragraphs) < 2:
            continue
        match = re.search(r"<title[^>]*>(.*?)</title>", page.html, re.IGNORECASE | re.DOTALL)
        title = re.sub(r"\s+", " ", match.group(1)).strip() if match else ""
        title = re.split(r" [|\-–—] ", title)[0][:120] or " ".join(paragraphs[0].split()[:9])
        out.append(Source(f"page:{page.source}/{page.page_id}", title, tuple(paragraphs)))
    return out


def sources() -> list[Source]:
    return _seed_sources() + _page_sources()


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w,]*\d)")
_YEAR = re.compile(r"^(19[5-9]\d|20[0-3]\d)$")


def vary(text: str, rng: random.Random, mapping: dict[str, str], shift: dict[str, int]) -> str:
    """Names, numbers, weekdays, months and years changed the way ``mapping`` and ``shift`` say."""

    def number(m: re.Match[str]) -> str:
        raw = m.group(1)
        digits = raw.replace(",", "")
        if _YEAR.match(raw):
            return str(int(raw) + shift["year"])
        value = int(digits)
        if value < 2:
            return raw
        new = max(2, round(value * (0.5 + zlib.crc32(f"{digits}:{shift['num']}".encode()) % 1000 / 1000)))
        return f"{new:,}" if "," in raw else str(new)

    text = _NUMBER.sub(number, text)
    if mapping:
        text = re.sub(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b", lambda m: mapping[m.group(1)], text)
    text = re.sub(
        r"\b(" + "|".join(WEEKDAYS) + r")\b",
        lambda m: WEEKDAYS[(WEEKDAYS.index(m.group(1)) + shift["day"]) % 7],
        text,
    )
    return re.sub(
        r"\b(" + "|".join(MONTHS) + r")\b",
        lambda m: MONTHS[(MONTHS.index(m.group(1)) + shift["month"]) % 12],
        text,
    )


def _target_words(rng: random.Random) -> int:
    return int(min(MAX_WORDS, max(MIN_WORDS, rng.lognormvariate(6.33, 0.55))))


def compose(i: int, pool: list[Source], seed: int = 0) -> tuple[str, dict[str, str]]:
    """Article ``i``: its file text and its sidecar."""
    rng = random.Random(f"{seed}:{i}")
    lead = pool[i % len(pool)]
    target = _target_words(rng)
    start = rng.randrange(len(lead.paragraphs))
    body: list[str] = []
    words = 0
    k = start
    while words < target and k < start + len(lead.paragraphs):
        p = lead.paragraphs[k % len(lead.paragraphs)]
        body.append(p)
        words += len(p.split())
        k += 1
    others = [s for s in pool if s is not lead]
    for _ in range(rng.randint(1, 3)):
        other = rng.choice(others)
        body.insert(rng.randint(1, len(body)), rng.choice(other.paragraphs))
    mapping = {name: rng.choice(alts) for name, alts in NAME_SWAPS.items() if rng.random() < 0.6}
    shift = {"year": rng.randint(-4, 3), "day": rng.randrange(7), "month": rng.randrange(12), "num": i}
    body = [vary(p, rng, mapping, shift) for p in body]
    title = vary(lead.title, rng, mapping, shift)
    outlet = OUTLETS[rng.randrange(len(OUTLETS))]
    published = dt.date(2019, 1, 1) + dt.timedelta(days=(i * 7919) % 1400)
    standfirst = " ".join(body[0].split()[:18]).rstrip(",;:") + "."
    popular = [vary(rng.choice(pool).title, rng, {}, shift) for _ in range(4)]
    footer = rng.choice(FOOTERS).format(year=published.year, outlet=outlet)
    layout = i % 3
    parts: list[str] = []
    if layout == 0:
        parts += [rng.choice(NAV), title, standfirst, outlet, *body, rng.choice(POPULAR), *popular, footer]
    elif layout == 1:
        parts += [title, f"By {outlet} staff | {published:%B %d, %Y}", *body, rng.choice(COOKIES)]
    else:
        parts += [rng.choice(NAV), title, *body, rng.choice(POPULAR), *popular, rng.choice(COOKIES), footer]
    sep = "\n\n" if i % 4 else "\n"
    text = sep.join(parts) + "\n"
    slug = hashlib.sha1(f"{seed}:{i}:{lead.name}".encode()).hexdigest()[:10]
    meta = {
        "published_at": published.isoformat(),
        "url": f"https://news.example.org/{published:%Y/%m/%d}/{slug}",
        "outlet": outlet,
    }
    return text, meta


def make_corpus(folder: Path, n: int, *, seed: int = 0, pool: list[Source] | None = None) -> list[Path]:
    """Writes ``n`` articles and their sidecars into ``folder`` (reused when already there); returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "corpus.json"
    paths = [folder / f"{i:05d}.txt" for i in range(n)]
    want = {"n": n, "seed": seed, "version": 1}
    if stamp.is_file() and json.loads(stamp.read_text()) == want and all(p.is_file() for p in paths):
        return paths
    pool = pool if pool is not None else sources()
    for i, path in enumerate(paths):
        text, meta = compose(i, pool, seed)
        path.write_text(text, encoding="utf-8")
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta) + "\n", encoding="utf-8")
    stamp.write_text(json.dumps(want) + "\n")
    return paths
