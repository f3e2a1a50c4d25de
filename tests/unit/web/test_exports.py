"""Exports: CSV streamed with its header, Parquet that pandas reads back."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
from collections.abc import AsyncIterator
from typing import Any

import pandas as pd

from services.web.exports import csv_lines, parquet

NAMES = ["GLOBALEVENTID", "SQLDATE", "ActionGeo_FullName", "Fatalities", "DATEADDED"]
ROWS: list[tuple[Any, ...]] = [
    ("e1", 20240201, 'Kharkiv, "east"', 3, dt.datetime(2024, 2, 1, 9, 30, tzinfo=dt.UTC)),
    ("e2", 20240202, None, None, dt.datetime(2024, 2, 2, 10, 0, tzinfo=dt.UTC)),
    ("e3", None, "Gaza\nStrip", 0, dt.datetime(2024, 2, 3, 11, 0, tzinfo=dt.UTC)),
]


async def chunks(rows: list[tuple[Any, ...]], size: int = 2) -> AsyncIterator[tuple[list[str], list[tuple[Any, ...]]]]:
    if not rows:
        yield NAMES, []
    for i in range(0, len(rows), size):
        yield NAMES, rows[i : i + size]


async def collect(parts: AsyncIterator[bytes]) -> bytes:
    return b"".join([p async for p in parts])


def test_csv_has_one_header_and_every_row_quoted_as_needed() -> None:
    text = asyncio.run(collect(csv_lines(chunks(ROWS)))).decode("utf-8")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == NAMES
    assert len(table) == 1 + len(ROWS)
    assert table[1][2] == 'Kharkiv, "east"' and table[3][2] == "Gaza\nStrip"


def test_an_empty_export_is_a_header() -> None:
    text = asyncio.run(collect(csv_lines(chunks([])))).decode("utf-8")
    assert text.strip() == ",".join(NAMES)


def test_parquet_reads_back_in_pandas() -> None:
    frame = pd.read_parquet(io.BytesIO(asyncio.run(parquet(chunks(ROWS)))))
    assert list(frame.columns) == NAMES
    assert len(frame) == 3
    assert frame["GLOBALEVENTID"].tolist() == ["e1", "e2", "e3"]
    assert frame["Fatalities"].isna().tolist() == [False, True, False]


def test_an_empty_parquet_keeps_its_columns() -> None:
    frame = pd.read_parquet(io.BytesIO(asyncio.run(parquet(chunks([])))))
    assert list(frame.columns) == NAMES and len(frame) == 0
