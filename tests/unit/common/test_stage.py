import base64

from schemas import CleanArticle
from services.common.stage import Source, run_step
from tests.unit.common.test_codec import raw


def clean(record):  # type: ignore[no-untyped-def]
    return [CleanArticle(article_id=record.article_id, source_path=record.source_path,
                         article={"body": record.text})]  # fmt: skip


def test_good_record_gives_outputs() -> None:
    from services.common.codec import encode
    from schemas import RawArticle

    outcome = run_step("cleaner", encode(raw()), RawArticle, clean, source=Source("t", 0, 5), max_inline=100)
    assert outcome.dead_letter is None
    assert [o.article.body for o in outcome.outputs] == ["hey"]  # type: ignore[attr-defined]


def test_undecodable_record_becomes_dead_letter_with_payload() -> None:
    from schemas import RawArticle

    outcome = run_step("cleaner", b"\x00\xff", RawArticle, clean, source=Source("t", 1, 7), max_inline=100)
    letter = outcome.dead_letter
    assert letter is not None and letter.stage == "cleaner" and letter.reason == "decode_error"
    assert (letter.source_topic, letter.partition, letter.offset) == ("t", 1, 7)
    assert letter.payload_encoding == "base64" and base64.b64decode(letter.payload or "") == b"\x00\xff"


def test_processing_error_is_caught_and_names_the_article() -> None:
    from services.common.codec import encode
    from schemas import RawArticle

    def boom(record):  # type: ignore[no-untyped-def]
        raise ValueError("bad")

    outcome = run_step("cleaner", encode(raw()), RawArticle, boom, source=Source("t", 0, 1), max_inline=100)
    assert outcome.dead_letter is not None
    assert outcome.dead_letter.reason == "processing_error" and "ValueError: bad" in outcome.dead_letter.error
    assert outcome.dead_letter.article_id == "abc"


def test_large_payload_is_referenced_not_copied() -> None:
    from schemas import RawArticle

    outcome = run_step("cleaner", b"x" * 500, RawArticle, clean, source=Source("t", 2, 9), max_inline=100)
    letter = outcome.dead_letter
    assert letter is not None and letter.payload is None and letter.payload_ref == "t/2@9"
    assert letter.payload_size == 500


def test_dead_letter_id_is_stable_across_replays() -> None:
    from schemas import RawArticle

    a = run_step("cleaner", b"nope", RawArticle, clean, source=Source("t", 0, 3), max_inline=100).dead_letter
    b = run_step("cleaner", b"nope", RawArticle, clean, source=Source("t", 0, 3), max_inline=100).dead_letter
    assert a is not None and b is not None and a.dead_letter_id == b.dead_letter_id
