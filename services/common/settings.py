"""Configuration from the environment (prefix ``NEWSSTREAM_``), through pydantic-settings.

Credentials come from the environment or from secret files, never from code: each field can also be a file named
after its variable in lower case (``newsstream_database_url``, ``newsstream_kafka_sasl_password``) in the secrets
dir, ``$NEWSSTREAM_SECRETS_DIR`` or else ``/run/secrets`` (where Docker and Kubernetes mount secrets) when it
exists. The environment wins over a secret file.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRETS_DIR_ENV = "NEWSSTREAM_SECRETS_DIR"
DEFAULT_SECRETS_DIR = Path("/run/secrets")


def secrets_dir() -> Path | None:
    """Where secret files are read from: $NEWSSTREAM_SECRETS_DIR, else /run/secrets if present, else none."""
    given = os.environ.get(SECRETS_DIR_ENV)
    if given:
        return Path(given)
    return DEFAULT_SECRETS_DIR if DEFAULT_SECRETS_DIR.is_dir() else None


class TopicNames(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSSTREAM_TOPIC_", extra="ignore")

    raw: str = "articles.raw.v1"
    clean: str = "articles.clean.v1"
    enriched: str = "articles.enriched.v1"
    events: str = "article-events.v1"  # one record per article: its events, replacing an earlier extraction's
    dead_letters: str = "deadletters.v1"

    def all(self) -> list[str]:
        return [self.raw, self.clean, self.enriched, self.events, self.dead_letters]

    def stage_io(self, stage: str) -> tuple[str, str]:
        """The topic ``stage`` reads and the topic it writes: the pipeline's order, said once."""
        io = {
            "cleaner": (self.raw, self.clean),
            "enricher": (self.clean, self.enriched),
            "extractor": (self.enriched, self.events),
        }
        if stage not in io:
            raise ValueError(f"unknown stage {stage!r}; choose from {sorted(io)}")
        return io[stage]


class Settings(BaseSettings):
    """Everything a worker or command needs; every field can be set as ``NEWSSTREAM_<FIELD>``."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSSTREAM_", extra="ignore", secrets_dir=None, env_nested_delimiter="__"
    )

    def __init__(self, **values: Any) -> None:
        if "_secrets_dir" not in values:
            values["_secrets_dir"] = secrets_dir()
        super().__init__(**values)

    kafka_bootstrap: str = Field(default="localhost:9092", description="host:port[,host:port]")
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = Field(default=None, description="CA bundle for the brokers' certificates")
    kafka_ssl_certfile: Path | None = Field(default=None, description="client certificate (mutual TLS)")
    kafka_ssl_keyfile: Path | None = Field(default=None, description="client key (mutual TLS)")
    kafka_ssl_check_hostname: bool = True
    partitions: int = Field(default=4, ge=1, description="partitions of each topic the project creates")
    replication_factor: int = Field(default=1, ge=1)

    database_url: SecretStr = SecretStr("postgresql://newsstream@localhost:5432/newsstream")
    # Only `newsstream db-setup` uses it: a superuser's URL, to create the sink's role (never the sink itself).
    db_admin_url: SecretStr | None = None
    # libpq's TLS parameters, added to the URL's (a value here wins): disable, allow, prefer, require,
    # verify-ca, verify-full. Left unset, the URL (``?sslmode=...``) or libpq's default (prefer) decides.
    database_sslmode: Literal["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] | None = None
    database_sslrootcert: Path | None = None
    database_sslcert: Path | None = None
    database_sslkey: Path | None = None

    # The events explorer (`newsstream web`): read-only, through a role that may only SELECT (services/web/).
    explorer_database_url: SecretStr | None = Field(
        default=None, description="libpq URL of a role that can only read the sink's tables"
    )
    explorer_host: str = Field(default="127.0.0.1", description="where the explorer listens: loopback unless set")
    explorer_port: int = Field(default=8080, ge=1, le=65535)
    web_port: int = Field(default=6066, description="a stage worker's HTTP port: /health, /ready, /metrics")
    # A stage's lag gauge also moves when no record does: its partitions' ends are asked of the broker this often.
    lag_refresh_s: float = Field(default=10.0, gt=0)
    sink_web_port: int = Field(default=6067, description="the sink's HTTP port: /health, /ready, /metrics")
    log_level: str = "INFO"

    # Faust's guarantee for the stage workers; see tests/README.md on processing guarantees.
    processing_guarantee: Literal["at_least_once", "exactly_once"] = "at_least_once"
    # Back-pressure: how many records a worker buffers per partition, and fetches per poll.
    stream_buffer_maxsize: int = Field(default=256, ge=1)
    max_poll_records: int = Field(default=100, ge=1)
    # A worker that stops heartbeating (killed, hung) loses its partitions after this long; the longest record
    # (max_text_chars) must take less, or a busy worker is taken for a dead one.
    session_timeout_s: float = Field(default=30.0, ge=6.0)
    consumer_max_fetch_bytes: int = Field(default=1 << 20, ge=1024, description="per partition and fetch")

    max_file_bytes: int = Field(default=10 * 1024 * 1024, description="larger files go to the dead letters")
    max_text_chars: int = Field(
        default=100_000,
        ge=1,
        description="longer article texts go to the dead letters (too_long): the stages' time grows faster than"
        " the text, and one giant record must not stall a partition",
    )
    max_payload_in_dead_letter: int = Field(
        default=64 * 1024, description="payloads above this are referenced, not copied, in a dead letter"
    )

    sink_batch_size: int = 200
    sink_batch_timeout_ms: int = 500
    # The broker holds a sink fetch until this much is there or the wait is over: batches of several articles, so
    # fewer fetches, transactions and offset commits per article (each costs the broker and Postgres CPU), for at
    # most this much added latency.
    sink_fetch_min_bytes: int = Field(default=256 * 1024, ge=1)
    sink_fetch_max_wait_ms: int = Field(default=200, ge=0)
    group_prefix: str = Field(default="newsstream", description="consumer groups are <prefix>-<stages>")
    sink_group: str = "newsstream-sink"
    # Fault injection, for tests only: the sink exits (os._exit) right after its N-th database commit and
    # before it commits the offsets of that batch, as a crash at the worst moment would.
    sink_crash_after_write: int | None = Field(default=None, ge=1)

    @cached_property
    def topics(self) -> TopicNames:
        return TopicNames()

    def database_conninfo(self) -> str:
        """The libpq connection string: the URL plus the ``database_ssl*`` settings (they win over the URL's)."""
        from psycopg.conninfo import make_conninfo

        extra = {
            "sslmode": self.database_sslmode,
            "sslrootcert": self.database_sslrootcert,
            "sslcert": self.database_sslcert,
            "sslkey": self.database_sslkey,
        }
        return make_conninfo(
            self.database_url.get_secret_value(), **{k: str(v) for k, v in extra.items() if v is not None}
        )

    @property
    def kafka_url(self) -> str:
        """Faust's broker URL form: ``kafka://host:port;host:port``."""
        return ";".join(f"kafka://{hp.strip()}" for hp in self.kafka_bootstrap.split(","))
