"""What tests across the tree share: the seed gold that sits beside the repository (``../shared/eval``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "seeds-gold.json"


@pytest.fixture
def shared_gold() -> Path:
    """The seed gold's path. Missing, the test is skipped on a developer's machine and fails under CI=true, where
    every gold must be present."""
    if not SHARED_GOLD.is_file():
        message = f"no seed gold at {SHARED_GOLD} (the shared/ folder beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return SHARED_GOLD
