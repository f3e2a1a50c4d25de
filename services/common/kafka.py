"""aiokafka clients configured from Settings, and topic creation (topics must exist before agents subscribe)."""

from __future__ import annotations

import contextlib
import ssl
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from services.common.settings import Settings


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The TLS context for SSL and SASL_SSL: the system's CAs or ``kafka_ssl_cafile``, a client certificate
    when one is given (mutual TLS). None for the plaintext protocols."""
    if settings.kafka_security_protocol not in {"SSL", "SASL_SSL"}:
        return None
    from aiokafka.helpers import create_ssl_context

    context = create_ssl_context(
        cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None,
        certfile=str(settings.kafka_ssl_certfile) if settings.kafka_ssl_certfile else None,
        keyfile=str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None,
    )
    context.check_hostname = settings.kafka_ssl_check_hostname
    return context


def client_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap,
        "security_protocol": settings.kafka_security_protocol,
    }
    if settings.kafka_sasl_mechanism:
        options["sasl_mechanism"] = settings.kafka_sasl_mechanism
        options["sasl_plain_username"] = settings.kafka_sasl_username
        if settings.kafka_sasl_password is not None:
            options["sasl_plain_password"] = settings.kafka_sasl_password.get_secret_value()
    context = ssl_context(settings)
    if context is not None:
        options["ssl_context"] = context
    return options


def producer(settings: Settings) -> AIOKafkaProducer:
    # acks=all + idempotence: a retried send never writes a record twice, and none is lost on a leader change.
    return AIOKafkaProducer(
        **client_options(settings),
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_request_size=16 << 20,
    )


def consumer(settings: Settings, *topics: str, group_id: str, **extra: Any) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        *topics,
        **client_options(settings),
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        **extra,
    )


async def create_topics(settings: Settings) -> list[str]:
    """Creates the pipeline's topics if missing; returns the names it created."""
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in settings.topics.all() if t not in existing]
        if wanted:
            with contextlib.suppress(TopicAlreadyExistsError):  # another process raced us to it
                await admin.create_topics(
                    [NewTopic(t, settings.partitions, settings.replication_factor) for t in wanted]
                )
        return wanted
    finally:
        await admin.close()
