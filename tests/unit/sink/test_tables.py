"""The one list of each table's columns, and the select lists built from them."""

from __future__ import annotations

from services.sink.sql import column_list
from services.sink.tables import MENTION_COLUMNS, MENTION_SIGNATURE_COLUMNS


def test_what_the_resolution_reads_is_what_the_writer_writes_and_the_event_it_gives() -> None:
    assert set(MENTION_SIGNATURE_COLUMNS) <= {*MENTION_COLUMNS, "event_id"}


def test_a_select_list_is_quoted_and_qualified() -> None:
    assert column_list(["mention_id", "date"], "m") == '"m"."mention_id", "m"."date"'
    assert column_list(["date"]) == '"date"'
