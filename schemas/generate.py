"""Writes the JSON Schema of every record into ``schemas/json/``; a test fails when they drift apart."""

from __future__ import annotations

import json
from pathlib import Path

from schemas.records import RECORD_TYPES, SCHEMA_VERSION

JSON_DIR = Path(__file__).parent / "json"


def schema_path(name: str) -> Path:
    return JSON_DIR / f"{name}.v{SCHEMA_VERSION}.schema.json"


def render(name: str) -> str:
    schema = RECORD_TYPES[name].model_json_schema()
    schema["$id"] = f"newsstream/{name}/v{SCHEMA_VERSION}"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_all() -> list[Path]:
    JSON_DIR.mkdir(exist_ok=True)
    written = []
    for name in RECORD_TYPES:
        path = schema_path(name)
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p)
