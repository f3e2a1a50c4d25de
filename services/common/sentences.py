"""Sentence and clause splitting that keeps character offsets into the body.

A sentence ends at . ! or ? (with any closing quote or bracket) followed by space and a capital, a digit or an
opening quote, unless the period closes an abbreviation ("Feb.", "U.S.", "p.m."); a paragraph break always ends
one. Clauses are what the party rules look inside: the stretch between commas, semicolons, dashes, quotes and
subordinating words ("that", "after", "where", ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# fmt: off
_ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr gen lt col maj capt sgt adm brig gov sen
    rep st no vs etc e.g i.e a.m p.m u.s u.k u.n e.u jr sr prof inc ltd co corp dept est approx
    """.split()  # noqa: SIM905
)
# fmt: on
_END_RE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
# A comma between two capitalised words lists names ("Turkey, Russia and Iran"), it does not end a clause.
_CLAUSE_BREAK_RE = re.compile(
    r"(?<![A-Z][\w'’-])(?<![A-Z][\w'’-]{2})(?<![A-Z][\w'’-]{3})(?<![A-Z][\w'’-]{4})(?<![A-Z][\w'’-]{5})"
    r"(?<![A-Z][\w'’-]{6})(?<![A-Z][\w'’-]{7})(?<![A-Z][\w'’-]{8})(?<![A-Z][\w'’-]{9}),(?=\s)"
    r"|,(?=\s+[a-z\d\"“(])|[;:()\"“”]|\s[-–—]{1,2}\s|\b(?:that|which|who|whom|where|when|while|after|before|because|although|though"
    r"|whereas|since|until|unless|adding|saying)\b"
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Span]:
    out: list[Span] = []
    start = 0
    for m in _END_RE.finditer(text):
        if m.group().startswith("."):
            word = re.search(r"(\S+)$", text[start : m.start()])
            prev = word.group(1).lower().lstrip("\"'“‘([") if word else ""
            # "Feb." or "U.S." is not the end of a sentence; an initial ("J.") neither.
            if prev in _ABBREVIATIONS or (re.fullmatch(r"(?:[a-z]\.)*[a-z]", prev) and len(prev) <= 3):
                continue
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add(text, start, end, out)
        start = m.end()
    _add(text, start, len(text), out)
    return out


def _add(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end, text[start:end]))


def paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def clause_bounds(text: str, sent: Span, pos: int) -> tuple[int, int]:
    """The clause of the sentence that holds offset ``pos``: [start, end) in body offsets."""
    start, end = sent.start, sent.end
    for m in _CLAUSE_BREAK_RE.finditer(text, sent.start, sent.end):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def clauses(text: str, sent: Span) -> list[tuple[int, int]]:
    """Every clause of a sentence, in order."""
    out: list[tuple[int, int]] = []
    start = sent.start
    for m in _CLAUSE_BREAK_RE.finditer(text, sent.start, sent.end):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < sent.end:
        out.append((start, sent.end))
    return out
