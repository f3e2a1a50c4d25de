import re

from hypothesis import given
from hypothesis import strategies as st

from services.common.alternation import longest_first

# A small alphabet, so that forms share prefixes and overlap in the texts as dictionary words do.
_FORM = st.text(alphabet="ab .-", min_size=1, max_size=6)
_TEXT = st.text(alphabet="ab .-\n", max_size=40)


def _flat(forms: list[str], space: str | None = None) -> str:
    alts = (re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return "|".join(a.replace(r"\ ", space) if space else a for a in alts)


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text)]


@given(st.lists(_FORM, min_size=1, max_size=12), _TEXT)
def test_matches_what_the_longest_first_list_matches(forms: list[str], text: str) -> None:
    for context in (r"(?:{})", r"\b(?:{})\b", r"(?<![\w.])(?:{})(?![\w]|\.\w)"):
        assert _spans(context.format(longest_first(forms)), text) == _spans(context.format(_flat(forms)), text)


@given(st.lists(_FORM, min_size=1, max_size=12), _TEXT)
def test_a_space_stands_for_the_given_pattern(forms: list[str], text: str) -> None:
    trie, flat = longest_first(forms, space=r"\s+"), _flat(forms, space=r"\s+")
    assert _spans(rf"\b(?:{trie})\b", text) == _spans(rf"\b(?:{flat})\b", text)


@given(st.lists(_FORM, min_size=1, max_size=12), st.text(alphabet="aAbB .-", max_size=40))
def test_ignoring_case_with_forms_in_one_case(forms: list[str], text: str) -> None:
    forms = [f.lower() for f in forms]
    trie, flat = longest_first(forms), _flat(forms)
    assert _spans(f"(?i:{trie})", text) == _spans(f"(?i:{flat})", text)


def test_the_longest_form_wins_and_words_only_match_whole() -> None:
    pattern = re.compile(r"\b(?:" + longest_first(["talks", "peace talks", "peace"], space=r"\s+") + r")\b")
    assert [m.group() for m in pattern.finditer("peace\ntalks, peace, talkshow")] == ["peace\ntalks", "peace"]


def test_no_forms_match_nothing() -> None:
    assert re.search(longest_first(["", ""]), "anything") is None
