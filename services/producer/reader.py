"""Finding article files and reading each into a RawArticle (with its sidecar metadata)."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from schemas import RawArticle, SourceMeta
from services.common.ids import content_id
from services.producer.encoding import NotText, decode_text

ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}
SIDECAR_SUFFIX = ".meta.json"


class RejectedFile(Exception):
    """A file that cannot become an article; ``reason`` is a short machine-friendly class."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def discover(paths: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """Yields (file, root) for every article file under the given paths, in a stable order.

    A symlink is followed only when its target stays inside the folder it was found in: the producer never reads
    outside what it was given.
    """
    for given in paths:
        root = given.resolve() if given.is_dir() else given.parent.resolve()
        candidates = sorted(p for p in given.rglob("*") if p.is_file()) if given.is_dir() else [given]
        for path in candidates:
            if path.name.endswith(SIDECAR_SUFFIX) or path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            yield path, root


def inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root)


def sidecar_for(path: Path) -> Path | None:
    for candidate in (path.with_name(path.stem + SIDECAR_SUFFIX), path.with_name(path.name + SIDECAR_SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


MAX_SIDECAR_BYTES = 64 * 1024


def read_sidecar(path: Path, root: Path | None = None) -> SourceMeta:
    side = sidecar_for(path)
    if side is None:
        return SourceMeta()
    if root is not None and not inside(side, root):
        raise RejectedFile("outside_root", f"sidecar {side.name} resolves to {side.resolve()}, outside {root}")
    try:
        data = json.loads(_read_bounded(side.resolve(), MAX_SIDECAR_BYTES, what="sidecar").decode("utf-8"))
        return SourceMeta.model_validate({k: data.get(k) for k in ("published_at", "url", "outlet")})
    except (json.JSONDecodeError, ValidationError, UnicodeDecodeError, AttributeError) as exc:
        raise RejectedFile("bad_sidecar", f"sidecar {side.name} is not valid metadata: {exc}") from exc


def content_type_of(path: Path, text: str) -> str:
    if path.suffix.lower() in {".html", ".htm"}:
        return "text/html"
    head = text[:2048].lstrip().lower()
    return "text/html" if head.startswith(("<!doctype html", "<html")) else "text/plain"


def _read_bounded(real: Path, max_bytes: int, *, what: str = "file") -> bytes:
    """Reads a resolved path without following a symlink swapped in since it was resolved, and never more than
    ``max_bytes`` (a file growing after its size was checked is refused too)."""
    fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise RejectedFile("not_a_file", f"{real} is not a regular file")
        if info.st_size > max_bytes:
            raise RejectedFile(
                "too_large",
                f"{what} is {info.st_size} bytes, over the limit of {max_bytes} (NEWSSTREAM_MAX_FILE_BYTES)",
            )
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RejectedFile("too_large", f"{what} grew past the limit of {max_bytes} bytes while being read")
    return data


def read_article(
    path: Path, *, max_bytes: int, root: Path | None = None, max_chars: int | None = None
) -> RawArticle:
    # Resolve once, check, then read that very path: what is read is what was checked.
    real = path.resolve()
    if root is not None and not real.is_relative_to(root):
        raise RejectedFile("outside_root", f"{path} resolves to {real}, outside {root}")
    data = _read_bounded(real, max_bytes)
    try:
        decoded = decode_text(data)
    except NotText as exc:
        raise RejectedFile(exc.reason, str(exc)) from exc
    content_type = content_type_of(path, decoded.text)
    # Plain text is the article; HTML is mostly markup, so its text is measured after cleaning (run_step).
    if max_chars is not None and content_type == "text/plain" and len(decoded.text) > max_chars:
        longest = max(len(line) for line in decoded.text.splitlines())
        raise RejectedFile(
            "too_long",
            f"text is {len(decoded.text)} characters (longest line {longest}), over the limit of {max_chars}"
            " (NEWSSTREAM_MAX_TEXT_CHARS)",
        )
    return RawArticle(
        article_id=content_id(data),
        source_path=str(path),
        content_type=content_type,  # type: ignore[arg-type]
        encoding=decoded.encoding,
        size_bytes=len(data),
        text=decoded.text,
        meta=read_sidecar(path, root),
        produced_at=dt.datetime.now(dt.UTC),
    )
