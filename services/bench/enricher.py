"""Throughput of the enricher beside a plain ``nlp.pipe`` with the same model over the same texts.

    python -m services.bench.enricher [PATH ...]     # default: seeds/

Each file is read and cleaned as the pipeline does, and each distinct body is enriched once (no text is repeated:
the parse cache would make a repeat free, and repeated text flatters any cache). Prints words per second of
``enrich_article`` (language, parse, entities, places, dates, story index) and of ``nlp.pipe`` over the same
bodies, the machine, and the process's memory after warm-up. Figures, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from pathlib import Path

from services.bench.stages import plain_nlp
from services.cleaner.clean import clean_article
from services.enricher.enrich import enrich_article, warm_up
from services.enricher.nlp import model_info
from services.enricher.stories import StoryIndex
from services.producer.reader import RejectedFile, discover, read_article


def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def corpus(paths: list[Path]) -> list:
    """Clean articles with distinct, non-empty bodies from the files under ``paths``."""
    seen: set[str] = set()
    out = []
    for path, root in discover(paths):
        try:
            raw = read_article(path, max_bytes=10_000_000, root=root)
        except (RejectedFile, OSError):
            continue
        clean = clean_article(raw)
        body = clean.article.body or ""
        if body.strip() and body not in seen:
            seen.add(body)
            out.append(clean)
    return out


_WARM_PIPE = (
    "Officials from both countries met again on Tuesday in the capital, the ministry said in a statement. "
    "The talks, which lasted four hours, ended without agreement; a third round is planned for next month."
)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[Path("seeds")])
    args = ap.parse_args(argv)
    rss_start = _rss_mb()
    t0 = time.perf_counter()
    warm_up()
    warm = time.perf_counter() - t0
    rss_warm = _rss_mb()
    articles = corpus(args.paths)
    texts = [a.article.body for a in articles]
    words = sum(len(t.split()) for t in texts)
    if not texts:
        raise SystemExit("no article text found")

    nlp = plain_nlp()
    # The first nlp.pipe call allocates its batch buffers: pay that on a text outside the corpus.
    list(nlp.pipe([_WARM_PIPE, _WARM_PIPE.upper()]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    pipe_s = time.perf_counter() - t0

    stories = StoryIndex()
    t0 = time.perf_counter()
    for a in articles:
        enrich_article(a, stories)
    enrich_s = time.perf_counter() - t0
    rss_end = _rss_mb()

    info = model_info()
    print(f"machine        {_cpu()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"model          {info['name']} {info['version']} (package {info['package']}), pipes {info['pipeline']}")
    print(f"corpus         {len(texts)} distinct articles, {words} words ({', '.join(map(str, args.paths))})")
    print(f"nlp.pipe       {pipe_s:8.3f} s  {words / pipe_s:10.0f} words/s")
    print(f"enrich_article {enrich_s:8.3f} s  {words / enrich_s:10.0f} words/s  ({enrich_s / pipe_s:.2f}x nlp.pipe)")
    print(f"memory (RSS)   {rss_start:.0f} MB at start, {rss_warm:.0f} MB after warm-up ({warm:.1f} s), "
          f"{rss_end:.0f} MB at the end")  # fmt: skip


if __name__ == "__main__":
    main()
