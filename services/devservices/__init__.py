"""The project's own local services: a real Apache Kafka broker and a real PostgreSQL server, no Docker.

``python -m services.devservices up|down|status|env`` from a checkout; the same from Python::

    from services.devservices import up, down
    endpoints = up(state_dir)      # Endpoints(kafka_bootstrap=..., database_url=...)
    down(state_dir)

``kafka_up/kafka_down/postgres_up/postgres_down`` stop and restart one service with its data and port kept.
"""

from ._proc import DevServiceError
from .stack import (
    Endpoints,
    StackStatus,
    default_state_dir,
    down,
    env_lines,
    kafka_down,
    kafka_up,
    postgres_down,
    postgres_up,
    read_env,
    status,
    up,
)

__all__ = [
    "DevServiceError",
    "Endpoints",
    "StackStatus",
    "default_state_dir",
    "down",
    "env_lines",
    "kafka_down",
    "kafka_up",
    "postgres_down",
    "postgres_up",
    "read_env",
    "status",
    "up",
]
