"""Bytes on a topic <-> typed records. Decoding failures are told apart so dead letters say which it was."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

T = TypeVar("T", bound=BaseModel)


class RecordError(Exception):
    """A payload that is not a valid record; ``reason`` is a short machine-friendly class."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def encode(record: BaseModel) -> bytes:
    return record.model_dump_json().encode("utf-8")


def decode(payload: bytes | None, model: type[T]) -> T:
    if payload is None:
        raise RecordError("decode_error", "empty payload (tombstone)")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RecordError("decode_error", f"payload is not UTF-8: {exc}") from exc
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        # pydantic reports broken JSON as a validation error of type json_invalid; keep the two apart.
        if any(err.get("type") == "json_invalid" for err in exc.errors()):
            raise RecordError("decode_error", f"payload is not JSON: {exc.errors()[0].get('msg')}") from exc
        if any(err.get("loc") == ("schema_version",) for err in exc.errors()):
            raise RecordError("unsupported_schema_version", _short(exc)) from exc
        raise RecordError("validation_error", _short(exc)) from exc


def _short(exc: ValidationError, limit: int = 2000) -> str:
    text = str(exc)
    return text if len(text) <= limit else text[:limit] + " …"
