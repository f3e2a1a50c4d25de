"""Stories and copies across articles (``StoryIndex``)."""

from __future__ import annotations

import datetime as dt

from services.enricher.stories import StoryIndex, copy_shingles, story_features

A = (
    "Turkish and Russian officials held a second round of talks in Ankara on Monday over the escalating situation "
    "in Idlib, where an attack by regime forces killed seven Turkish soldiers last week. Foreign Minister Mevlut "
    "Cavusoglu said no consensus had been reached and that the delegations would meet again."
)
# The same story told by another outlet in other words.
B = (
    "Talks between Russian and Turkish delegations on the escalating situation in Idlib ended in Ankara without "
    "consensus on Monday, Cavusoglu said, after regime forces killed seven Turkish soldiers in Idlib last week. "
    "The delegations will meet again."
)
UNRELATED = (
    "The central bank raised interest rates by half a percentage point on Thursday, citing inflation that has "
    "stayed above its target for a year, and signalled that further increases could follow in the spring."
)
DAY = dt.date(2020, 2, 10)
NAMES = ["E:person:mevlut-cavusoglu", "P:Ankara", "P:Idlib", "D:2020-02-10"]


def test_exact_copy_is_marked_and_shares_the_story() -> None:
    idx = StoryIndex()
    first = idx.assign("a", A, NAMES, DAY)
    assert first.story_id == "story:a" and first.duplicate_of is None
    copy = idx.assign("b", "  " + A.replace(" ", "  ") + "\n", NAMES, DAY)  # other whitespace, same words
    assert copy.duplicate_of == "a" and copy.story_id == "story:a" and copy.similarity == 1.0


def test_near_copy_is_marked() -> None:
    idx = StoryIndex()
    long = A + "\n\n" + B + "\n\n" + UNRELATED  # an article of some length: one word changed in ~130
    idx.assign("a", long, NAMES, DAY)
    answer = idx.assign("b", long.replace("second round", "new round"), NAMES, DAY)
    assert answer.duplicate_of == "a"
    assert answer.similarity is not None and 0.8 <= answer.similarity < 1.0


def test_same_story_other_words_shares_the_story_but_is_no_copy() -> None:
    idx = StoryIndex()
    idx.assign("a", A, NAMES, DAY)
    answer = idx.assign("b", B, NAMES, DAY)
    assert answer.story_id == "story:a" and answer.duplicate_of is None


def test_unrelated_and_distant_articles_start_their_own_story() -> None:
    idx = StoryIndex()
    idx.assign("a", A, NAMES, DAY)
    assert idx.assign("b", UNRELATED, [], DAY).story_id == "story:b"
    # The same story's words a month later: a new story (outside the window).
    assert idx.assign("c", B, NAMES, DAY + dt.timedelta(days=30)).story_id == "story:c"


def test_a_redelivered_article_gets_its_first_answer() -> None:
    idx = StoryIndex()
    first = idx.assign("a", A, NAMES, DAY)
    idx.assign("b", B, NAMES, DAY)
    assert idx.assign("a", A, NAMES, DAY) == first
    assert len(idx) == 2


def test_the_index_is_bounded() -> None:
    idx = StoryIndex(max_articles=2)
    idx.assign("a", A, NAMES, DAY)
    idx.assign("b", UNRELATED, [], DAY)
    idx.assign("c", "Something else entirely about football and the league table this season.", [], DAY)
    assert len(idx) == 2
    # "a" was forgotten, so its copy starts a story of its own.
    assert idx.assign("d", A, NAMES, DAY).duplicate_of is None


def test_shingles_and_features() -> None:
    assert copy_shingles("One two three four five six") == {"one two three four five", "two three four five six"}
    assert copy_shingles("Çavuşoğlu said") == {"cavusoglu said"}
    feats = story_features("The talks in Ankara and the 2020 talks", ["P:Ankara"])
    assert feats == {"talks", "ankara", "P:Ankara"}
