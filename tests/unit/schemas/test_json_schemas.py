import json

import pytest

from schemas.generate import render, schema_path
from schemas.records import RECORD_TYPES


@pytest.mark.parametrize("name", sorted(RECORD_TYPES))
def test_generated_schema_matches_model(name: str) -> None:
    path = schema_path(name)
    assert path.is_file(), f"{path} missing: run python -m schemas.generate"
    assert path.read_text(encoding="utf-8") == render(name), (
        f"{path.name} drifted from the model: run python -m schemas.generate"
    )


@pytest.mark.parametrize("name", sorted(RECORD_TYPES))
def test_every_top_level_record_is_versioned(name: str) -> None:
    schema = json.loads(render(name))
    assert "schema_version" in schema["properties"]
    assert schema["properties"]["schema_version"]["const"] == 1
