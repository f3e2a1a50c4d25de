"""A corpus of a few hundred distinct articles, made deterministically from the seeds.

Each article keeps a seed's header (title, standfirst, source line), mixes its body paragraphs with one paragraph
of another seed, and closes with a sentence of its own (a number and a weekday), so every file's bytes, and so every
article id, differ. The same ``n`` always gives the same files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HEADER_PARAGRAPHS = 4


def _paragraphs(path: Path) -> tuple[list[str], str]:
    """The seed's paragraphs (non-empty lines) and how it separates them (a blank line, or a line break)."""
    text = path.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()], "\n\n" if "\n\n" in text else "\n"


def make_corpus(folder: Path, n: int) -> list[Path]:
    """Writes ``n`` articles (with sidecars) into ``folder``; returns the article paths."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    texts = [_paragraphs(p) for p in seeds]
    written: list[Path] = []
    for i in range(n):
        a, b = i % len(seeds), (i // len(seeds) + 1) % len(seeds)
        (own, sep), (other, _) = texts[a], texts[b]
        header, body = own[:HEADER_PARAGRAPHS], own[HEADER_PARAGRAPHS:]
        borrowed = other[HEADER_PARAGRAPHS + (i // 25) % max(1, len(other) - HEADER_PARAGRAPHS)]
        cut = 1 + i % max(1, len(body) - 1)
        closing = (
            f"Officials said {3 + i} delegates would meet again on {WEEKDAYS[i % 7]} "
            f"to review the talks (dispatch {i:04d})."
        )
        paragraphs = [*header, *body[:cut], borrowed, *body[cut:], closing]
        path = folder / f"{i:04d}_{seeds[a].stem.split('_', 1)[1]}.txt"
        path.write_text(sep.join(paragraphs) + "\n", encoding="utf-8")
        meta = seeds[a].with_name(seeds[a].stem + ".meta.json")
        if meta.is_file():
            shutil.copyfile(meta, path.with_name(path.stem + ".meta.json"))
        written.append(path)
    return written
