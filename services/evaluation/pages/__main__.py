"""``python -m services.evaluation.pages``: fetch the pinned pages (when not cached), score, print the table and
write ``.newsstream/pages-eval.json``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from services.evaluation.pages.fetch import load_pages
from services.evaluation.pages.score import as_json, format_table, score_page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.evaluation.pages", description=__doc__)
    parser.add_argument("--cache", type=Path, default=None, help="cache folder (default: $NEWSSTREAM_CACHE/pages)")
    parser.add_argument("--out", type=Path, default=Path(".newsstream/pages-eval.json"), help="JSON report")
    parser.add_argument("--dumps", type=Path, default=None, help="also write each page's text dump here")
    parser.add_argument("--half", choices=("tune", "held-out"), default=None, help="score one half only")
    args = parser.parse_args(argv)

    pages = [p for p in load_pages(args.cache) if args.half is None or p.half == args.half]
    scores = []
    for page in pages:
        if args.dumps is not None:
            from services.evaluation.pages.dump import render_dump

            args.dumps.mkdir(parents=True, exist_ok=True)
            dump = render_dump(page.html)
            (args.dumps / f"{page.index:02d}_{page.source}_{page.page_id}.txt").write_text(dump, encoding="utf-8")
            (args.dumps / f"{page.index:02d}_{page.source}_{page.page_id}.truth.txt").write_text(
                page.truth, encoding="utf-8"
            )
            scores.append(score_page(page, dump))
        else:
            scores.append(score_page(page))
    print(format_table(scores))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(as_json(scores), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
