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


BODY = "Turkey's foreign minister met Lavrov in Ankara. The café was closed. Ça va, naïve señor.\n\n" * 5


def test_invalid_utf8_keeps_the_valid_text_and_replaces_only_the_bad_bytes() -> None:
    data = BODY.encode() + b"broken \xff sequence \xc3\x28 truncated \xe2\x82\n" + BODY.encode()
    decoded = decode_text(data)
    assert decoded.encoding == "utf-8+cp1252"
    assert decoded.text.count("café") == 10 and "señor" in decoded.text
    assert "broken ÿ sequence Ã( truncated â‚" in decoded.text


def test_mixed_utf8_and_cp1252_paragraphs_both_read_right() -> None:
    data = BODY.encode("utf-8") + "Pasted from elsewhere: naïve café.".encode("cp1252")
    decoded = decode_text(data)
    assert decoded.encoding == "utf-8+cp1252"
    assert decoded.text.endswith("Pasted from elsewhere: naïve café.")
    assert decoded.text.count("café") == 6


def test_a_legacy_file_is_still_read_as_its_code_page() -> None:
    assert decode_text(BODY.encode("cp1252")).text == BODY


def test_bytes_cp1252_leaves_undefined_become_replacement_characters() -> None:
    decoded = decode_text(BODY.encode() + b"\x81\x8d")
    assert decoded.text.endswith("\ufffd\ufffd")
