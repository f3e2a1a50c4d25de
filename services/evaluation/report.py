"""``score(outputs, gold) -> EvalReport`` and ``format_report(report) -> str``.

Outputs are the dicts ``newsstream process`` prints, one per article; each is matched to gold by the file name
of its ``source_path``. A gold article with no output scores zero everywhere it has something to score.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, Field

from services.evaluation.cleaning import as_day, drop_neutral, leaked_lines, text_equal, token_f1
from services.evaluation.entities import EntityFigures, entity_figures, format_entities
from services.evaluation.events import match_events
from services.evaluation.gold import BOILERPLATE_TEXT


class ArticleScore(BaseModel):
    name: str
    present: bool = Field(description="an output was found for this gold article")
    body_precision: float
    body_recall: float
    body_f1: float
    boilerplate_lines: int = Field(description="boilerplate lines whose text could be checked")
    leaked: list[int] = Field(default_factory=list, description="boilerplate line numbers found in the body")
    leakage: float | None = Field(description="share of boilerplate lines leaked; None when none to check")
    title_ok: bool | None = None  # None: gold has no value, so nothing is scored
    source_ok: bool | None = None
    published_ok: bool | None = None
    events_gold: int = 0
    events_produced: int = 0
    events_matched: int = 0
    event_pairs: list[tuple[int, int]] = Field(default_factory=list, description="(gold index, produced index)")
    events_recall: float | None = None
    events_precision: float | None = None
    fatalities_checked: int = 0
    fatalities_correct: int = 0


class EvalReport(BaseModel):
    articles: list[ArticleScore]
    mean_body_f1: float
    leakage: float | None = Field(description="leaked boilerplate lines / checked boilerplate lines, all articles")
    leaked_lines: int
    boilerplate_lines: int
    metadata_hits: dict[str, int]
    metadata_checked: dict[str, int]
    events_gold: int
    events_produced: int
    events_matched: int
    events_recall: float | None
    events_precision: float | None
    fatalities_checked: int
    fatalities_correct: int
    fatalities_accuracy: float | None
    unmatched_outputs: list[str] = Field(default_factory=list, description="outputs with no gold article")
    notes: list[str] = Field(default_factory=list)
    entities: EntityFigures | None = Field(default=None, description="entity resolution (services/evaluation/entities)")


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _index_outputs(
    outputs: list[dict[str, Any]], names: set[str]
) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
    """(outputs by gold file name, names of outputs with no gold article, notes)."""
    by_name: dict[str, dict[str, Any]] = {}
    extra: list[str] = []
    notes: list[str] = []
    for out in outputs:
        name = PurePath(str(out.get("source_path") or "")).name
        if name not in names:
            extra.append(name or str(out.get("id")))
        elif name in by_name:
            notes.append(f"{name}: more than one output, the first one is scored")
        else:
            by_name[name] = out
    return by_name, extra, notes


def _score_article(name: str, gold: dict[str, Any], out: dict[str, Any] | None) -> ArticleScore:
    article = (out or {}).get("article") or {}
    body = article.get("body") or ""
    neutral = [gold.get("title") or "", *(gold.get("standfirst") or []), *(gold.get("caption") or [])]
    body = drop_neutral(body, neutral)
    precision, recall, f1 = token_f1(body, gold.get("body") or "")
    boilerplate = gold.get(BOILERPLATE_TEXT) or {}
    leaked = leaked_lines(body, boilerplate) if out is not None else []

    def meta(field: str, gold_value: Any, check: Any) -> bool | None:
        return None if gold_value is None else bool(out is not None and check(article.get(field), gold_value))

    produced_events = list((out or {}).get("events") or [])
    gold_events = list(gold.get("events") or [])
    match = match_events(produced_events, gold_events)
    return ArticleScore(
        name=name,
        present=out is not None,
        body_precision=precision,
        body_recall=recall,
        body_f1=f1,
        boilerplate_lines=len(boilerplate),
        leaked=leaked,
        leakage=_ratio(len(leaked), len(boilerplate)),
        title_ok=meta("title", gold.get("title"), text_equal),
        source_ok=meta("source", gold.get("source"), text_equal),
        published_ok=meta(
            "published_at",
            gold.get("published"),
            lambda p, g: as_day(p) is not None and as_day(p) == as_day(g),
        ),
        events_gold=len(gold_events),
        events_produced=len(produced_events),
        events_matched=len(match.pairs),
        event_pairs=match.pairs,
        events_recall=_ratio(len(match.pairs), len(gold_events)),
        events_precision=_ratio(len(match.pairs), len(produced_events)),
        fatalities_checked=match.fatalities_checked,
        fatalities_correct=match.fatalities_correct,
    )


def score(outputs: list[dict[str, Any]], gold: dict[str, Any]) -> EvalReport:
    """Score every gold article against the output for the same file (pure: no I/O)."""
    gold_articles: dict[str, dict[str, Any]] = gold.get("articles", gold)
    by_name, unmatched, notes = _index_outputs(outputs, set(gold_articles))
    scores = [_score_article(name, g, by_name.get(name)) for name, g in sorted(gold_articles.items())]
    missing = [s.name for s in scores if not s.present]
    if missing:
        notes.append(f"no output for: {', '.join(missing)} (scored as empty)")
    if any(BOILERPLATE_TEXT not in g for g in gold_articles.values()):
        notes.append("some gold articles have no boilerplate text (seed files not found by load_gold)")
    hits = {f: sum(bool(getattr(s, f"{f}_ok")) for s in scores) for f in ("title", "source", "published")}
    checked = {f: sum(getattr(s, f"{f}_ok") is not None for s in scores) for f in ("title", "source", "published")}
    leaked = sum(len(s.leaked) for s in scores)
    bp = sum(s.boilerplate_lines for s in scores)
    ev_gold = sum(s.events_gold for s in scores)
    ev_prod = sum(s.events_produced for s in scores)
    ev_match = sum(s.events_matched for s in scores)
    fat_checked = sum(s.fatalities_checked for s in scores)
    fat_correct = sum(s.fatalities_correct for s in scores)
    return EvalReport(
        articles=scores,
        mean_body_f1=sum(s.body_f1 for s in scores) / len(scores) if scores else 0.0,
        leakage=_ratio(leaked, bp),
        leaked_lines=leaked,
        boilerplate_lines=bp,
        metadata_hits=hits,
        metadata_checked=checked,
        events_gold=ev_gold,
        events_produced=ev_prod,
        events_matched=ev_match,
        events_recall=_ratio(ev_match, ev_gold),
        events_precision=_ratio(ev_match, ev_prod),
        fatalities_checked=fat_checked,
        fatalities_correct=fat_correct,
        fatalities_accuracy=_ratio(fat_correct, fat_checked),
        unmatched_outputs=unmatched,
        notes=notes,
        entities=entity_figures(outputs, gold),
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _flag(value: bool | None) -> str:
    return "-" if value is None else ("ok" if value else "MISS")


def format_report(report: EvalReport) -> str:
    """A plain-text table: one row per article, then the averages and totals."""
    header = (
        f"{'article':<28} {'bodyF1':>7} {'leak':>6} {'title':>5} {'source':>6} {'date':>5} "
        f"{'ev R':>6} {'ev P':>6} {'matched':>8} {'fatal':>6}"
    )
    rows = [header, "-" * len(header)]
    for s in report.articles:
        name = s.name if s.present else f"{s.name} (none)"
        rows.append(
            f"{name[:28]:<28} {s.body_f1:>7.3f} {_pct(s.leakage):>6} {_flag(s.title_ok):>5} "
            f"{_flag(s.source_ok):>6} {_flag(s.published_ok):>5} {_pct(s.events_recall):>6} "
            f"{_pct(s.events_precision):>6} {f'{s.events_matched}/{s.events_gold}/{s.events_produced}':>8} "
            f"{f'{s.fatalities_correct}/{s.fatalities_checked}':>6}"
        )
        if s.leaked:
            rows.append(f"{'':<28}   leaked lines: {', '.join(map(str, s.leaked))}")
    rows.append("-" * len(header))
    meta = "  ".join(
        f"{f} {report.metadata_hits[f]}/{report.metadata_checked[f]}" for f in ("title", "source", "published")
    )
    rows += [
        f"mean body F1      {report.mean_body_f1:.3f}",
        f"leakage           {_pct(report.leakage)} ({report.leaked_lines}/{report.boilerplate_lines} lines)",
        f"metadata exact    {meta}",
        f"events            recall {_pct(report.events_recall)}  precision {_pct(report.events_precision)}  "
        f"(matched {report.events_matched}, gold {report.events_gold}, produced {report.events_produced})",
        f"fatalities        {_pct(report.fatalities_accuracy)} "
        f"({report.fatalities_correct}/{report.fatalities_checked} matched ASSAULT events with a gold count)",
        "matched column: matched/gold/produced events",
    ]
    if report.entities is not None:
        rows += format_entities(report.entities)
    if report.unmatched_outputs:
        rows.append(f"outputs with no gold: {', '.join(report.unmatched_outputs)}")
    rows += [f"note: {n}" for n in report.notes]
    return "\n".join(rows)
