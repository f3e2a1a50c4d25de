"""Ranges (character offsets, days) joined where they overlap or touch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

Bound = TypeVar("Bound", int, dt.date)


def merged(ranges: Iterable[tuple[Bound, Bound]]) -> list[tuple[Bound, Bound]]:
    """The ranges joined where they overlap or touch: disjoint, in order."""
    out: list[tuple[Bound, Bound]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
