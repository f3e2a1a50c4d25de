"""Score pipeline output against the gold in shared/eval (rules: shared/eval/README.md)."""

from services.evaluation.gold import load_gold
from services.evaluation.report import ArticleScore, EvalReport, format_report, score

__all__ = ["ArticleScore", "EvalReport", "format_report", "load_gold", "score"]
