import datetime as dt

import pytest

from schemas import RawArticle
from services.common.codec import RecordError, decode, encode


def raw(**over: object) -> RawArticle:
    fields: dict[str, object] = dict(
        article_id="abc",
        source_path="a.txt",
        content_type="text/plain",
        encoding="utf-8",
        size_bytes=3,
        text="hey",
        produced_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    fields.update(over)
    return RawArticle.model_validate(fields)


def test_round_trip() -> None:
    record = raw()
    assert decode(encode(record), RawArticle) == record


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (None, "decode_error"),
        (b"\xff\xfe\x00", "decode_error"),
        (b"{not json", "decode_error"),
        (b'{"article_id": "x"}', "validation_error"),
    ],
)
def test_failures_are_classified(payload: bytes | None, reason: str) -> None:
    with pytest.raises(RecordError) as info:
        decode(payload, RawArticle)
    assert info.value.reason == reason


def test_future_schema_version_is_refused() -> None:
    data = encode(raw()).replace(b'"schema_version":1', b'"schema_version":2')
    with pytest.raises(RecordError) as info:
        decode(data, RawArticle)
    assert info.value.reason == "unsupported_schema_version"
