"""The page set's pure parts: dump rendering, ground-truth parsing, reading pairs out of an archive, summaries;
and the cleaner mechanisms the set motivated. No network: archives are built here."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from services.cleaner.clean import clean_text
from services.evaluation.pages.dump import render_dump
from services.evaluation.pages.fetch import (
    decode_html,
    download,
    read_pages,
    truth_from_html,
    truth_from_text,
)
from services.evaluation.pages.score import PageScore, format_table, summarise
from services.evaluation.pages.sources import SOURCES, PageSpec, Source

PAGE = """<html><head><title>T</title><style>.x{color:red}</style><script>var hidden = 1;</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div style="display:none">Invisible promo</div>
<p hidden>Hidden paragraph</p>
<article><h1>Officials agree to meet again</h1>
<p>Officials met on Monday in the capital.</p><p>The talks lasted three hours.</p></article>
<noscript>Enable JavaScript</noscript>
<footer>Contact us | Privacy policy</footer>
</body></html>"""


def test_dump_keeps_visible_furniture_and_drops_what_is_never_shown() -> None:
    dump = render_dump(PAGE)
    lines = [line for line in dump.splitlines() if line.strip()]
    assert "Home" in lines and "World" in lines  # navigation stays, one item a line, no bullet glyph
    assert "Officials agree to meet again" in lines
    assert "Officials met on Monday in the capital." in lines
    assert "The talks lasted three hours." in lines
    assert any("Privacy policy" in line for line in lines)  # the footer stays
    for gone in ("var hidden", "color:red", "Invisible promo", "Hidden paragraph", "Enable JavaScript", "T\n"):
        assert gone not in dump
    # reading order
    assert dump.index("Home") < dump.index("Officials met") < dump.index("Privacy policy")


def test_dump_of_empty_or_broken_input() -> None:
    assert render_dump("") == ""
    assert render_dump("   ") == ""
    assert "text" in render_dump("<p>text")


def test_truth_from_html_gives_one_paragraph_per_block() -> None:
    html = '<div id="x"><h2>Head</h2><p>First\n  line <a href="#">linked</a> end.</p><p>Second.</p><script>x()</script>'
    html += "<ul><li>One</li><li>Two</li></ul></div>"
    assert truth_from_html(html) == "Head\n\nFirst line linked end.\n\nSecond.\n\nOne\n\nTwo"
    assert truth_from_html("") == ""


def test_truth_from_text_joins_wrapped_lines_and_keeps_paragraphs() -> None:
    assert truth_from_text("A first\nparagraph.\n\n\n  Second\u00a0one.  \n") == "A first paragraph.\n\nSecond one."


def test_decode_html_falls_back_to_the_declared_charset() -> None:
    data = '<meta charset="iso-8859-1"><p>Müller</p>'.encode("latin-1")
    assert "Müller" in decode_html(data)
    assert decode_html("<p>Çağ</p>".encode()) == "<p>Çağ</p>"


def _archive(tmp_path: Path, files: dict[str, str]) -> Path:
    path = tmp_path / "pkg-1.0.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"pkg-1.0/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_read_pages_pairs_html_with_its_truth(tmp_path: Path) -> None:
    path = _archive(
        tmp_path,
        {
            "t/a.html": "<p>A page</p>",
            "t/a.txt": "Body one.\n\nBody two.",
            "t/b.html": "<p>B</p>",
            "t/b.exp": "<p>B.</p>",
        },
    )
    source = Source(
        name="pkg",
        registry="pypi",
        package="pkg",
        version="1.0",
        archive=path.name,
        sha256="0" * 64,
        licence="MIT",
        pages=(PageSpec("a", "t/a.html", "t/a.txt", "text"), PageSpec("b", "t/b.html", "t/b.exp", "html", "blog")),
    )
    pages = read_pages(source, path, start_index=3)
    assert [(p.page_id, p.index, p.half, p.kind) for p in pages] == [
        ("a", 3, "held-out", "news"),
        ("b", 4, "tune", "blog"),
    ]
    assert pages[0].truth == "Body one.\n\nBody two."
    assert pages[1].truth == "B."


def test_a_cached_archive_with_the_wrong_hash_is_refused(tmp_path: Path) -> None:
    source = SOURCES[0]
    archives = tmp_path / "archives"
    archives.mkdir()
    (archives / source.archive).write_bytes(b"not the pinned archive")
    with pytest.raises(RuntimeError, match="sha256"):
        download(source, tmp_path)


def test_sources_are_pinned_and_unique() -> None:
    ids = [(s.name, p.page_id) for s in SOURCES for p in s.pages]
    assert len(ids) == len(set(ids)) >= 30
    for source in SOURCES:
        assert len(source.sha256) == 64 and source.version and source.licence


def test_summary_means_per_group() -> None:
    def row(source: str, half: str, f1: float, kind: str = "news") -> PageScore:
        return PageScore(source, "p", kind, half, 10, 5, (f1, f1, f1), (1.0, 1.0, 1.0), (0.5, 0.5, 0.5))

    scores = [row("a", "tune", 1.0), row("a", "held-out", 0.5), row("b", "tune", 0.0, "blog")]
    summary = summarise(scores)
    assert summary["source:a"]["cleaner_dump"] == 0.75
    assert summary["half:tune"]["cleaner_dump"] == 0.5
    assert summary["news only"]["pages"] == 2
    assert summary["overall"]["trafilatura_html"] == 1.0
    assert "overall" in format_table(scores)


# ---- cleaner mechanisms motivated by this set (generic shapes, no page's wording) ------------------------------
ARTICLE = [
    "Officials agree to meet again after talks",
    "Officials met on Monday in the capital to discuss the border and the trade between the two countries.",
    "The talks lasted three hours and ended with a joint statement on the next round of negotiations.",
    "Both delegations said they would return next month with new proposals on customs and transit rules.",
    "Observers said the meeting was the most constructive in years, though several issues remain open.",
]


def test_short_prose_far_from_the_article_is_not_body() -> None:
    furniture = [f"Home | World | Section {n}" for n in range(8)]  # menus: more lines than a run's gap
    blurb = "Enter your details to get alerts on your phone."
    cleaned = clean_text("\n".join([*ARTICLE, *furniture, blurb]))
    assert blurb not in cleaned.body
    assert ARTICLE[1] in cleaned.body and ARTICLE[4] in cleaned.body


def test_a_sentence_closed_by_an_author_tag_is_a_paragraph() -> None:
    tagged = "The update costs about fifty euros and needs the latest version of the system. (abc)"
    cleaned = clean_text("\n".join([*ARTICLE, tagged]))
    assert tagged in cleaned.body


def test_a_summary_ending_with_its_link_is_a_teaser() -> None:
    teaser = "Twelve questions about the company and its products, some only experts can answer. Read more"
    cleaned = clean_text("\n".join([*ARTICLE, teaser]))
    assert teaser not in cleaned.body
