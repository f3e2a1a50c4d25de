"""HTML pages: trafilatura finds the main text and the page's metadata; the text rules then run on its output.

trafilatura already drops most navigation, but keeps teaser lists and doubled headlines often enough that the
same line rules are still worth running over its text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import lxml.html
import trafilatura


@dataclass(frozen=True)
class HtmlExtraction:
    text: str
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    sitename: str | None = None
    url: str | None = None


def _parse_date(value: str | None) -> dt.date | dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    # htmldate fills a missing time with midnight: keep a bare day as a date, not a fake time.
    if len(value) <= 10 or parsed.time() == dt.time(0, 0):
        return parsed.date()
    return parsed


def _fallback_text(html: str) -> str:
    """The whole page as text, when trafilatura finds no main text (the line rules still run on it)."""
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return html
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return "\n".join(s.strip() for s in root.itertext() if s.strip())


def html_to_text(html: str) -> HtmlExtraction:
    if not html.strip():
        return HtmlExtraction(text="")
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "outputformat": "%Y-%m-%dT%H:%M:%S",
        },
    )
    if doc is None:
        return HtmlExtraction(text=_fallback_text(html))
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    return HtmlExtraction(
        text=text if text.strip() else _fallback_text(html),
        title=(data.get("title") or None),
        published=_parse_date(data.get("date")),
        sitename=(data.get("sitename") or None),
        url=(data.get("url") or None),
    )
