"""Marking a mention's trigger and sides, and an article's event sentences, as segments the template escapes."""

from __future__ import annotations

from services.web.marking import Segment, mark_body, mark_sentence


def joined(segments: list[Segment]) -> str:
    return "".join(s.text for s in segments)


def test_trigger_and_sides_are_marked_where_they_stand() -> None:
    sentence = "Police in Nairobi dispersed protesters outside the parliament on Tuesday."
    segments = mark_sentence(sentence, "dispersed", ["Police"], ["protesters"])
    assert joined(segments) == sentence
    assert [(s.text, s.role) for s in segments if s.role] == [
        ("Police", "actor"), ("dispersed", "trigger"), ("protesters", "recipient")
    ]  # fmt: skip


def test_whole_words_only_and_case_blind() -> None:
    segments = mark_sentence("Iranian and Iran's envoys met.", "met", ["IRAN"], [])
    assert [(s.text, s.role) for s in segments if s.role] == [("Iran", "actor"), ("met", "trigger")]


def test_overlaps_and_absent_phrases_stay_plain() -> None:
    sentence = "The Kenyan army shelled positions."
    segments = mark_sentence(sentence, "shelled", ["Kenyan army", "army"], ["Somalia"])
    assert [(s.text, s.role) for s in segments if s.role] == [("Kenyan army", "actor"), ("shelled", "trigger")]
    assert joined(segments) == sentence


def test_markup_in_the_text_is_kept_as_text() -> None:
    sentence = "<script>alert(1)</script> rebels attacked"
    segments = mark_sentence(sentence, "attacked", ["rebels"], [])
    assert joined(segments) == sentence  # the template escapes each segment


def test_body_sentences_with_events_are_marked_once() -> None:
    body = "First line.\n\nRebels attacked a base and met envoys. Nothing here."
    start = body.index("Rebels")
    end = body.index(" Nothing")
    mentions = [
        {"sentence_start": start, "sentence_end": end, "event_id": "e1", "type": "ASSAULT"},
        {"sentence_start": start, "sentence_end": end, "event_id": "e2", "type": "CONSULT"},
        {"sentence_start": 5, "sentence_end": 999, "event_id": "bad", "type": "AID"},  # past the end: dropped
    ]
    segments = mark_body(body, mentions)
    assert joined(segments) == body
    marked = [s for s in segments if s.role == "event"]
    assert len(marked) == 1
    assert marked[0].events == ("e1", "e2") and marked[0].types == ("ASSAULT", "CONSULT")
