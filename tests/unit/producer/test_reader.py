import json
from pathlib import Path

import pytest

from services.producer.reader import RejectedFile, discover, read_article


def test_reads_text_with_sidecar(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nBody text here.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"published_at": "2020-02-10", "url": "http://x"}))
    raw = read_article(tmp_path / "a.txt", max_bytes=1000)
    assert raw.meta.published_at is not None and raw.meta.published_at.isoformat() == "2020-02-10"
    assert raw.meta.url == "http://x" and raw.content_type == "text/plain"


def test_same_bytes_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("same", encoding="utf-8")
    (tmp_path / "b.txt").write_text("same", encoding="utf-8")
    assert (
        read_article(tmp_path / "a.txt", max_bytes=100).article_id
        == read_article(tmp_path / "b.txt", max_bytes=100).article_id
    )


def test_html_is_recognised(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text("<html><body><p>x</p></body></html>")
    assert read_article(tmp_path / "p.html", max_bytes=1000).content_type == "text/html"


def test_too_large(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 200)
    with pytest.raises(RejectedFile) as info:
        read_article(tmp_path / "big.txt", max_bytes=100)
    assert info.value.reason == "too_large"


def test_discover_skips_sidecars_and_other_files(tmp_path: Path) -> None:
    for name in ("b.txt", "a.html", "a.meta.json", "notes.md"):
        (tmp_path / name).write_text("x")
    assert [p.name for p, _ in discover([tmp_path])] == ["a.html", "b.txt"]


def test_symlink_outside_root_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    [(path, root)] = list(discover([folder]))
    with pytest.raises(RejectedFile) as info:
        read_article(path, max_bytes=100, root=root)
    assert info.value.reason == "outside_root"
