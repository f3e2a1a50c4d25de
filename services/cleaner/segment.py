"""Split a page dump into lines: the unit every later rule classifies.

Page dumps put each paragraph, menu item or teaser on a line of its own (with or without blank lines between),
so a non-empty line is the natural unit; blank lines only tell us where a block was separated visually.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width characters and the BOM come from copy-paste and HTML entities; they are never content.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the source text
    text: str  # whitespace-collapsed, stripped
    indent: int  # leading spaces: nested list items in dumps are indented
    blank_before: bool  # a blank line separates it from the previous content line


def normalize_space(text: str) -> str:
    """NFC, no invisible characters, single spaces: the same text must always give the same key."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACE.sub(" ", text).strip()


def segment_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    blank = False
    for number, raw in enumerate(text.splitlines(), start=1):
        clean = normalize_space(raw)
        if not clean:
            blank = True
            continue
        expanded = raw.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip())
        lines.append(Line(number=number, text=clean, indent=indent, blank_before=blank or not lines))
        blank = False
    return lines
