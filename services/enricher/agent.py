"""Enricher agent: clean articles → enriched articles."""

from __future__ import annotations

import faust

from schemas import CleanArticle
from services.common.agent import add_stage_agent
from services.common.settings import Settings
from services.enricher.enrich import enrich_article


def register(app: faust.App, settings: Settings) -> None:
    add_stage_agent(
        app,
        settings,
        stage="enricher",
        source=settings.topics.clean,
        target=settings.topics.enriched,
        in_model=CleanArticle,
        fn=lambda clean: [enrich_article(clean)],
    )
