"""The publication day a text implies when no stamp, page metadata or sidecar gives one (pure).

A reader dates an undated story by the latest day it names: a full date ("Feb. 17, 2020") fixes the year, and days
named after it in that year without one ("on Feb. 18") move it on. Nothing is guessed without a year in the text:
a story that says only "on Saturday" and "Feb. 8" stays undated, since its year is not written anywhere.
"""

from __future__ import annotations

import datetime as dt
import re

from services.cleaner.dates import safe_date

_MONTH = r"(?P<mon>[A-Z][a-z]+)\.?"
_FULL_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b")
_FULL_DAY_FIRST = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH},?\s+(?P<y>\d{{4}})\b")
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})\b")
# A day without a year: not followed by one (that would be a full date, read above).
_DAY_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s*\d)")
_DAY_DAY_FIRST = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH}\b(?!,?\s*\d)")
# Days named after the dated one belong to its year only while close to it: a story runs over days, not seasons.
FOLLOW_ON_DAYS = 45


def implied_publication_day(text: str, months: dict[str, int], not_after: dt.date | None) -> dt.date | None:
    """The latest full date the text names (none after ``not_after``, when the file was read), moved on by the
    days without a year it names within ``FOLLOW_ON_DAYS`` after that; None without a full date."""
    full: list[dt.date] = []
    for rx in (_FULL_MONTH_FIRST, _FULL_DAY_FIRST):
        for m in rx.finditer(text):
            month = months.get(m["mon"].casefold())
            day = safe_date(int(m["y"]), month, int(m["d"])) if month else None
            if day is not None:
                full.append(day)
    full += [d for m in _ISO.finditer(text) if (d := safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))) is not None]
    full = [d for d in full if not_after is None or d <= not_after]
    if not full:
        return None
    anchor = max(full)
    later = [anchor]
    for rx in (_DAY_MONTH_FIRST, _DAY_DAY_FIRST):
        for m in rx.finditer(text):
            month = months.get(m["mon"].casefold())
            day = safe_date(anchor.year, month, int(m["d"])) if month else None
            if day is None or not anchor < day <= anchor + dt.timedelta(days=FOLLOW_ON_DAYS):
                continue
            if not_after is None or day <= not_after:
                later.append(day)
    return max(later)
