"""Find a printed publication time in a short line ("February 18 2020 12:15:00", "18.02.2020 - 12:15", ...).

A line counts as a date line only when, once the date, the time and filler words ("Published", "Updated",
weekday names, time zones, separators) are taken out, at most one word is left: a sentence that mentions a
date is prose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from services.cleaner.patterns import Patterns
from services.cleaner.segment import Line

_WORD = r"[^\W\d_]+\.?"
_TIME = re.compile(
    r"\b(?P<h>\d{1,2})[:.h](?P<m>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?(?![\d])", re.IGNORECASE
)
_ISO = re.compile(
    r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})\b")
_MONTH_FIRST = re.compile(rf"\b(?P<mon>{_WORD})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b")
_DAY_FIRST = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<mon>{_WORD}),?\s+(?P<y>\d{{4}})\b")
_LEFTOVER = re.compile(r"[^\W_]+", re.UNICODE)
_ZONE = re.compile(r"\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|[+-]\d{2}:\d{2}\b", re.IGNORECASE)
MAX_DATE_LINE_WORDS = 16
MAX_BYLINE_WORDS = 6  # "Jane Doe | Capital Wire Service | 3 March 2021"
_TRAILING_WRITER = re.compile(r"\bby\s+(?:[^\W\d_][\w'’.-]*\s*){1,3}$", re.IGNORECASE)


@dataclass(frozen=True)
class PrintedDate:
    value: dt.datetime | dt.date
    is_update: bool  # the line says "Updated …": a publication time elsewhere on the page is preferred
    leftover: str | None = None  # the one word besides the date, e.g. an upper-case dateline place


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _find_day(text: str, months: dict[str, int]) -> tuple[dt.date, tuple[int, int]] | None:
    """The first full date (day, month, year) in the text, with its span."""
    m = _ISO.search(text)
    if m:
        day = safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
        if day:
            return day, m.span()
    for rx in (_MONTH_FIRST, _DAY_FIRST):
        for m in rx.finditer(text):
            month = months.get(m["mon"].rstrip(".").casefold())
            if month:
                day = safe_date(int(m["y"]), month, int(m["d"]))
                if day:
                    return day, m.span()
    m = _NUMERIC.search(text)
    if m:
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        # "." and "-" are the European and South Asian day.month.year; "/" is month/day/year unless impossible.
        day = safe_date(y, b, a) if m["sep"] in ".-" or a > 12 else safe_date(y, a, b)
        if day:
            return day, m.span()
    return None


def _find_time(text: str) -> tuple[dt.time, tuple[int, int]] | None:
    m = _TIME.search(text)
    if not m:
        return None
    h, mi, s = int(m["h"]), int(m["m"]), int(m["s"] or 0)
    ampm = (m["ampm"] or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    if h > 23 or mi > 59 or s > 59:
        return None
    return dt.time(h, mi, s), m.span()


def _is_byline_beside_date(text: str, leftover: list[str]) -> bool:
    """ "Jane Doe | 29.02.2020": a stamp that also names its writer, set off by a separator."""
    return (
        len(leftover) <= MAX_BYLINE_WORDS
        and any(sep in text for sep in "|•·")
        and all(w[:1].isupper() for w in leftover)
    )


def parse_date_line(text: str, patterns: Patterns) -> PrintedDate | None:
    """The date (and time, when printed) if the whole line is a publication stamp, else None."""
    words = text.split()
    if not words or len(words) > MAX_DATE_LINE_WORDS:
        return None
    iso = _ISO.search(text)
    found = _find_day(text, patterns.months)
    if not found:
        return None
    day, span = found
    rest = text[: span[0]] + " " + text[span[1] :]
    value: dt.datetime | dt.date = day
    if iso and iso.span() == span and iso["h"]:
        value = dt.datetime(day.year, day.month, day.day, int(iso["h"]), int(iso["m"]), int(iso["s"] or 0))
    else:
        timed = _find_time(rest)
        if timed:
            t, tspan = timed
            value = dt.datetime.combine(day, t)
            rest = rest[: tspan[0]] + " " + rest[tspan[1] :]
    # A second stamp on the same line ("Published: … | Updated: …") and a writer after the date ("… by Jane Doe")
    # are part of the stamp.
    while (again := _find_day(rest, patterns.months)) is not None:
        rest = rest[: again[1][0]] + " " + rest[again[1][1] :]
    rest = _TIME.sub(" ", rest)
    rest = _TRAILING_WRITER.sub(" ", rest)
    rest = _ZONE.sub(" ", rest)
    rest = patterns.relative_time.sub(" ", rest)  # "Updated 3 hours ago", "4 min read"
    leftover = [
        w
        for w in _LEFTOVER.findall(rest)
        if w.casefold() not in patterns.date_fillers and w.casefold() not in patterns.weekdays
    ]
    if len(leftover) > 1 and not _is_byline_beside_date(text, leftover):
        return None
    # "Updated 3 March 2021" is an update; "Published 2 March 2021 | Updated 3 March 2021" is the publication.
    before = text[: span[0]].casefold()
    return PrintedDate(
        value=value,
        is_update=any(u in before for u in patterns.updated_words),
        leftover=leftover[0] if len(leftover) == 1 else None,
    )


MAX_STAMP_WORDS = 8
MIN_TEXT_AFTER_STAMP = 1
TOP_STAMP_LINES = 6  # a page's first lines, where a publication stamp is printed


def split_leading_stamp(lines: list[Line], patterns: Patterns) -> list[Line]:
    """A publication stamp printed at the start of one of a page's first lines, run together with the text after
    it ("date 2021-04-02 The army said ...", "Updated: 02-04-2021 10:05 IST Police fired ..."), becomes a line of
    its own (with the same source line number), so that it is read as the stamp and kept out of the title and
    the body."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        words = line.text.split()
        cut = 0
        if i < TOP_STAMP_LINES and len(words) > MIN_TEXT_AFTER_STAMP and parse_date_line(line.text, patterns) is None:
            for n in range(min(MAX_STAMP_WORDS, len(words) - MIN_TEXT_AFTER_STAMP), 1, -1):
                head = " ".join(words[:n])
                stamp = parse_date_line(head, patterns)
                if stamp is not None and stamp.leftover is None:  # the stamp alone, not its first word of text
                    cut = n
                    break
        if not cut:
            out.append(line)
            continue
        out.append(replace(line, text=" ".join(words[:cut])))
        out.append(replace(line, text=" ".join(words[cut:]), blank_before=False))
    return out
