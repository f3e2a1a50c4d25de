import base64
from collections.abc import Sequence

from pydantic import BaseModel

from schemas import CleanArticle, RawArticle
from services.common.codec import encode
from services.common.stage import Source, run_step
from tests.unit.common.test_codec import raw


def clean(record: RawArticle) -> Sequence[BaseModel]:
    body = {"body": record.text}
    return [CleanArticle.model_validate({"article_id": record.article_id, "source_path": record.source_path,
                                         "article": body})]  # fmt: skip


def step(payload: bytes, fn=clean, offset: int = 1):  # type: ignore[no-untyped-def]
    return run_step("cleaner", payload, RawArticle, fn, source=Source("t", 2, offset), max_inline=100)


def test_good_record_gives_outputs() -> None:
    outcome = step(encode(raw()))
    assert outcome.dead_letter is None
    assert [o.article.body for o in outcome.outputs] == ["hey"]  # type: ignore[attr-defined]


def test_undecodable_record_becomes_dead_letter_with_payload() -> None:
    letter = step(b"\x00\xff", offset=7).dead_letter
    assert letter is not None and letter.stage == "cleaner" and letter.reason == "decode_error"
    assert (letter.source_topic, letter.partition, letter.offset) == ("t", 2, 7)
    assert letter.payload_encoding == "base64" and base64.b64decode(letter.payload or "") == b"\x00\xff"


def test_processing_error_is_caught_and_names_the_article() -> None:
    def boom(record: RawArticle) -> Sequence[BaseModel]:
        raise ValueError("bad")

    letter = step(encode(raw()), fn=boom).dead_letter
    assert letter is not None
    assert letter.reason == "processing_error" and "ValueError: bad" in letter.error
    assert letter.article_id == "abc"


def test_large_payload_is_referenced_not_copied() -> None:
    letter = step(b"x" * 500, offset=9).dead_letter
    assert letter is not None and letter.payload is None and letter.payload_ref == "t/2@9"
    assert letter.payload_size == 500


def test_dead_letter_id_is_stable_across_replays() -> None:
    a, b = step(b"nope", offset=3).dead_letter, step(b"nope", offset=3).dead_letter
    assert a is not None and b is not None and a.dead_letter_id == b.dead_letter_id


def test_an_article_with_no_text_left_after_cleaning_is_a_no_article_dead_letter() -> None:
    def nothing_left(record: RawArticle) -> Sequence[BaseModel]:
        return [CleanArticle.model_validate({"article_id": record.article_id, "source_path": "p",
                                             "article": {"body": "  \n"}})]  # fmt: skip

    outcome = step(encode(raw()), fn=nothing_left)
    assert outcome.outputs == []
    assert outcome.dead_letter is not None and outcome.dead_letter.reason == "no_article"
    assert outcome.dead_letter.article_id == raw().article_id


def test_an_article_text_over_the_limit_is_refused_before_the_stage_runs() -> None:
    record = CleanArticle.model_validate({"article_id": "a", "source_path": "p", "article": {"body": "x" * 50}})
    called = []
    outcome = run_step(
        "enricher", encode(record), CleanArticle, lambda r: called.append(r) or [],
        source=Source("t", 0, 1), max_inline=100, max_chars=10,
    )  # fmt: skip
    assert called == []
    assert outcome.dead_letter is not None and outcome.dead_letter.reason == "too_long"
    assert "50 characters, over the limit of 10" in outcome.dead_letter.error
