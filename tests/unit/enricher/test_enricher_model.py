"""The spaCy model's entities: loading, the clean-up of its known slips, and merging with the rules."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from schemas.records import Entity, Mention
from services.common.sentences import split_sentences
from services.enricher.countries import find_countries
from services.enricher.entities import find_entities
from services.enricher.ner import (
    ModelSpan,
    delegation_countries,
    explained_spans,
    merge_model_entities,
    model_scope,
    model_spans,
)
from services.enricher.nlp import MODEL_VERSION, load_nlp, named_entities, parse_spans
from services.enricher.places import is_known_place


def test_model_is_the_pinned_pipeline_without_unused_components() -> None:
    nlp = load_nlp()
    assert nlp.meta["version"] == MODEL_VERSION
    assert "ner" in nlp.pipe_names and "parser" in nlp.pipe_names
    assert "lemmatizer" not in nlp.pipe_names
    assert load_nlp() is nlp  # once per process


def test_named_entities_over_the_whole_text_or_only_some_spans() -> None:
    text = "Vladimir Putin met Recep Tayyip Erdogan in Moscow on Thursday. They spoke for three hours."
    whole = named_entities(text)
    assert (0, 14, "PERSON") in whole
    assert all(text[a:b] == text[a:b].strip() for a, b, _ in whole)  # character offsets into the text
    second = text.index("They")
    assert named_entities(text, [(second, len(text))]) == [e for e in whole if e[0] >= second]
    assert named_entities(text, []) == []


def test_parse_spans_parses_only_the_spans_and_keeps_offsets() -> None:
    text = "Nothing happens here at all.\n\nKenyan troops struck 50 targets in Jubaland. More words follow."
    a, b = text.index("Kenyan"), text.index("Jubaland.") + 9
    doc = parse_spans(text, [(a, b)])
    assert doc.text == text
    inside = [t for t in doc if a <= t.idx < b]
    outside = [t for t in doc if not (a <= t.idx < b) and not t.is_space]
    assert all(t.dep_ == "" and t.tag_ == "" for t in outside)
    assert [t.dep_ for t in inside if t.dep_ == "ROOT"] == ["ROOT"]
    struck = next(t for t in inside if t.text == "struck")
    assert struck.tag_ == "VBD" and {c.dep_ for c in struck.children} >= {"nsubj", "dobj"}
    # The span alone gives the same parse as the text parsed around it.
    alone = parse_spans(text[a:b], [(0, b - a)])
    assert [(t.text, t.dep_, t.head.i - t.i) for t in alone] == [(t.text, t.dep_, t.head.i - t.i) for t in inside]


def _raw(doc: Doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def _doc(words: list[str], spaces: list[bool], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(load_nlp().vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, a, b, label=label) for a, b, label in ents]
    return doc


def test_a_span_across_a_paragraph_break_is_cut() -> None:
    # "Syria\n\nNews Service AA" run together as one ORG, as the model does after a dateline.
    doc = _doc(
        ["in", "Syria", "\n\n", "News", "Service", "AA"], [True, False, False, True, True, False], [(1, 6, "ORG")]
    )
    spans = model_spans(doc.text, _raw(doc))
    assert [(s.text, s.label) for s in spans] == [("Syria", "ORG"), ("News Service AA", "ORG")]
    for s in spans:
        assert doc.text[s.start : s.end] == s.text


def test_leading_article_and_possessive_are_trimmed() -> None:
    doc = _doc(["the", "Kremlin", "'s", "view"], [True, False, True, False], [(0, 3, "ORG")])
    assert [(s.text, s.start) for s in model_spans(doc.text, _raw(doc))] == [("Kremlin", 4)]


def _merge(text: str, spans: list[ModelSpan]) -> list[Entity]:
    cms = find_countries(text)
    return merge_model_entities(text, find_entities(text, cms, is_place=is_known_place), spans, cms, is_known_place)


def _span(text: str, needle: str, label: str, nth: int = 0) -> ModelSpan:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return ModelSpan(needle, start, start + len(needle), label)


def test_an_org_that_is_a_persons_surname_is_that_person() -> None:
    text = "Foreign Minister Miro Cerar arrived. Later, Cerar met the press."
    ents = _merge(text, [_span(text, "Cerar", "ORG", nth=1)])
    people = [e for e in ents if e.label == "PERSON"]
    assert len(people) == 1 and [m.text for m in people[0].mentions] == ["Miro Cerar", "Cerar"]
    assert not [e for e in ents if e.label == "ORG"]


def test_the_model_adds_people_the_rules_miss_with_role_and_nationality() -> None:
    # No role word the rules know, one word of the name is also a place: the rules pass, the model does not.
    text = "Talks were chaired by the Slovenian diplomat Tanja Fajon and Sergei Ryabkov, officials said."
    spans = [_span(text, "Tanja Fajon", "PERSON"), _span(text, "Sergei Ryabkov", "PERSON")]
    people = {e.name: e for e in _merge(text, spans) if e.label == "PERSON"}
    assert people["Tanja Fajon"].country == "SVN" and people["Tanja Fajon"].role == "diplomat"
    assert "Sergei Ryabkov" in people


def test_one_word_people_need_a_role_or_a_report() -> None:
    text = "The shelling hit Quneitra overnight. Haddad said losses were heavy."
    spans = [_span(text, "Quneitra", "PERSON"), _span(text, "Haddad", "PERSON")]
    people = {e.name for e in _merge(text, spans) if e.label == "PERSON"}
    assert people == {"Haddad"}  # "Haddad said": a report after it; Quneitra has neither


def test_a_rule_person_the_model_calls_a_place_is_dropped() -> None:
    text = "Heavy fighting was reported around Ras Kamboni, activists said."
    assert any(e.label == "PERSON" for e in _merge(text, []))  # the rules alone read a person
    merged = _merge(text, [_span(text, "Ras Kamboni", "GPE")])
    assert not any(e.label == "PERSON" for e in merged)


def test_people_leading_a_national_delegation_take_its_country() -> None:
    text = (
        "Deputy Foreign Minister Grace Akello chaired the Ugandan delegation.\n\n"
        "The Kenyan side -- chaired by Deputy Foreign Minister Peter Mwangi and special envoy on Sudan "
        "Mary Otieno -- comprised officials."
    )
    cms = find_countries(text)
    people = [e for e in find_entities(text, cms, is_place=is_known_place) if e.label == "PERSON"]
    for p in people:
        p.country = None
    delegation_countries(text, people, cms)
    assert {p.name: p.country for p in people} == {
        "Grace Akello": "UGA",
        "Peter Mwangi": "KEN",
        "Mary Otieno": "KEN",
    }


def test_delegation_rule_leaves_others_alone() -> None:
    text = "Ana Novak met the Turkish delegation on Monday."
    person = Entity(
        entity_id="person:ana-novak",
        name="Ana Novak",
        label="PERSON",
        mentions=[Mention(text="Ana Novak", start=0, end=9)],
    )
    delegation_countries(text, [person], find_countries(text))
    assert person.country is None


def test_the_model_runs_only_around_words_the_rules_left_unexplained() -> None:
    text = "Turkey and Russia met on Monday. Then officials from Aselsan signed a deal. The talks ended."
    monday = text.index("Monday")
    explained = explained_spans([], find_countries(text), [(monday, monday + 6)])
    scope = model_scope(text, [(s.start, s.end) for s in split_sentences(text)], explained, margin=2)
    aselsan = text.index("Aselsan")
    assert scope.unexplained == [(aselsan, aselsan + 7)]
    assert [text[a:b] for a, b in scope.windows] == ["officials from Aselsan signed a"]
    assert scope.asked(aselsan, aselsan + 7) and scope.asked(aselsan - 5, aselsan + 2)
    assert not scope.asked(0, 6)  # "Turkey": the rules read it


def test_ordinary_capitalised_words_do_not_call_the_model() -> None:
    # A sentence's first word written in lower case elsewhere, a contraction of a function word, "I".
    text = "Instead of talks, they fought. It’s over, and instead I rest."
    sentences = [(s.start, s.end) for s in split_sentences(text)]
    assert model_scope(text, sentences, []).windows == []
    named = "Then the talks ended, and Mr Halvorsen left."
    assert model_scope(named, [(0, len(named))], []).unexplained == [(26, 28), (29, 38)]
