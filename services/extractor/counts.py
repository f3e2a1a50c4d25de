"""Casualty counts next to a killing verb: "killed 76 Syrian soldiers", "16 Turkish soldiers were killed",
"martyred seven Turkish soldiers and one civilian contractor" (coordinated counts are summed: 8),
"more than 1,800 civilians have been killed" (1800, qualifier "more than").

A count is a number (digits or words) that heads a noun phrase of people, read after the trigger (active
voice) or before it (passive voice). Vague amounts ("hundreds of", "dozens of") give no count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_PEOPLE = (
    r"(?:soldiers?|troops|civilians?|people|persons|personnel|servicem[ae]n|members|fighters|militants|rebels|"
    r"terrorists|contractors?|children|women|men|police(?:m[ae]n)?|officers|protesters|demonstrators|workers|"
    r"journalists|residents|refugees|migrants|villagers|guards|commanders|insurgents|jihadists|others|[A-Z][a-z]+(?:ans|is|s))"
)
_NUM_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "dozen"], key=len, reverse=True))
_NUMBER = (
    rf"(?<![\w.,])(?i:half\s+a\s+(?:million|thousand)|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?"
    rf"|(?:(?:{_NUM_WORD})\b[\s-]*)+)"
)
_QUALIFIER = (
    r"(?P<q>(?i:more\s+than|over|at\s+least|nearly|almost|around|about|up\s+to|some|less\s+than|fewer\s+than|"
    r"close\s+to|approximately|roughly|as\s+many\s+as))"
)
# One count: [qualifier] NUMBER [up to three modifiers] PEOPLE-NOUN
_COUNT_RE = re.compile(
    rf"(?:{_QUALIFIER}\s+)?(?P<n>{_NUMBER})\s+(?:(?!and\b|or\b)[\w-]+\s+){{0,3}}?(?P<noun>{_PEOPLE})\b",
)
_JOIN_RE = re.compile(r"\s*(?:,\s*|\s+)(?:and\s+|as\s+well\s+as\s+)?")


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    qualifier: str | None
    start: int
    end: int


def parse_number(text: str) -> int | None:
    """ "1,800" -> 1800, "1.7 million" -> 1700000, "seventy-six" -> 76, "a dozen" -> 12."""
    t = text.strip().lower().replace(",", "")
    half = re.fullmatch(r"half\s+a\s+(million|thousand)", t)
    if half:
        return _SCALES[half.group(1)] // 2
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(million|thousand))?", t)
    if m:
        value = float(m.group(1)) * (_SCALES[m.group(2)] if m.group(2) else 1)
        return round(value)
    total, current = 0, 0
    words = [w for w in re.split(r"[\s-]+", t) if w and w != "and"]
    if not words:
        return None
    for w in words:
        if w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in ("thousand", "million"):
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
    return total + current or None


def _counts_from(text: str, pos: int, limit: int) -> list[Count]:
    """Coordinated counts starting at ``pos``: "seven Turkish soldiers and one civilian contractor"."""
    out: list[Count] = []
    while pos < limit:
        m = _COUNT_RE.match(text, pos, limit)
        if not m:
            break
        value = parse_number(m.group("n"))
        if value is None:
            break
        q = re.sub(r"\s+", " ", m.group("q")).lower() if m.group("q") else None
        out.append(Count(value, q, m.start(), m.end()))
        j = _JOIN_RE.match(text, m.end(), limit)
        if not j or j.end() == m.end() or not re.search(r"and|,", j.group()):
            break
        pos = j.end()
    return out


def count_after(text: str, trigger_end: int, limit: int) -> Count | None:
    """The count a killing verb takes as object: "killed 76 Syrian soldiers"."""
    lead = re.match(r"\s+(?:(?:an?\s+estimated|the|a\s+total\s+of|a)\s+)?", text[trigger_end:limit])
    start = trigger_end + (lead.end() if lead else 0)
    return _sum(_counts_from(text, start, limit))


def count_before(text: str, clause_start: int, trigger_start: int) -> Count | None:
    """The count of the passive subject: "16 Turkish soldiers were killed"."""
    window = text[clause_start:trigger_start]
    best: list[Count] = []
    for m in _COUNT_RE.finditer(window):
        found = _counts_from(text, clause_start + m.start(), trigger_start)
        if found:
            best = found
            break
    return _sum(best)


def _sum(counts: list[Count]) -> Count | None:
    if not counts:
        return None
    return Count(sum(c.value for c in counts), counts[0].qualifier, counts[0].start, counts[-1].end)
