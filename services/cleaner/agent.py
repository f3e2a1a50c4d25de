"""Cleaner agent: raw articles → clean articles."""

from __future__ import annotations

import faust

from schemas import RawArticle
from services.cleaner.clean import clean_article
from services.common.agent import add_stage_agent
from services.common.settings import Settings


def register(app: faust.App, settings: Settings) -> None:
    add_stage_agent(
        app,
        settings,
        stage="cleaner",
        source=settings.topics.raw,
        target=settings.topics.clean,
        in_model=RawArticle,
        fn=lambda raw: [clean_article(raw)],
    )
