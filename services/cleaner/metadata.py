"""Turn the header lines the classifier found into metadata: source, dateline, section, date, title."""

from __future__ import annotations

import datetime as dt
import re

from services.cleaner.features import strip_wrapping_quotes

_PLACE_SEPARATORS = (" - ", " – ", " — ", "-", "–", "—", "(")
_TERMINAL = ".!?;:"


def is_upper_place(text: str) -> bool:
    """An upper-case place name of one to three words ("ANKARA", "NEW YORK", "ANKARA/MOSCOW")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and len(text.split()) <= 3


def split_dateline_source(text: str) -> tuple[str, str] | None:
    """ "PLACE-Outlet Name" or "PLACE (OUTLET)" → (place, outlet): the agency dateline form, where an
    upper-case place is glued to a mixed-case (or bracketed) outlet name."""
    for sep in _PLACE_SEPARATORS:
        if sep not in text:
            continue
        left, right = text.split(sep, 1)
        place = left.strip()
        source = right.strip()
        if sep == "(":
            if not source.endswith(")"):
                continue
            source = source[:-1].strip()
        if not is_upper_place(place) or not source or source[-1] in _TERMINAL:
            continue
        words = source.split()
        if not 1 <= len(words) <= 5 or not source[0].isupper() or any(c.isdigit() for c in source):
            continue
        # Outside brackets an all-caps right side is more likely a second place ("ANKARA-MOSCOW").
        if sep != "(" and is_upper_place(source):
            continue
        return place, source
    return None


# "ANKARA (Reuters) - ...", "ANKARA, Feb 18 (AA) – ...", "ISTANBUL - ...": an agency dateline opening the
# first paragraph. The paragraph stays in the body; only the place and the agency are read off it.
_LEAD_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^\W\d_ .'’/-]*(?:[ /][^\W\d_][^\W\d_.'’-]*){0,2})"
    r"(?:,[^()\n]{1,30}?)?\s*(?:\((?P<src>[^()]{2,40})\))?\s*[-–—]+\s+\S"
)


def lead_dateline(paragraph: str) -> tuple[str, str | None] | None:
    """(place, agency or None) from a first paragraph that opens with an upper-case dateline."""
    m = _LEAD_DATELINE.match(paragraph)
    if not m or not is_upper_place(m["place"]):
        return None
    if len([c for c in m["place"] if c.isalpha()]) < 3:  # "UN - ..." is an acronym, not a place
        return None
    return m["place"], (m["src"].strip() if m["src"] else None)


def looks_like_outlet(text: str, outlet_words: frozenset[str]) -> bool:
    """An organisation rather than a person: a word such as "News" or "Agency", an acronym ("AA", "AFP"), or
    a single word (personal names in bylines have two or three)."""
    words = text.split()
    if len(words) == 1:
        return True
    for word in words:
        letters = [c for c in word if c.isalpha()]
        if word.casefold().strip(".,") in outlet_words or (len(letters) >= 2 and all(c.isupper() for c in letters)):
            return True
    return len(words) > 3


def normalize_label(text: str) -> str:
    """A section label as printed, minus a locale artefact: pages that upper-case English with Turkish
    rules print a dotted capital İ inside otherwise ASCII words ("Mİddle"); an ASCII-only label gets its
    plain I back."""
    text = text.strip(" :|»›>-–—")
    if "İ" in text and text.replace("İ", "I").isascii():
        text = text.replace("İ", "I")
    return text


def clean_title(text: str) -> str:
    return strip_wrapping_quotes(text).strip()


def pick_published(
    printed: list[tuple[dt.datetime | dt.date, bool]],
    *fallbacks: dt.datetime | dt.date | None,
) -> dt.datetime | dt.date | None:
    """A time printed on the page wins (a publication stamp before an update stamp); then the fallbacks in
    order (HTML metadata, the sidecar)."""
    for value, is_update in printed:
        if not is_update:
            return value
    if printed:
        return printed[0][0]
    return next((fallback for fallback in fallbacks if fallback is not None), None)
