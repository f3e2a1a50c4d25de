"""The filtered events or mentions as files an analyst opens in pandas or R: CSV streamed as it is read, Parquet
written whole (its footer needs every row group first) with pyarrow."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

Chunks = AsyncIterator[tuple[list[str], list[tuple[Any, ...]]]]


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


async def csv_lines(chunks: Chunks) -> AsyncIterator[bytes]:
    """RFC 4180 CSV, a header row first, encoded as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header_written = False
    async for names, rows in chunks:
        if not header_written:
            writer.writerow(names)
            header_written = True
        writer.writerows([[_cell(v) for v in row] for row in rows])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()


def parquet_bytes(names: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> bytes:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    table = pa.table({name: pa.array(list(values)) for name, values in zip(names, columns, strict=True)})
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd")
    return out.getvalue()


async def parquet(chunks: Chunks) -> bytes:
    header: list[str] = []
    rows: list[tuple[Any, ...]] = []
    async for names, part in chunks:
        header = names
        rows.extend(part)
    return parquet_bytes(header, rows)
