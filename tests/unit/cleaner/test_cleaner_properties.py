"""Properties of the cleaner over generated pages (hypothesis)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.cleaner.features import HEADLINE_MAX_WORDS
from tests.unit.cleaner.helpers import clean, paragraphs, token_counts

_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "on",
    "for",
    "with",
    "that",
    "said",
    "officials",
    "government",
    "minister",
    "talks",
    "border",
    "forces",
    "city",
    "people",
    "country",
    "week",
    "after",
    "before",
    "during",
    "would",
    "could",
    "were",
    "was",
    "has",
    "have",
    "their",
    "its",
    "from",
    "by",
    "about",
    "more",
    "than",
    "two",
    "three",
    "new",
    "military",
    "security",
    "council",
    "meeting",
    "agreement",
    "ceasefire",
    "region",
    "province",
    "capital",
    "president",
    "spokesman",
    "ministry",
    "statement",
    "reporters",
    "army",
    "troops",
    "civilians",
    "refugees",
    "aid",
    "groups",
]
_NAMES = ["Ankara", "Moscow", "Damascus", "Tehran", "Brussels", "Geneva", "Lavrov", "Guterres", "Cairo"]

word = st.sampled_from(_WORDS + _NAMES)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, min_size=6, max_size=22))
    end = draw(st.sampled_from([".", ".", ".", "?", "!"]))
    return " ".join([words[0].capitalize(), *words[1:]]) + end


@st.composite
def prose_paragraph(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=3)))


@st.composite
def headline(draw: st.DrawFn) -> str:
    words = draw(st.lists(word, min_size=4, max_size=12))
    return " ".join([words[0].capitalize(), *words[1:]])


_FURNITURE = [
    "Cookies are used on this site. You can review our cookie policy.",
    "Share on Facebook",
    "Facebook Twitter WhatsApp",
    "+",
    "Subscribe now",
    "© 2020 Example Media. All rights reserved.",
    "News Service Wire",
    "  • February 18 2020 12:15:00",
    "MOST POPULAR",
    "Recommended",
    "WORLD Rocket misses landing ship",
    "  1. Ancient city draws visitors",
    "Read more: Rocket misses landing ship",
]

any_line = st.one_of(
    prose_paragraph(),
    headline(),
    st.sampled_from(_FURNITURE),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=80),
)


@st.composite
def messy_page(draw: st.DrawFn) -> str:
    lines = draw(st.lists(any_line, min_size=0, max_size=25))
    seps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n"]), min_size=len(lines), max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, seps, strict=True))


def _not_headline_like(paragraph: str) -> bool:
    # A paragraph of a few words that asks or exclaims ("With Ankara the Ankara?") reads as a headline or a teaser
    # (features.is_headline_like): ordinary prose states, or runs longer than a headline.
    return paragraph.endswith(".") or len(paragraph.split()) > HEADLINE_MAX_WORDS


paragraph = prose_paragraph().filter(_not_headline_like)


@st.composite
def article_page(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A page of ordinary prose with realistic furniture around it; returns (text, the prose paragraphs)."""
    title = draw(headline())
    # Ordinary prose does not repeat a paragraph word for word (a doubled short question is a headline).
    body = draw(st.lists(paragraph, min_size=1, max_size=8, unique=True))
    head = [title]
    if draw(st.booleans()):
        head.append(title)  # doubled headline
    if draw(st.booleans()):
        head.append("News Service Wire")
    parts = list(body)
    if len(body) >= 3 and draw(st.booleans()):
        # A related-story teaser between paragraphs, with the article resuming under it.
        cut = draw(st.integers(min_value=1, max_value=len(body) - 2))
        teaser = draw(headline().filter(lambda t: t.casefold() != title.casefold()))
        parts[cut:cut] = [teaser, teaser]
    tail: list[str] = []
    if draw(st.booleans()):
        teasers = draw(st.lists(headline(), min_size=1, max_size=4))
        tail += ["MOST POPULAR"] + [f"  {n}. {t}\n\n    {t}" for n, t in enumerate(teasers, 1)]
    if draw(st.booleans()):
        tail.append("Cookies are used on this site. You can review our cookie policy.")
    sep = draw(st.sampled_from(["\n", "\n\n"]))
    return sep.join(head + parts + tail), body


# CLEANER_EXAMPLES=3000 for a deeper search than the default CI budget.
_SETTINGS = settings(
    max_examples=int(os.environ.get("CLEANER_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_SETTINGS
@given(messy_page())
def test_cleaning_never_adds_words(text: str) -> None:
    body = clean(text).article.body
    assert not (token_counts(body) - token_counts(text)), "body has tokens the page does not"


@_SETTINGS
@given(messy_page())
def test_cleaning_is_idempotent_on_its_own_body(text: str) -> None:
    body = clean(text).article.body
    assert clean(body).article.body == body


@_SETTINGS
@given(article_page())
def test_ordinary_prose_is_never_dropped(page: tuple[str, list[str]]) -> None:
    text, prose = page
    body = paragraphs(clean(text).article.body)
    for paragraph in prose:
        assert paragraph in body


@_SETTINGS
@given(st.lists(paragraph, min_size=1, max_size=10, unique=True))
def test_a_clean_body_comes_back_unchanged(prose: list[str]) -> None:
    body = "\n\n".join(prose)
    assert clean(body).article.body == body
