"""The cleaner's entry point: ``clean_article(raw) -> CleanArticle``.

Pure and deterministic: no I/O, no clock; the same raw article always gives the same clean one. The steps:
HTML → text (trafilatura), text → lines (segment), lines → features, features → a label per line (classify),
labels → body and metadata (here), then the sidecar metadata fills what the page does not print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from schemas.records import ArticleContent, CleanArticle, RawArticle, RemovedSpan
from services.cleaner import classify as c
from services.cleaner.dates import split_leading_stamp
from services.cleaner.features import WORD, compute_features
from services.cleaner.html import html_to_text
from services.cleaner.implied_date import implied_publication_day
from services.cleaner.metadata import (
    clean_title,
    is_upper_place,
    lead_dateline,
    looks_like_outlet,
    normalize_label,
    pick_published,
    split_dateline_source,
)
from services.cleaner.patterns import load_patterns
from services.cleaner.segment import segment_lines
from services.cleaner.stopwords import choose_stoplist


@dataclass
class CleanedText:
    """What the text rules find in a page, before the sidecar metadata fills gaps."""

    title: str | None = None
    standfirst: list[str] = field(default_factory=list)
    source: str | None = None
    section: str | None = None
    dateline_place: str | None = None
    published_at: dt.datetime | dt.date | None = None
    captions: list[str] = field(default_factory=list)
    body: str = ""
    removed: list[RemovedSpan] = field(default_factory=list)


def _all_outlet_words() -> frozenset[str]:
    patterns = load_patterns()
    return patterns.outlet_words | patterns.outlet_edition_words


def _source_and_place(byline_texts: list[str]) -> tuple[str | None, str | None]:
    """The outlet among the header's outlet-like lines, and a dateline place when an agency line has one."""
    patterns = load_patterns()
    place = None
    outlets: list[str] = []
    for text in byline_texts:
        split = split_dateline_source(text)
        if split:
            place = place or split[0]
            outlets.append(split[1])
        # "By Jane Doe" names a writer, and "Jane Doe, John Roe" several: neither is the outlet.
        elif not patterns.byline_prefix.match(text) and "," not in text and " & " not in text:
            outlets.append(text)
    # Prefer a line that reads as an organisation; a bare personal name is the last resort.
    ranked = sorted(outlets, key=lambda t: not looks_like_outlet(t, _all_outlet_words()))
    return (ranked[0] if ranked else None), place


def clean_text(text: str, known_title: str | None = None, line_numbers: bool = True) -> CleanedText:
    """Apply the text rules to a page dump. ``known_title`` comes from HTML metadata; ``line_numbers`` is off
    when the text is not the source file (extracted from HTML), so removed spans carry no line."""
    patterns = load_patterns()
    lines = split_leading_stamp(segment_lines(text), patterns)
    stopwords = choose_stoplist(WORD.findall(text))
    feats = compute_features(lines, stopwords)
    result = c.classify(lines, feats, patterns, known_title=known_title)

    out = CleanedText()
    body: list[str] = []
    bylines: list[str] = []
    for i, (line, kind) in enumerate(zip(lines, result.kinds, strict=True)):
        if kind == c.BODY:
            body.append(line.text)
        elif kind == c.TITLE:
            out.title = clean_title(line.text)
        elif kind == c.STANDFIRST:
            out.standfirst.append(feats[i].text)
        elif kind == c.CAPTION:
            out.captions.append(line.text)
        else:
            out.removed.append(RemovedSpan(kind=kind, text=line.text, line=line.number if line_numbers else None))
            if kind == c.BYLINE:
                bylines.append(feats[i].text)
            elif kind == c.SECTION_LABEL and out.section is None:
                out.section = normalize_label(feats[i].text)
            elif kind == c.DATELINE and out.dateline_place is None:
                out.dateline_place = normalize_label(feats[i].text)
    if out.title is None and known_title:
        out.title = clean_title(known_title)
    out.source, place = _source_and_place(bylines)
    stamps = [d for _, d in sorted(result.dates.items())]
    out.published_at = pick_published([(d.value, d.is_update) for d in stamps])
    # "ISTANBUL Feb 18, 2020": an upper-case word printed with the date stamp is the dateline.
    stamp_places = [d.leftover for d in stamps if d.leftover and is_upper_place(d.leftover)]
    lead = lead_dateline(body[0]) if body else None
    out.dateline_place = out.dateline_place or place or (stamp_places[0] if stamp_places else None)
    if lead:
        out.dateline_place = out.dateline_place or lead[0]
        out.source = out.source or lead[1]
    out.body = "\n\n".join(body)
    return out


def _pick_source(printed: str | None, sitename: str | None, outlet: str | None) -> str | None:
    """The outlet printed on the page wins, unless it reads as a person's name and metadata has one."""
    if printed and (looks_like_outlet(printed, _all_outlet_words()) or not (sitename or outlet)):
        return printed
    return sitename or outlet or printed


def warm_up() -> None:
    """Build the stoplists' index and the patterns now rather than on the first article, when a replay's burst has
    every stage busy."""
    text = "Ankara, Feb. 3\n\nTurkish and Russian officials met on Monday, the ministry said.\n\nAccept cookies"
    clean_article(
        RawArticle(
            article_id="warm-up",
            source_path="warm-up.txt",
            content_type="text/plain",
            encoding="utf-8",
            size_bytes=len(text.encode("utf-8")),
            text=text,
            produced_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        )
    )


def clean_article(raw: RawArticle) -> CleanArticle:
    html_meta = None
    text = raw.text
    if raw.content_type == "text/html":
        html_meta = html_to_text(raw.text)
        text = html_meta.text
    cleaned = clean_text(text, known_title=html_meta.title if html_meta else None, line_numbers=html_meta is None)
    printed = [(cleaned.published_at, False)] if cleaned.published_at is not None else []
    published = pick_published(printed, html_meta.published if html_meta else None, raw.meta.published_at)
    if published is None:  # the text is read for a day only when nothing gives one
        published = implied_publication_day(cleaned.body, load_patterns().months, raw.produced_at.date())
    article = ArticleContent(
        title=cleaned.title,
        standfirst=cleaned.standfirst,
        source=_pick_source(cleaned.source, html_meta.sitename if html_meta else None, raw.meta.outlet),
        section=cleaned.section,
        dateline_place=cleaned.dateline_place,
        published_at=published,
        url=raw.meta.url or (html_meta.url if html_meta else None),
        captions=cleaned.captions,
        body=cleaned.body,
    )
    return CleanArticle(
        article_id=raw.article_id, source_path=raw.source_path, article=article, removed=cleaned.removed
    )
