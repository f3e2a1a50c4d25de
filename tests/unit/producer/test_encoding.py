import pytest

from services.producer.encoding import NotText, decode_text


def test_utf8() -> None:
    assert decode_text("Çavuşoğlu said".encode()).text == "Çavuşoğlu said"


def test_utf8_bom_is_stripped() -> None:
    decoded = decode_text(b"\xef\xbb\xbfHello")
    assert decoded.text == "Hello" and decoded.encoding == "utf-8-sig"


def test_legacy_single_byte() -> None:
    text = "Le ministre a déclaré que la réunion était très importante pour la région. " * 3
    decoded = decode_text(text.encode("cp1252"))
    assert decoded.text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty_file"), (b"  \n ", "empty_file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary_file")],
)
def test_refused(data: bytes, reason: str) -> None:
    with pytest.raises(NotText) as info:
        decode_text(data)
    assert info.value.reason == reason
