"""Bytes → text: UTF-8 (with or without BOM), else the best legacy single-byte guess; binary is refused."""

from __future__ import annotations

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
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise NotText("undecodable_text", "no text encoding fits the file's bytes")
    least_chaos = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least_chaos + 0.01]
    # Single-byte code pages often decode the same bytes equally well; the web's most common one wins ties.
    best = next((m for m in tied if m.encoding in _PREFERRED), tied[0])
    return Decoded(str(best), best.encoding)
