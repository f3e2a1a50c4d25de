"""Configuration from the environment (prefix ``NEWSSTREAM_``), through pydantic-settings."""

from __future__ import annotations

from functools import cached_property

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class TopicNames(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSSTREAM_TOPIC_", extra="ignore")

    raw: str = "articles.raw.v1"
    clean: str = "articles.clean.v1"
    enriched: str = "articles.enriched.v1"
    events: str = "events.v1"
    dead_letters: str = "deadletters.v1"

    def all(self) -> list[str]:
        return [self.raw, self.clean, self.enriched, self.events, self.dead_letters]


class Settings(BaseSettings):
    """Everything a worker or command needs; every field can be set as ``NEWSSTREAM_<FIELD>``."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSSTREAM_", extra="ignore", secrets_dir=None, env_nested_delimiter="__"
    )

    kafka_bootstrap: str = Field(default="localhost:9092", description="host:port[,host:port]")
    kafka_security_protocol: str = "PLAINTEXT"
    kafka_sasl_mechanism: str | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    partitions: int = Field(default=4, ge=1, description="partitions of each topic the project creates")
    replication_factor: int = Field(default=1, ge=1)

    database_url: SecretStr = SecretStr("postgresql://newsstream@localhost:5432/newsstream")

    web_port: int = 6066
    log_level: str = "INFO"

    max_file_bytes: int = Field(default=10 * 1024 * 1024, description="larger files go to the dead letters")
    max_payload_in_dead_letter: int = Field(
        default=64 * 1024, description="payloads above this are referenced, not copied, in a dead letter"
    )

    sink_batch_size: int = 200
    sink_batch_timeout_ms: int = 500
    group_prefix: str = Field(default="newsstream", description="consumer groups are <prefix>-<stages>")
    sink_group: str = "newsstream-sink"

    @cached_property
    def topics(self) -> TopicNames:
        return TopicNames()

    @property
    def kafka_url(self) -> str:
        """Faust's broker URL form: ``kafka://host:port;host:port``."""
        return ";".join(f"kafka://{hp.strip()}" for hp in self.kafka_bootstrap.split(","))
