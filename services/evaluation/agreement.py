"""How far two annotators agree: a second annotation of a corpus, scored against its gold by the very rules that
score the extractor. It bounds what any extractor can be expected to reach on that gold."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from services.evaluation.corpus import load_corpus_gold
from services.evaluation.diagnosis import Diagnosis, diagnose


def as_outputs(second: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A second annotation in the shape ``diagnose`` reads produced events in (sides as party lists)."""

    def parties(codes: Any) -> list[dict[str, str]]:
        return [{"country": str(c)} for c in codes or []]

    return {
        name: {
            "events": [
                {**e, "actors": parties(e.get("actor")), "recipients": parties(e.get("recipient"))}
                for e in article.get("events") or []
            ]
        }
        for name, article in second["articles"].items()
    }


def agreement(gold: dict[str, Any], second: dict[str, Any]) -> Diagnosis:
    """The second annotation scored against the gold, on the articles both cover."""
    shared = {n: a for n, a in gold["articles"].items() if n in second["articles"]}
    return diagnose(as_outputs(second), {**gold, "articles": shared})


def agreement_line(folder: Path, gold: dict[str, Any]) -> str | None:
    """One line for ``newsstream eval`` when the corpus has a second annotation (``folder/second/``)."""
    if not (folder / "second").is_dir():
        return None
    d = agreement(gold, load_corpus_gold(folder / "second"))
    if not d.gold or not d.produced:
        return None
    return (
        f"agreement   a second annotator against the gold, {d.articles} articles: recall {d.matched / d.gold:.3f}"
        f"  precision {d.matched / d.produced:.3f}  (matched {d.matched}, gold {d.gold}, second {d.produced})"
    )
