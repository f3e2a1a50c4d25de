"""Where newsstream keeps what it fetches or builds once per machine and shares across checkouts (Kafka's jars, the
gazetteer index, the evaluation pages, the benchmark corpus): ``$NEWSSTREAM_CACHE``, else ``~/.cache/newsstream``."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    env = os.environ.get("NEWSSTREAM_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "newsstream"
