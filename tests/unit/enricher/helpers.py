"""Hand-written clean articles for the enricher's and extractor's tests."""

from __future__ import annotations

import datetime as dt

from schemas.records import ArticleContent, CleanArticle, EnrichedArticle
from services.enricher.enrich import enrich_article


def clean_article(
    body: str, published: dt.date | dt.datetime | None = dt.date(2020, 2, 10), title: str | None = None
) -> CleanArticle:
    return CleanArticle(
        article_id="a1b2c3d4e5f60718",
        source_path="test/article.txt",
        article=ArticleContent(title=title, body=body, published_at=published),
    )


def enriched(
    body: str, published: dt.date | dt.datetime | None = dt.date(2020, 2, 10), title: str | None = None
) -> EnrichedArticle:
    return enrich_article(clean_article(body, published, title))
