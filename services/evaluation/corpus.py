"""The annotated corpora (``corpora/real``, ``corpora/regression``): their gold, their halves, their texts.

A gold file is ``gold.json`` or several ``gold.*.json`` parts in one folder, merged by article name. An article's
half is fixed by its name alone (``split_of``), so no choice made while working can move it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from schemas.records import RawArticle, SourceMeta
from services.common.ids import content_id

CORPORA = Path(__file__).resolve().parent / "corpora"
REAL_TEXTS = Path.home() / ".cache" / "newsstream" / "corpus" / "real"
Half = Literal["dev", "blind"]


def split_of(name: str) -> Half:
    """The half an article belongs to: the parity of a hash of its file name (about one in two each)."""
    return "dev" if int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else "blind"


class MissingGold(Exception):
    """No gold file where one was expected; the message names the place looked at."""


def load_corpus_gold(folder: Path) -> dict[str, Any]:
    """``{"about": ..., "articles": {name: gold}}`` from ``folder/gold.json`` and any ``folder/gold.*.json``."""
    files = sorted(folder.glob("gold.json")) + sorted(folder.glob("gold.*.json"))
    if not files:
        raise MissingGold(f"no gold.json or gold.*.json in {folder}")
    articles: dict[str, Any] = {}
    about: list[str] = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("about"):
            about.append(str(data["about"]))
        articles.update(data.get("articles", {}))
    return {"about": " ".join(about), "articles": articles}


def half(gold: dict[str, Any], which: Half) -> dict[str, Any]:
    return {**gold, "articles": {n: a for n, a in gold["articles"].items() if split_of(n) == which}}


@dataclass(frozen=True)
class Texts:
    found: dict[str, Path]
    missing: list[str]


def find_texts(names: Iterable[str], folder: Path) -> Texts:
    found: dict[str, Path] = {}
    missing: list[str] = []
    for name in sorted(names):
        path = folder / name
        if path.is_file():
            found[name] = path
        else:
            missing.append(name)
    return Texts(found, missing)


def _published(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def raw_articles(gold: dict[str, Any], texts: Texts) -> Iterator[RawArticle]:
    """Each text as the producer would send it, with the gold's publication day and URL as a feed's sidecar
    gives them (so what is scored is extraction, not the guessing of a year the text never prints)."""
    for name, path in texts.found.items():
        data = path.read_bytes()
        g = gold["articles"][name]
        yield RawArticle(
            article_id=content_id(data),
            source_path=str(path),
            content_type="text/plain",
            encoding="utf-8",
            size_bytes=len(data),
            text=data.decode("utf-8"),
            meta=SourceMeta(published_at=_published(g.get("published")), url=g.get("url"), outlet=g.get("outlet")),
            produced_at=dt.datetime.now(dt.UTC),
        )


def corpus_outputs(gold: dict[str, Any], texts: Texts) -> dict[str, dict[str, Any]]:
    """``process``'s output for every text found, by article name: the same stage functions the agents run."""
    from services.enricher.stories import StoryIndex
    from services.pipeline import Refused, run_stages, to_output

    stories = StoryIndex()
    outputs: dict[str, dict[str, Any]] = {}
    for raw in raw_articles(gold, texts):
        try:
            outputs[Path(raw.source_path).name] = to_output(*run_stages(raw, stories))
        except Refused:
            continue  # scored as no output, and named
    return outputs
