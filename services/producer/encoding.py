"""Bytes → text: UTF-8 (with or without BOM), else the best legacy single-byte guess; binary is refused."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_PREFERRED = ("cp1252", "latin_1", "iso8859_15")
_BOMS = {b"\xef\xbb\xbf": "utf-8-sig"}
# Control bytes other than tab, newline, carriage return and form feed: text files have almost none.
_CONTROL = set(range(0, 9)) | {11} | set(range(14, 32))


class NotText(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    head = data[:sample]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls > max(2, len(head) // 100)


# Valid UTF-8 sequences of two to four bytes (RFC 3629): what a legacy single-byte file almost never contains.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
FALLBACK = "utf-8+cp1252"


def _cp1252_or_replacement(err: UnicodeError) -> tuple[str, int]:
    """Error handler: each byte UTF-8 cannot take is read as cp1252 (where such stray bytes mostly come from),
    or as U+FFFD when cp1252 leaves it undefined."""
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("newsstream-cp1252", _cp1252_or_replacement)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """A UTF-8 file with some bytes that are not (corruption, or paragraphs pasted from a cp1252 source).

    Guessing one legacy code page for the whole file would garble every correct accented letter in it; instead
    the valid UTF-8 stays UTF-8 and only the stray bytes are read as cp1252. Chosen when valid multi-byte UTF-8
    sequences are at least as many as the bytes that are invalid.
    """
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if valid == 0:
        return None
    # the bytes UTF-8 cannot take: those an "ignore" decode drops
    invalid = len(data) - len(data.decode("utf-8", errors="ignore").encode("utf-8"))
    if valid < invalid:
        return None
    return Decoded(data.decode("utf-8", errors="newsstream-cp1252"), FALLBACK)


def decode_text(data: bytes) -> Decoded:
    if not data.strip():
        raise NotText("empty_file", "file is empty or only whitespace")
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            return Decoded(data.decode(name), "utf-8-sig")
    if looks_binary(data):
        raise NotText("binary_file", "file holds binary data (NUL or control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise NotText("undecodable_text", "no text encoding fits the file's bytes")
    least_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least_chaos + 0.01]
    # Single-byte code pages often decode the same bytes equally well; the web's most common one wins ties.
    best = next((m for m in tied if m.encoding in _PREFERRED), tied[0])
    return Decoded(str(best), best.encoding)
