"""The Faust app: one per worker process, running the stages it is given.

Each set of stages gets its own consumer group (app id), so the cleaner, enricher and extractor can each run as
their own service and scale by adding workers, or all run in one worker for a demo.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import faust

from services.common.kafka import ssl_context
from services.common.metrics import READY, render
from services.common.settings import Settings

STAGES = ("cleaner", "enricher", "extractor")


def app_id(prefix: str, stages: Sequence[str]) -> str:
    return prefix + "-" + "-".join(s for s in STAGES if s in stages)


def broker_credentials(settings: Settings) -> faust.types.auth.CredentialsT | None:
    """Faust's form of the Kafka security settings (SASL over plaintext or TLS, or TLS alone)."""
    context = ssl_context(settings)
    if settings.kafka_security_protocol.startswith("SASL"):
        if not settings.kafka_sasl_mechanism or settings.kafka_sasl_password is None:
            raise ValueError(
                f"{settings.kafka_security_protocol} needs NEWSSTREAM_KAFKA_SASL_MECHANISM and "
                "NEWSSTREAM_KAFKA_SASL_PASSWORD (or its secret file)"
            )
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username or "",
            password=settings.kafka_sasl_password.get_secret_value(),
            mechanism=settings.kafka_sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def add_operational_views(app: faust.App, stage: str) -> None:
    """/health (the process answers), /ready (it has joined its group and is not rebalancing), /metrics."""
    from faust.web import Request, Response, View

    joined = {"done": False}

    @app.on_partitions_assigned.connect
    async def _assigned(*_: Any, **__: Any) -> None:
        joined["done"] = True

    @app.page("/health")
    async def health(self: View, request: Request) -> Response:
        return self.json({"status": "ok", "stage": stage})

    @app.page("/ready")
    async def ready(self: View, request: Request) -> Response:
        ok = joined["done"] and not app.rebalancing and not app.should_stop
        READY.labels(stage).set(1 if ok else 0)
        detail = {"ready": ok, "stage": stage, "joined_group": joined["done"], "rebalancing": app.rebalancing}
        return self.json(detail, status=200 if ok else 503)

    @app.page("/metrics")
    async def metrics(self: View, request: Request) -> Response:
        body, content_type = render()
        # aiohttp takes a charset only through the header, not content_type=
        return self.bytes(body, headers={"Content-Type": content_type})


def create_app(settings: Settings, stages: Sequence[str] = STAGES) -> faust.App:
    unknown = set(stages) - set(STAGES)
    if unknown:
        raise ValueError(f"unknown stage(s) {sorted(unknown)}; choose from {STAGES}")
    credentials = broker_credentials(settings)
    app = faust.App(
        app_id(settings.group_prefix, stages),
        broker=settings.kafka_url,
        broker_credentials=credentials,
        processing_guarantee=settings.processing_guarantee,
        # Back-pressure: a worker holds at most this many records per partition; a replay far ahead of the
        # slowest stage waits in Kafka, not in memory.
        stream_buffer_maxsize=settings.stream_buffer_maxsize,
        broker_max_poll_records=settings.max_poll_records,
        consumer_max_fetch_size=settings.consumer_max_fetch_bytes,
        broker_session_timeout=settings.session_timeout_s,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        web_port=settings.web_port,
        web_host="0.0.0.0",
        autodiscover=False,
    )
    add_operational_views(app, "+".join(s for s in STAGES if s in stages))
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
