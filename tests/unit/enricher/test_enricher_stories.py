"""Stories and copies across articles (``StoryIndex``)."""

from __future__ import annotations

import datetime as dt

from services.enricher.stories import StoryIndex, copy_shingles, story_features

A = (  # made up, in the manner of a wire report
    "Kenyan and Ethiopian officials held a second round of talks in Nairobi on Monday over the escalating situation "
    "in Moyale, where an attack by militia fighters killed seven Kenyan police officers last week. Foreign Minister "
    "Amina Wanjiru said no consensus had been reached and that the delegations would meet again."
)
# The same story told by another outlet in other words.
B = (
    "Talks between Ethiopian and Kenyan delegations on the escalating situation in Moyale ended in Nairobi without "
    "consensus on Monday, Wanjiru said, after militia fighters killed seven Kenyan police officers in Moyale last "
    "week. The delegations will meet again."
)
UNRELATED = (
    "The central bank raised interest rates by half a percentage point on Thursday, citing inflation that has "
    "stayed above its target for a year, and signalled that further increases could follow in the spring."
)
DAY = dt.date(2020, 2, 10)
NAMES = ["E:person:amina-wanjiru", "P:Nairobi", "P:Moyale", "D:2020-02-10"]


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
    assert copy_shingles("Çavuşoğlu said") == {"cavusoglu said"}  # folded: accents and dotless i
    feats = story_features("The talks in Nairobi and the 2020 talks", ["P:Nairobi"])
    assert feats == {"talks", "nairobi", "P:Nairobi"}
