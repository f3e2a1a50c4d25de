"""structlog, rendering JSON lines on stderr for our own loggers and for the libraries' (Faust, aiokafka).

Every line a stage writes carries its ``stage`` (bound once per process) and, where there is one, the
``article_id``. Stdout is left for data (``newsstream process`` prints JSON there).
"""

from __future__ import annotations

import logging
import logging.config
import sys
from typing import Any

import structlog

_SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def json_formatter() -> logging.Formatter:
    """Formatter for stdlib log records (ours via structlog, and foreign ones) as one JSON object a line."""
    return structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        foreign_pre_chain=[*_SHARED, structlog.stdlib.ExtraAdder()],
    )


def dict_config(level: str) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the root logger: also handed to Faust's worker, which re-applies it."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": json_formatter}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}
        },
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        # aiokafka is chatty at INFO about every group join; its warnings still show.
        "loggers": {"aiokafka": {"level": "WARNING"}},
    }


def configure(level: str = "INFO", **context: Any) -> None:
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    logging.config.dictConfig(dict_config(level))
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(**context)
    sys.excepthook = _log_uncaught


def _log_uncaught(kind: type[BaseException], value: BaseException, tb: Any) -> None:
    structlog.get_logger().critical("uncaught exception", exc_info=(kind, value, tb))


def get_logger(stage: str) -> Any:
    """A lazy logger: safe at import time, it takes its configuration on first use."""
    return structlog.get_logger(f"newsstream.{stage}", stage=stage)
