"""A publication stamp at a page's top, run together with the text after it, when no sidecar gives the day."""

from __future__ import annotations

import datetime as dt

import pytest

from schemas.records import CleanArticle, RawArticle
from services.cleaner.clean import clean_article
from services.cleaner.dates import split_leading_stamp
from services.cleaner.patterns import load_patterns
from services.cleaner.segment import segment_lines

_BODY = (
    "The two delegations met for a third day in the capital and agreed on a timetable for the withdrawal.\n\n"
    "Officials said the next round would take place after the holidays, once both cabinets had approved it.\n"
)


def _clean(text: str) -> CleanArticle:
    raw = RawArticle(
        article_id="t",
        source_path="t.txt",
        content_type="text/plain",
        encoding="utf-8",
        size_bytes=len(text.encode()),
        text=text,
        produced_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    return clean_article(raw)


@pytest.mark.parametrize(
    ("first_line", "day"),
    [
        (" date 2021-04-02 Talks on the border ended with a joint statement on Friday night.", dt.date(2021, 4, 2)),
        ("Updated: 02-04-2021 10:05 IST Talks on the border ended with a joint statement.", dt.date(2021, 4, 2)),
        ("Published 2 April 2021 Talks on the border ended with a joint statement on Friday.", dt.date(2021, 4, 2)),
    ],
)
def test_a_stamp_run_into_the_first_paragraph_is_the_day_and_leaves_the_text(first_line: str, day: dt.date) -> None:
    article = _clean(first_line + "\n\n" + _BODY).article
    assert article.published_day == day
    assert article.body.startswith("Talks on the border")
    assert "2021" not in article.body and "2021" not in (article.title or "")


def test_a_stamp_beside_a_section_label_above_the_text_is_read() -> None:
    article = _clean(" date 2023-08-22 - WORLD & REGION\n13:30 JST, August 22, 2023\n" + _BODY).article
    assert article.published_day == dt.date(2023, 8, 22)
    assert "2023" not in article.body


def test_only_a_stamp_at_the_start_of_a_top_line_is_split_off() -> None:
    patterns = load_patterns()
    prose = "The talks that began on 2 April 2021 in Geneva ended without a statement on Friday."
    lines = segment_lines(f"{prose}\n\nSecond paragraph of the story, with more words in it.\n")
    assert [line.text for line in split_leading_stamp(lines, patterns)] == [line.text for line in lines]
    assert lines[0].text == prose
    deep = segment_lines("\n\n".join(["A line of the story with enough words in it."] * 7 + ["date 2021-04-02 Text"]))
    assert split_leading_stamp(deep, patterns)[-1].text == "date 2021-04-02 Text"
    (stamp, text) = split_leading_stamp(segment_lines("Posted on 3 March 2021 The army said it had left."), patterns)
    assert (stamp.text, text.text) == ("Posted on 3 March 2021", "The army said it had left.")
    assert stamp.number == text.number == 1
