"""Shared builders for the cleaner tests."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from schemas.records import CleanArticle, RawArticle, SourceMeta
from services.cleaner.clean import clean_article

_TOKEN = re.compile(r"\w+")


def make_raw(text: str, content_type: str = "text/plain", **meta: Any) -> RawArticle:
    return RawArticle(
        article_id="0123456789abcdef",
        source_path="inbox/test.txt",
        content_type=content_type,  # type: ignore[arg-type]
        encoding="utf-8",
        size_bytes=len(text.encode("utf-8")),
        text=text,
        meta=SourceMeta(**meta),
        produced_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )


def clean(text: str, **meta: Any) -> CleanArticle:
    return clean_article(make_raw(text, **meta))


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p]


def token_counts(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def removed_kinds(result: CleanArticle) -> dict[str, str]:
    """Removed text → kind."""
    return {r.text: r.kind for r in result.removed}
