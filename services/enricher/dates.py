"""Date expressions resolved against the publication date.

News text dates events relative to when it was written: "on Saturday", "Feb. 3", "earlier this week". Each
expression becomes a ``DateMention`` with the first day of the range it names, its last day, and a precision.
Rules, in the order a reader applies them:

- a weekday is the most recent such day on or before publication, unless the clause around it speaks of the
  future ("will arrive on Saturday", "is expected to ... on Saturday"), then the next one on or after it;
- a month and day without a year take the year that puts them nearest the publication date, leaning to the past
  (so "Dec. 15" in a February article is last year's) unless the clause is in the future tense;
- "since X" is the range from X to publication; "since then" starts at the date mentioned before it.

Without a publication date, only expressions that carry their own year resolve; the rest keep ``date=None``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from schemas.records import DateMention
from services.enricher.text import MONTHS, WEEKDAYS

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "several": 3, "few": 3, "couple of": 2,
}  # fmt: skip
_REL_YEAR = r"(?:\s+(?P<relyear>this|last|next)\s+year)"


def _after(*words: str) -> str:
    """Lookbehinds: the expression must follow one of ``words`` (any case) and a space or hyphen."""
    return "(?:" + "|".join(rf"(?<=\b(?i:{w})[\s-])" for w in words) + ")"


_MONTH_LEAD = _after("in", "since", "until", "by", "of", "from", "early", "late", "mid")
_YEAR_LEAD = _after(
    "in",
    "since",
    "until",
    "by",
    "of",
    "from",
    "the",
    "before",
    "after",
    "during",
    "early",
    "late",
    "mid",
    "through",
    "to",
)

# Order matters: longer, more specific forms first; a span matched once is not matched again. A lookahead on the
# first character comes before the lookbehinds, which are otherwise tried at every position (10x slower).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>{_DAY})(?!\d)(?:,?\s+(?P<year>{_YEAR})\b|{_REL_YEAR})?")),
    ("dmy", re.compile(rf"\b(?P<day>{_DAY})(?!\d)\s+(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR})\b|{_REL_YEAR})?")),
    (
        "my",
        re.compile(
            rf"\b(?:(?P<part>early|mid|late|the\s+(?:beginning|start|end)\s+of)[\s-]+)?"
            rf"(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR})\b|{_REL_YEAR})"
        ),
    ),
    (
        "m",
        re.compile(
            r"(?=[JFMASOND])"
            + _MONTH_LEAD
            + r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\b"
            r"(?!\s+\d)"
        ),
    ),
    (
        "year",
        re.compile(r"(?=[12])" + _YEAR_LEAD + rf"(?P<year>{_YEAR})\b(?![-–]\w|\s*(?:%|per|people|troops|soldiers)\b)"),
    ),
    ("weekday", re.compile(rf"\b(?:(?P<rel>last|this|next|past)\s+)?(?P<weekday>{_WEEKDAY})\b")),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|a couple of)"
            r"\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
    (
        "relweek",
        re.compile(
            r"\b(?:(?P<mod>earlier|later)\s+)?(?P<rel>this|last|next|the\s+past|the\s+coming"
            r"|over\s+the\s+past|in\s+the\s+past)\s+(?P<unit>week|month|year|weekend)\b",
            re.I,
        ),
    ),
    ("weekend", re.compile(r"\b(?:at|over|during)\s+the\s+weekend\b", re.I)),
    (
        "day",
        re.compile(
            r"\b(?P<word>today|yesterday|tomorrow|tonight|this\s+(?:morning|afternoon|evening)"
            r"|earlier\s+today|later\s+today)\b",
            re.I,
        ),
    ),
    ("since_then", re.compile(r"\bsince\s+then\b", re.I)),
]

# Cues, in the clause before an expression, that it points forward from publication.
_FUTURE_RE = re.compile(
    r"\b(?:will|shall|'ll|would(?!\s+have)|(?:is|are|was|were)\s+(?:expected|set|due|scheduled|slated|planned"
    r"|going|supposed)\s+to|(?:is|are)\s+to|plans?\s+to|planning\s+to|to\s+be\s+held|upcoming|next)\b",
    re.I,
)
_CLAUSE_START_RE = re.compile(r"[.;:!?\"“”]|,\s|\s[-–—]{1,2}\s|\b(?:said|says|told|added)\b")


@dataclass(frozen=True, slots=True)
class _Span:
    kind: str
    match: re.Pattern[str] | None
    start: int
    end: int


def _pub_date(published: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(published, dt.datetime):
        return published.date()
    return published


def _month_num(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def future_context(text: str, start: int) -> bool:
    """Whether the clause leading up to ``start`` speaks of the future ("is expected to arrive ... on")."""
    window = text[max(0, start - 160) : start]
    cut = 0
    for m in _CLAUSE_START_RE.finditer(window):
        cut = m.end()
    return _FUTURE_RE.search(window[cut:]) is not None


def _nearest_year(pub: dt.date, month: int, day: int, future: bool) -> dt.date | None:
    """The year for a month-day, the one nearest publication; the other side of it counts double."""
    best: tuple[int, dt.date] | None = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        delta = (d - pub).days
        cost = abs(delta) * (2 if (delta > 0) != future and delta != 0 else 1)
        if best is None or cost < best[0]:
            best = (cost, d)
    return best[1] if best else None


def _week_of(d: dt.date) -> tuple[dt.date, dt.date]:
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + dt.timedelta(days=6)


Precision = Literal["day", "week", "month", "year", "range", "unknown"]
Resolved = tuple[dt.date | None, dt.date | None, Precision]  # (date, end_date, precision)
_UNKNOWN: Resolved = (None, None, "unknown")
_YEAR_STEP = {"this": 0, "last": -1, "next": 1}


def _day_of_month(g: dict[str, str], pub: dt.date | None, future: bool, prev: DateMention | None) -> Resolved:
    """ "March 3", "3 March 2020", "March 3 last year"."""
    month, day = _month_num(g["month"]), int(re.sub(r"\D", "", g["day"]))
    try:
        if g.get("year"):
            return dt.date(int(g["year"]), month, day), None, "day"
        if pub is None:
            return _UNKNOWN
        if g.get("relyear"):
            return dt.date(pub.year + _YEAR_STEP[g["relyear"].lower()], month, day), None, "day"
    except ValueError:
        return _UNKNOWN
    return _nearest_year(pub, month, day, future), None, "day"


def _month_part(start: dt.date, end: dt.date, part: str) -> tuple[dt.date, dt.date]:
    """ "early March", "mid-March", "the end of March": a third of the month."""
    if part in ("early",) or "beginning" in part or "start" in part:
        return start, start + dt.timedelta(days=9)
    if part == "mid":
        return start + dt.timedelta(days=10), start + dt.timedelta(days=19)
    if part == "late" or "end" in part:
        return start + dt.timedelta(days=20), end
    return start, end


def _month(g: dict[str, str], pub: dt.date | None, future: bool, prev: DateMention | None) -> Resolved:
    """ "March 2020", "last March", "in March" (the latest such month not after publication, or the next one in
    future talk)."""
    month = _month_num(g["month"])
    if g.get("year"):
        year = int(g["year"])
    elif pub is None:
        return _UNKNOWN
    elif g.get("relyear"):
        year = pub.year + _YEAR_STEP[g["relyear"].lower()]
    elif future:
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    start, end = _month_part(*_month_range(year, month), (g.get("part") or "").lower())
    return start, end, "month"


def _year(g: dict[str, str], pub: dt.date | None, future: bool, prev: DateMention | None) -> Resolved:
    y = int(g["year"])
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"


def _weekday(g: dict[str, str], pub: dt.date, future: bool, prev: DateMention | None) -> Resolved:
    """ "on Tuesday" (the one before publication), "last Tuesday", "next Tuesday" (or future talk)."""
    wd = WEEKDAYS[g["weekday"].lower()]
    rel = (g.get("rel") or "").lower()
    back = (pub.weekday() - wd) % 7
    if rel in ("last", "past"):
        return pub - dt.timedelta(days=back or 7), None, "day"
    if rel == "next" or future:
        ahead = (wd - pub.weekday()) % 7
        if rel == "next" and ahead == 0:
            ahead = 7
        return pub + dt.timedelta(days=ahead), None, "day"
    return pub - dt.timedelta(days=back), None, "day"


def _ago(g: dict[str, str], pub: dt.date, future: bool, prev: DateMention | None) -> Resolved:
    """ "three days ago", "a few weeks ago", "two years ago"."""
    n = g["n"].lower()
    count = int(n) if n.isdigit() else _NUM_WORDS.get(n.replace("a few", "few").replace("a couple of", "couple of"), 1)
    unit = g["unit"].lower()
    if unit == "day":
        return pub - dt.timedelta(days=count), None, "day"
    if unit == "week":
        return (*_week_of(pub - dt.timedelta(weeks=count)), "week")
    if unit == "month":
        y, mth = divmod(pub.year * 12 + pub.month - 1 - count, 12)
        return (*_month_range(y, mth + 1), "month")
    return dt.date(pub.year - count, 1, 1), dt.date(pub.year - count, 12, 31), "year"


def _this_period(start: dt.date, end: dt.date, pub: dt.date, mod: str, step: int) -> tuple[dt.date, dt.date]:
    """ "earlier this week" ends at publication, "later this week" starts there."""
    if step == 0 and mod == "earlier":
        return start, pub
    if step == 0 and mod == "later":
        return pub, end
    return start, end


def _relweek(g: dict[str, str], pub: dt.date, future: bool, prev: DateMention | None) -> Resolved:
    """ "last week", "this weekend", "next month", "earlier this year", "over the past week"."""
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    unit = g["unit"].lower()
    mod = (g.get("mod") or "").lower()
    if rel in ("the past", "over the past", "in the past"):
        days = {"week": 7, "weekend": 3, "month": 31, "year": 365}[unit]
        return pub - dt.timedelta(days=days), pub, "range"
    step = {"this": 0, "last": -1, "next": 1, "the coming": 1}[rel]
    if unit == "week":
        return (*_this_period(*_week_of(pub + dt.timedelta(weeks=step)), pub, mod, step), "week")
    if unit == "weekend":
        sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7 + 7 * step)
        if step == -1 and pub.weekday() >= 5:
            sat = pub - dt.timedelta(days=pub.weekday() - 5 + 7)
        return sat, sat + dt.timedelta(days=1), "range"
    if unit == "month":
        y, mth = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        start, end = _month_range(y, mth + 1)
        return start, (pub if mod == "earlier" and step == 0 else end), "month"
    start, end = dt.date(pub.year + step, 1, 1), dt.date(pub.year + step, 12, 31)
    return start, (pub if mod == "earlier" and step == 0 else end), "year"


def _weekend(g: dict[str, str], pub: dt.date, future: bool, prev: DateMention | None) -> Resolved:
    """ "at the weekend": the last one before publication, or the coming one in future talk."""
    if future:
        sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
    else:
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        if sat > pub:
            sat -= dt.timedelta(days=7)
    return sat, sat + dt.timedelta(days=1), "range"


def _day_word(g: dict[str, str], pub: dt.date, future: bool, prev: DateMention | None) -> Resolved:
    word = re.sub(r"\s+", " ", g["word"].lower())
    return pub + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0)), None, "day"


def _since_then(g: dict[str, str], pub: dt.date, future: bool, prev: DateMention | None) -> Resolved:
    return (prev.date if prev is not None else None), pub, "range"


# Each kind of expression and how it is read; the first three read a date the text prints whole without a
# publication day, the others need one.
_ABSOLUTE = {"mdy": _day_of_month, "dmy": _day_of_month, "my": _month, "m": _month, "year": _year}
_RELATIVE = {
    "weekday": _weekday, "ago": _ago, "relweek": _relweek, "weekend": _weekend, "day": _day_word,
    "since_then": _since_then,
}  # fmt: skip


def _resolve(kind: str, m: re.Match[str], text: str, pub: dt.date | None, prev: DateMention | None) -> Resolved:
    """(date, end_date, precision) for one matched expression."""
    g = m.groupdict()
    future = future_context(text, m.start())
    if kind in _ABSOLUTE:
        return _ABSOLUTE[kind](g, pub, future, prev)
    if pub is None or kind not in _RELATIVE:
        return _UNKNOWN
    return _RELATIVE[kind](g, pub, future, prev)


_SINCE_RE = re.compile(r"\b(?:since|from)\s+(?:(?:early|late|mid|the\s+(?:beginning|start|end)\s+of)[\s-]+)?$", re.I)


def resolve_dates(text: str, published: dt.datetime | dt.date | None) -> list[DateMention]:
    """Every date expression in ``text`` with its resolved range; offsets are into ``text``."""
    pub = _pub_date(published)
    taken: list[tuple[int, int]] = []
    found: list[tuple[str, re.Match[str]]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((kind, m))
    found.sort(key=lambda km: km[1].start())
    out: list[DateMention] = []
    for kind, m in found:
        prev = out[-1] if out else None
        date, end_date, precision = _resolve(kind, m, text, pub, prev)
        start = m.start()
        # "since March 2011" runs from then to publication.
        since = _SINCE_RE.search(text[max(0, start - 40) : start])
        if since and kind not in ("since_then", "day", "relweek", "ago") and date is not None:
            end_date, precision = pub, "range"
            start = max(0, start - 40) + since.start()
        out.append(
            DateMention(
                text=text[start : m.end()], start=start, end=m.end(), date=date, end_date=end_date, precision=precision
            )
        )
    return out
