"""Enricher agent: clean articles → enriched articles."""

from __future__ import annotations

import datetime as dt

import faust

from schemas import ArticleContent, CleanArticle
from services.common.agent import add_stage_agent
from services.common.settings import Settings
from services.enricher.enrich import enrich_article


def warm_up() -> None:
    """Loads the gazetteer and dictionaries (seconds) before the worker joins its group, not while it holds
    partitions and blocks the event loop."""
    sample = ArticleContent(
        body="Officials from France and Germany met in Paris on Monday.", published_at=dt.date(2020, 1, 6)
    )
    enrich_article(CleanArticle(article_id="warm-up", source_path="", article=sample))


def register(app: faust.App, settings: Settings) -> None:
    warm_up()
    add_stage_agent(
        app,
        settings,
        stage="enricher",
        source=settings.topics.clean,
        target=settings.topics.enriched,
        in_model=CleanArticle,
        fn=lambda clean: [enrich_article(clean)],
    )
