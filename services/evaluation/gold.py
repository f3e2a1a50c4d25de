"""Load the gold file, and attach the text of each boilerplate line from the seed files.

The gold names boilerplate by line number only; leakage is about text, so the lines are read once here and
the scorer itself stays pure.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

BOILERPLATE_TEXT = "boilerplate_text"  # added per article: {line number: line text}


def _seed_dirs(path: Path, seeds_dir: Path | None) -> list[Path]:
    if seeds_dir is not None:
        return [seeds_dir]
    # shared/eval/seeds-gold.json sits beside shared/seeds/; a copy may also sit next to its seeds.
    return [path.parent.parent / "seeds", path.parent / "seeds"]


def load_gold(path: str | Path, seeds_dir: str | Path | None = None) -> dict[str, Any]:
    """The gold as a dict ({"articles": {file name: {...}}}); each article whose seed file is found gets
    ``boilerplate_text``, the stripped text of each of its ``boilerplate_lines``."""
    path = Path(path)
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    dirs = _seed_dirs(path, Path(seeds_dir) if seeds_dir is not None else None)
    for name, article in gold.get("articles", {}).items():
        seed = next((d / name for d in dirs if (d / name).is_file()), None)
        if seed is None:
            continue
        lines = seed.read_text(encoding="utf-8").splitlines()
        numbers = sorted({n for ns in article.get("boilerplate_lines", {}).values() for n in ns})
        article[BOILERPLATE_TEXT] = {n: lines[n - 1].strip() for n in numbers if 0 < n <= len(lines)}
    return gold
