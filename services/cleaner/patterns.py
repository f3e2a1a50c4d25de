"""The multilingual vocabulary of page furniture, loaded once from ``data/boilerplate_patterns.json``.

Keeping phrases in data (not code) lets a new language be added without touching a rule, and keeps the rules
themselves free of any one site's wording.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_FLAGS = re.IGNORECASE | re.UNICODE


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _FLAGS)


@dataclass(frozen=True)
class Patterns:
    cookie_strong: re.Pattern[str]
    cookie_subject: re.Pattern[str]
    cookie_context: re.Pattern[str]
    block_headers: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, full-line pattern)
    inline_teaser: re.Pattern[str]
    teaser_suffix: re.Pattern[str]  # a summary ending with its story's link ("... Read more")
    line_patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, search pattern)
    nav_words: frozenset[str]
    byline_prefix: re.Pattern[str]
    caption: re.Pattern[str]
    date_fillers: frozenset[str]
    updated_words: tuple[str, ...]
    weekdays: frozenset[str]
    months: dict[str, int]
    relative_time: re.Pattern[str]
    outlet_words: frozenset[str]
    outlet_edition_words: frozenset[str]
    footer_any_length: tuple[tuple[str, re.Pattern[str]], ...]  # (cue every match holds, patterns under it)
    author_bio: re.Pattern[str]


def footer_notice(patterns: Patterns, text: str) -> bool:
    """A legal, subscription or comment notice, at any length. A regular expression of many alternatives costs
    about a millisecond an article over long paragraphs; a substring test of the cues first skips most lines."""
    folded = text.casefold()
    return any(cue in folded and rx.search(text) for cue, rx in patterns.footer_any_length)


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    raw = json.loads(resources.files("services.cleaner").joinpath("data/boilerplate_patterns.json").read_text("utf-8"))
    cookie = raw["cookie_banner"]
    return Patterns(
        cookie_strong=_any(cookie["strong"]),
        cookie_subject=re.compile(cookie["weak_subject"], _FLAGS),
        cookie_context=re.compile(cookie["weak_context"], _FLAGS),
        block_headers=tuple(
            (kind, re.compile(rf"(?:{'|'.join(pats)})", _FLAGS)) for kind, pats in raw["block_headers"].items()
        ),
        inline_teaser=re.compile(raw["inline_teaser_prefix"], _FLAGS),
        teaser_suffix=_any(raw["teaser_suffix"]),
        line_patterns=tuple((kind, _any(pats)) for kind, pats in raw["line_patterns"].items()),
        nav_words=frozenset(w.casefold() for w in raw["nav_words"]),
        byline_prefix=re.compile(raw["byline_prefix"], _FLAGS),
        caption=_any(raw["caption"]),
        date_fillers=frozenset(w.casefold() for w in raw["date_fillers"]),
        updated_words=tuple(w.casefold() for w in raw["updated_words"]),
        weekdays=frozenset(w.casefold() for w in raw["weekdays"]),
        months={k.casefold(): int(v) for k, v in raw["months"].items()},
        relative_time=_any(raw["relative_time"]),
        outlet_words=frozenset(w.casefold() for w in raw["outlet_words"]),
        outlet_edition_words=frozenset(w.casefold() for w in raw["outlet_edition_words"]),
        footer_any_length=tuple((cue.casefold(), _any(pats)) for cue, pats in raw["footer_any_length"].items()),
        author_bio=_any(raw["author_bio"]),
    )
