"""The five seed articles, cleaned and scored against the gold with the project's own scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas.records import RawArticle
from services.cleaner.clean import clean_article
from services.evaluation import load_gold, score
from tests.unit.cleaner.helpers import make_raw

REPO = Path(__file__).resolve().parents[3]
GOLD = REPO.parent / "shared" / "eval" / "seeds-gold.json"
SEEDS = REPO / "seeds"

pytestmark = pytest.mark.usefixtures("shared_gold")  # a missing gold fails under CI=true


def _raw(path: Path, published: str) -> RawArticle:
    raw = make_raw(path.read_text(encoding="utf-8"), published_at=published)
    return raw.model_copy(update={"source_path": f"seeds/{path.name}"})


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    gold = load_gold(GOLD, seeds_dir=SEEDS)
    outputs = []
    for name, article in gold["articles"].items():
        cleaned = clean_article(_raw(SEEDS / name, article["published"]))
        outputs.append(
            {
                "id": cleaned.article_id,
                "source_path": cleaned.source_path,
                "article": cleaned.article.model_dump(mode="json"),
                "events": [],
            }
        )
    return score(outputs, gold)


def test_every_seed_has_gold_and_output(report) -> None:  # type: ignore[no-untyped-def]
    assert len(report.articles) == 5 and all(a.present for a in report.articles)


def test_body_f1_and_zero_leakage(report) -> None:  # type: ignore[no-untyped-def]
    for article in report.articles:
        assert article.body_f1 >= 0.98, article.name
        assert article.leaked == [], article.name
    assert report.mean_body_f1 >= 0.98
    assert report.leaked_lines == 0 and report.boilerplate_lines > 0


def test_metadata_exact_where_gold_has_it(report) -> None:  # type: ignore[no-untyped-def]
    for field in ("title", "source", "published"):
        assert report.metadata_hits[field] == report.metadata_checked[field], field
