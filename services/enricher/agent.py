"""Enricher agent: clean articles → enriched articles."""

from __future__ import annotations

import faust

from schemas import CleanArticle
from services.common.agent import add_stage_agent
from services.common.settings import Settings
from services.enricher.enrich import enrich_article, warm_up
from services.enricher.stories import StoryIndex


def register(app: faust.App, settings: Settings) -> None:
    # The model and the gazetteer take seconds to load: before the worker joins its group, not while it blocks the
    # loop.
    warm_up()
    # One story index per worker process: it sees the articles of the partitions this worker holds (see README).
    stories = StoryIndex()
    add_stage_agent(
        app,
        settings,
        stage="enricher",
        topics=settings.topics.stage_io("enricher"),
        in_model=CleanArticle,
        fn=lambda clean: [enrich_article(clean, stories)],
    )
