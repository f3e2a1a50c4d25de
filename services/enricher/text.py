"""Text helpers every resolver shares: tokens with offsets, and the folding that makes spellings comparable.

Folding is what lets "Çavuşoğlu" and "Cavusoglu", or "Sergey" and "Sergei", land on one canonical id: ASCII
transliteration (anyascii, ISC licence) plus a few rules for the commonest Russian/Arabic transliteration variants.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from anyascii import anyascii

# A word: letters/digits, with inner apostrophes or hyphens ("al-Assad", "Russia-backed", "O'Neill").
WORD_RE = re.compile(r"\w+(?:['’]\w+|-\w+)*")

# Function words that start sentences capitalised; never names on their own.
# fmt: off
FUNCTION_WORDS = frozenset(
    """
    a an the and or but nor so yet for of in on at to from by with without into onto over under after before
    since until while when where which who whom whose what why how that this these those there here then
    thus it its he his him she her they their them we our us you your i my me as if though although because
    unless is are was were be been being has have had do does did will would shall should can could may
    might must not no nor also only even just still already again both either neither each every all any
    some many most more much such other another same own than too very meanwhile however moreover according
    asked speaking amid despite during following later earlier now today yesterday tomorrow last next
    """.split()  # noqa: SIM905
)
# fmt: on

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}


class Token(NamedTuple):
    """A word and its character offsets (a tuple: the resolvers make hundreds of thousands of them)."""

    text: str
    start: int
    end: int

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def lower(self) -> str:
        return self.text.lower()


@lru_cache(maxsize=4)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of ``text``. Cached: the enricher's resolvers each read the words of the same body."""
    return tuple(Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text))


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Lower-case ASCII form for lookups: diacritics gone, apostrophes dropped, hyphens as spaces."""
    return fold_fast(s)


_APOS = re.compile(r"['`]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold_fast(s: str) -> str:
    """``fold`` without the cache, for bulk indexing (ASCII strings skip transliteration)."""
    s = (s if s.isascii() else anyascii(s)).lower()
    return _NON_ALNUM.sub(" ", _APOS.sub("", s)).strip()


# Transliteration variants that refer to the same name: Sergey/Sergei, Yuriy/Yuri, Dmitriy/Dmitri,
# Mohammed/Mohamed, Mevlut/Mevluet. Applied to folded words only, so they never touch the display name.
_NAME_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[a-z])(?:ey|iy|yy)$"), "ei"),
    (re.compile(r"(?<=[a-z])ij$"), "i"),
    (re.compile(r"ue"), "u"),
    (re.compile(r"oe"), "o"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"([a-z])\1"), r"\1"),
)


@lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """Folded key of a person's or organisation's name, for canonical ids and surname links."""
    words = []
    for w in fold(s).split():
        for pat, rep in _NAME_RULES:
            w = pat.sub(rep, w)
        words.append(w)
    return " ".join(words)


def slug(s: str) -> str:
    return name_key(s).replace(" ", "-")
