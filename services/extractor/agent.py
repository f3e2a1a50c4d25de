"""Extractor agent: enriched articles → one record of each article's events (keyed by article)."""

from __future__ import annotations

import faust

from schemas import EnrichedArticle
from services.common.agent import add_stage_agent
from services.common.settings import Settings
from services.extractor.extract import extract_article_events, warm_up


def register(app: faust.App, settings: Settings) -> None:
    # Before the worker joins its group, as the enricher does: the model's load would otherwise fall on the first
    # article.
    warm_up()
    add_stage_agent(
        app,
        settings,
        stage="extractor",
        topics=settings.topics.stage_io("extractor"),
        in_model=EnrichedArticle,
        fn=lambda article: [extract_article_events(article)],
    )
