"""The one list of each table's columns, and the select lists built from them."""

from __future__ import annotations

from services.sink.sql import columns
from services.sink.tables import MENTION_COLUMNS, MENTION_SIGNATURE_COLUMNS


def test_what_the_resolution_reads_is_what_the_writer_writes_and_the_event_it_gives() -> None:
    assert set(MENTION_SIGNATURE_COLUMNS) <= {*MENTION_COLUMNS, "event_id"}


def test_a_select_list_is_quoted_and_qualified() -> None:
    assert columns(["mention_id", "date"], "m").as_string(None) == '"m"."mention_id", "m"."date"'
    assert columns(["date"]).as_string(None) == '"date"'
