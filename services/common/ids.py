"""Stable ids: the same content always gets the same id, so a replay changes nothing downstream."""

from __future__ import annotations

import hashlib


def content_id(data: bytes, length: int = 16) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def derived_id(*parts: object, length: int = 16) -> str:
    """An id made from other ids and values, e.g. an event from its article, sentence and type."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]
