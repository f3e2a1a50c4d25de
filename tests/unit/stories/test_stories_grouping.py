"""Stories are the connected groups of articles; a copy points at its earliest copy; neither depends on order."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from services.stories.grouping import Sketched, earliest_copy, group
from services.stories.sketch import sketch_of

DAY = dt.date(2021, 3, 1)
TALKS = (
    "Negotiators from the two countries met in the capital on Monday and agreed to reopen the border crossing "
    "for grain trucks, ending a month-long dispute over tariffs that had left hundreds of drivers stranded."
)
TALKS_RETOLD = (
    "The border crossing will reopen for grain trucks after negotiators from the two countries agreed on Monday "
    "in the capital, ending the tariff dispute that stranded hundreds of drivers for a month."
)
FLOOD = (
    "Floods swept through three northern provinces after a week of heavy rain, forcing thousands of families from "
    "their homes and cutting the main highway, the disaster agency said on Thursday."
)
NAMES = ["P:Capital", "D:2021-03-01", "E:org:ministry"]


def art(article_id: str, text: str, day: dt.date = DAY, names: list[str] = NAMES, story: str | None = None) -> Sketched:
    return Sketched(article_id, day, sketch_of(text, names), story)


def test_a_retelling_shares_the_story_and_other_news_starts_its_own() -> None:
    plan = group([art("b", TALKS_RETOLD), art("c", FLOOD, names=[])], [art("a", TALKS, story="story:a")])
    assert plan.story_of == {"b": "story:a", "c": "story:c"}
    assert plan.copies == set()


def test_a_retelling_weeks_later_is_another_story() -> None:
    plan = group([art("b", TALKS_RETOLD, DAY + dt.timedelta(days=30))], [art("a", TALKS, story="story:a")])
    assert plan.story_of == {"b": "story:b"}


def test_a_copy_is_found_and_points_at_the_earliest_copy() -> None:
    first, again = art("z", TALKS, DAY), art("a", TALKS, DAY + dt.timedelta(days=1))
    plan = group([again], [replace(first, story_id="story:z")])
    assert plan.copies == {("a", "z")} and plan.story_of == {"a": "story:z"}
    assert earliest_copy(again, [first]) == "z" and earliest_copy(first, [again]) is None


def test_an_article_that_bridges_two_stories_merges_them_into_the_first_id() -> None:
    # two stored stories that did not tie, and an article that ties to both
    plan = group([art("m", TALKS + " " + TALKS_RETOLD)], [art("a", TALKS, story="story:x"), art("b", TALKS_RETOLD,
                                                                                            story="story:y")])
    assert plan.story_of == {"m": "story:x"} and plan.renamed == {"story:y": "story:x"}


# Order independence, as for events: any order and any batch split ends in the partition that grouping all the
# articles at once gives.
_TEXTS = [
    TALKS, TALKS_RETOLD, FLOOD, TALKS + " " + TALKS_RETOLD, TALKS + " " + FLOOD, FLOOD.replace("Thursday", "Friday")
]


def _replay(articles: list[Sketched], cuts: list[int]) -> set[frozenset[str]]:
    story_of: dict[str, str] = {}
    stored: dict[str, Sketched] = {}
    bounds = sorted({0, len(articles), *(c % (len(articles) + 1) for c in cuts)})
    for lo, hi in itertools.pairwise(bounds):
        batch = articles[lo:hi]
        plan = group(batch, [replace(a, story_id=story_of[a.article_id]) for a in stored.values()])
        for gone, kept in plan.renamed.items():
            for a, s in story_of.items():
                if s == gone:
                    story_of[a] = kept
        story_of.update(plan.story_of)
        stored.update({a.article_id: a for a in batch})
    groups: dict[str, set[str]] = {}
    for a, s in story_of.items():
        groups.setdefault(s, set()).add(a)
    return {frozenset(g) for g in groups.values()}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, len(_TEXTS) - 1), st.integers(0, 12)), min_size=1, max_size=8),
    st.randoms(use_true_random=False),
    st.lists(st.integers(0, 10)),
)
def test_stories_are_the_same_for_every_arrival_order_and_batch_split(picks, rnd, cuts: list[int]) -> None:
    articles = [art(f"a{i}", _TEXTS[t], DAY + dt.timedelta(days=d)) for i, (t, d) in enumerate(picks)]
    whole = group(articles, [])
    expected: dict[str, set[str]] = {}
    for a, s in whole.story_of.items():
        expected.setdefault(s, set()).add(a)
    rnd.shuffle(articles)
    assert _replay(articles, cuts) == {frozenset(g) for g in expected.values()}
