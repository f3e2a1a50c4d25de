"""``newsstream eval``'s report on a corpus: the dev half, the blind half and both, diagnosed."""

from __future__ import annotations

from pathlib import Path

from services.evaluation.agreement import agreement_line
from services.evaluation.corpus import corpus_outputs, find_texts, half, load_corpus_gold
from services.evaluation.diagnosis import diagnose, format_diagnosis
from services.evaluation.grouping import format_grouping, gold_mentions, grouping, score_grouping


def corpus_report(name: str, folder: Path, texts_dir: Path, *, blind_details: bool = False) -> str:
    """Both halves of one corpus. The blind half prints its totals only unless ``blind_details``: its failures
    are for reporting, not for reading while the extractor is worked on."""
    gold = load_corpus_gold(folder)
    texts = find_texts(gold["articles"], texts_dir)
    rows: list[str] = []
    if texts.missing:
        rows.append(f"{name}: {len(texts.missing)} of {len(gold['articles'])} texts missing in {texts_dir}: "
                    f"{', '.join(texts.missing)}")
    outputs = corpus_outputs(gold, texts)
    present = {**gold, "articles": {n: a for n, a in gold["articles"].items() if n in texts.found}}
    for which in ("dev", "blind"):
        part = half(present, which)
        rows.append(format_diagnosis(f"{name}, {which} half", diagnose(outputs, part),
                                     details=which == "dev" or blind_details))
        rows.append(format_grouping(grouping(outputs, part)))
        rows.append(format_grouping(score_grouping(gold_mentions(half(gold, which))), "gold events"))
    rows.append(format_diagnosis(f"{name}, both halves", diagnose(outputs, present), details=False))
    # a real event told by several outlets may have its articles in both halves
    rows.append(format_grouping(grouping(outputs, present)))
    rows.append(format_grouping(score_grouping(gold_mentions(gold)), "gold events"))
    agreed = agreement_line(folder, gold)
    if agreed:
        rows.append(agreed)
    return "\n".join(rows)
