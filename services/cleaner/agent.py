"""Cleaner agent: raw articles → clean articles."""

from __future__ import annotations

import faust

from schemas import RawArticle
from services.cleaner.clean import clean_article, warm_up
from services.common.agent import add_stage_agent
from services.common.settings import Settings


def register(app: faust.App, settings: Settings) -> None:
    warm_up()  # before the worker joins its group, as the other stages do
    add_stage_agent(
        app,
        settings,
        stage="cleaner",
        topics=settings.topics.stage_io("cleaner"),
        in_model=RawArticle,
        fn=lambda raw: [clean_article(raw)],
    )
