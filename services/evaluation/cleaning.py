"""Cleaning scores: body token F1, boilerplate leakage, metadata exactness."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from typing import Any

_TOKEN = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")
# Lines shorter than this leak only when they stand as a whole line of the body: a short string ("+", a
# one-word label) occurs inside ordinary prose by chance.
LEAK_SUBSTRING_MIN_TOKENS = 4


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _TOKEN.findall(text.lower())


def norm(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def token_f1(produced: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the multiset overlap of tokens; two empty texts agree perfectly."""
    p, g = Counter(tokens(produced)), Counter(tokens(gold))
    if not p and not g:
        return 1.0, 1.0, 1.0
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def drop_neutral(body: str, neutral: list[str]) -> str:
    """Remove from the body one copy of each neutral text (title, standfirst, caption), as a whole paragraph
    or line: those "count as neither hit nor leak". A second copy of the title is not neutral."""
    pending = Counter(norm(t) for t in neutral if t and norm(t))
    kept: list[str] = []
    for line in body.splitlines():
        key = norm(line)
        if key and pending[key] > 0:
            pending[key] -= 1
            continue
        kept.append(line)
    return "\n".join(kept)


def leaked_lines(body: str, boilerplate_text: dict[int, str]) -> list[int]:
    """The boilerplate lines whose text still appears in the body."""
    flat = norm(body).casefold()
    body_lines = {norm(line).casefold() for line in body.splitlines() if line.strip()}
    leaked: list[int] = []
    for number, text in sorted(boilerplate_text.items()):
        needle = norm(text).casefold()
        if not needle:
            continue
        if needle in body_lines or (len(tokens(needle)) >= LEAK_SUBSTRING_MIN_TOKENS and needle in flat):
            leaked.append(number)
    return leaked


def as_day(value: Any) -> dt.date | None:
    """The date part of a date, a datetime, or an ISO string of either."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def text_equal(produced: Any, gold: str) -> bool:
    return isinstance(produced, str) and norm(produced) == norm(gold)
