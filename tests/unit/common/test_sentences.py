from __future__ import annotations

from services.common.sentences import clause_bounds, split_sentences

TEXT = (
    "On Feb. 3, an attack killed 8 soldiers. The U.S. envoy met Gen. Smith at 12 p.m. today.\n\n"
    '"We will hold talks. It is hard," he said. Turkey, Russia and Iran agreed.'
)


def test_sentences_keep_offsets_and_skip_abbreviations() -> None:
    sents = split_sentences(TEXT)
    assert [s.text for s in sents] == [
        "On Feb. 3, an attack killed 8 soldiers.",
        "The U.S. envoy met Gen. Smith at 12 p.m. today.",
        '"We will hold talks.',
        'It is hard," he said.',
        "Turkey, Russia and Iran agreed.",
    ]
    assert all(TEXT[s.start : s.end] == s.text for s in sents)


def test_paragraph_break_ends_a_sentence() -> None:
    assert [s.text for s in split_sentences("No full stop here\n\nNext paragraph")] == [
        "No full stop here",
        "Next paragraph",
    ]


def test_clauses_split_at_commas_and_subordinators_but_not_name_lists() -> None:
    text = "Turkey, Russia and Iran agreed after the talks that ended, officials said."
    (sent,) = split_sentences(text)
    start, end = clause_bounds(text, sent, text.index("agreed"))
    assert text[start:end] == "Turkey, Russia and Iran agreed "
    start, end = clause_bounds(text, sent, text.index("officials"))
    assert text[start:end].strip() == "officials said."
    assert clause_bounds("In 2017, Turkey met.", split_sentences("In 2017, Turkey met.")[0], 9) == (8, 20)
