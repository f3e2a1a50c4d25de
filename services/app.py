"""The Faust app: one per worker process, running the stages it is given.

Each set of stages gets its own consumer group (app id), so the cleaner, enricher and extractor can each run as
their own service and scale by adding workers, or all run in one worker for a demo.
"""

from __future__ import annotations

from collections.abc import Sequence

import faust

from services.common.settings import Settings

STAGES = ("cleaner", "enricher", "extractor")


def app_id(prefix: str, stages: Sequence[str]) -> str:
    return prefix + "-" + "-".join(s for s in STAGES if s in stages)


def create_app(settings: Settings, stages: Sequence[str] = STAGES) -> faust.App:
    unknown = set(stages) - set(STAGES)
    if unknown:
        raise ValueError(f"unknown stage(s) {sorted(unknown)}; choose from {STAGES}")
    credentials = None
    if settings.kafka_sasl_mechanism and settings.kafka_sasl_password is not None:
        credentials = faust.SASLCredentials(
            username=settings.kafka_sasl_username or "",
            password=settings.kafka_sasl_password.get_secret_value(),
            mechanism=settings.kafka_sasl_mechanism,
        )
    app = faust.App(
        app_id(settings.group_prefix, stages),
        broker=settings.kafka_url,
        broker_credentials=credentials,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        web_port=settings.web_port,
        web_host="0.0.0.0",
        autodiscover=False,
    )
    # Imported here so that a worker only loads the stages (and models) it runs.
    if "cleaner" in stages:
        from services.cleaner.agent import register as register_cleaner

        register_cleaner(app, settings)
    if "enricher" in stages:
        from services.enricher.agent import register as register_enricher

        register_enricher(app, settings)
    if "extractor" in stages:
        from services.extractor.agent import register as register_extractor

        register_extractor(app, settings)
    return app
