"""Score the cleaner on each page's text dump, trafilatura on its HTML, and the cleaner on its HTML, all
against the same ground truth with the seed scorer's body token F1 (``services.evaluation.cleaning``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from statistics import mean
from typing import Any, Literal

import trafilatura

from schemas.records import RawArticle
from services.cleaner.clean import clean_article
from services.evaluation.cleaning import token_f1
from services.evaluation.pages.dump import render_dump
from services.evaluation.pages.fetch import Page

_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # the cleaner is pure: any fixed time will do
METHODS = ("cleaner_dump", "trafilatura_html", "cleaner_html")


@dataclass(frozen=True)
class PageScore:
    source: str
    page_id: str
    kind: str
    half: str
    truth_tokens: int
    dump_lines: int
    cleaner_dump: tuple[float, float, float]  # (precision, recall, F1)
    trafilatura_html: tuple[float, float, float]
    cleaner_html: tuple[float, float, float]


def _raw(page: Page, text: str, content_type: Literal["text/plain", "text/html"]) -> RawArticle:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return RawArticle(
        article_id=digest,
        source_path=f"{page.source}/{page.page_id}",
        content_type=content_type,
        encoding="utf-8",
        size_bytes=len(text.encode("utf-8")),
        text=text,
        produced_at=_EPOCH,
    )


def cleaner_body(page: Page, text: str, content_type: Literal["text/plain", "text/html"]) -> str:
    return clean_article(_raw(page, text, content_type)).article.body


def trafilatura_body(html: str) -> str:
    """trafilatura with its defaults (precision and recall not favoured), text output."""
    return trafilatura.extract(html) or ""


def score_page(page: Page, dump: str | None = None) -> PageScore:
    dump = render_dump(page.html) if dump is None else dump
    return PageScore(
        source=page.source,
        page_id=page.page_id,
        kind=page.kind,
        half=page.half,
        truth_tokens=len(page.truth.split()),
        dump_lines=sum(1 for line in dump.splitlines() if line.strip()),
        cleaner_dump=token_f1(cleaner_body(page, dump, "text/plain"), page.truth),
        trafilatura_html=token_f1(trafilatura_body(page.html), page.truth),
        cleaner_html=token_f1(cleaner_body(page, page.html, "text/html"), page.truth),
    )


def _group_mean(scores: list[PageScore]) -> dict[str, Any]:
    return {"pages": len(scores), **{m: round(mean(getattr(s, m)[2] for s in scores), 4) for m in METHODS}}


def summarise(scores: Iterable[PageScore]) -> dict[str, dict[str, Any]]:
    """Mean F1 of each method per source, per half, news only, and overall (rows with no page are left out)."""
    scores = list(scores)
    groups: dict[str, list[PageScore]] = {}
    for s in scores:
        groups.setdefault(f"source:{s.source}", []).append(s)
    for s in scores:
        groups.setdefault(f"half:{s.half}", []).append(s)
    groups["news only"] = [s for s in scores if s.kind == "news"]
    groups["overall"] = scores
    return {name: _group_mean(members) for name, members in groups.items() if members}


def as_json(scores: list[PageScore]) -> dict[str, Any]:
    return {"summary": summarise(scores), "pages": [asdict(s) for s in scores]}


def format_table(scores: list[PageScore]) -> str:
    head = f"{'page':<34}{'half':>9}{'tokens':>8}{'clean/dump':>12}{'trafil/html':>13}{'clean/html':>12}"
    rows = [head, "-" * len(head)]
    for s in scores:
        rows.append(
            f"{s.source[:12] + '/' + s.page_id:<34}{s.half:>9}{s.truth_tokens:>8}"
            f"{s.cleaner_dump[2]:>12.3f}{s.trafilatura_html[2]:>13.3f}{s.cleaner_html[2]:>12.3f}"
        )
    rows.append("-" * len(head))
    for name, row in summarise(scores).items():
        rows.append(
            f"{name:<34}{'':>9}{row['pages']:>8}"
            f"{row['cleaner_dump']:>12.3f}{row['trafilatura_html']:>13.3f}{row['cleaner_html']:>12.3f}"
        )
    rows.append("F1 = body token F1 (lower-cased word tokens, multiset overlap) against the package's expected text")
    return "\n".join(rows)
