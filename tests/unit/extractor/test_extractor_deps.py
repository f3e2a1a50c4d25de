"""Dependency patterns: coordination, passives, nominal events, reported speech, counts, modality, mode.

Written cases on conflicts and diplomacy that are not in the seeds; each names what the parse must give."""

from __future__ import annotations

import datetime as dt

from schemas.records import Event
from services.extractor.counts import count_after, count_before, parse_number
from services.extractor.extract import extract_events
from services.extractor.lexicon import triggers
from tests.unit.enricher.helpers import enriched

PUB = dt.date(2022, 3, 9)  # a Wednesday


def _events(body: str, pub: dt.date = PUB) -> list[Event]:
    return extract_events(enriched(body, pub))


def _countries(parties: list) -> set[str | None]:
    return {p.country for p in parties}


def test_coordinated_subject_gives_both_sides_of_a_symmetric_event() -> None:
    (ev,) = _events("India and China agreed on Monday to pull back troops from the border.")
    assert ev.type == "AGREE"
    assert _countries(ev.actors) | _countries(ev.recipients) == {"IND", "CHN"}
    assert ev.date == dt.date(2022, 3, 7)


def test_passive_agent_acts_and_subject_receives() -> None:
    (ev,) = _events("Twelve Sudanese soldiers were killed by Ethiopian forces on Tuesday.")
    assert ev.type == "ASSAULT"
    assert _countries(ev.actors) == {"ETH"} and _countries(ev.recipients) == {"SDN"}
    assert ev.fatalities == 12


def test_participle_passive_takes_the_agent_as_actor() -> None:
    events = _events("Kenya deployed police around a buffer zone agreed by Ethiopia and Eritrea in 2018.")
    agree = next(e for e in events if e.type == "AGREE")
    assert _countries(agree.actors) | _countries(agree.recipients) == {"ETH", "ERI"}
    assert "KEN" not in _countries(agree.recipients) and agree.historical


def test_nominal_trigger_with_between_and_possessor() -> None:
    (talks,) = _events("Talks between Armenia and Azerbaijan opened in Brussels on Monday.")
    assert talks.type == "CONSULT" and talks.mode == "in person"
    assert _countries(talks.actors) == {"ARM"} and _countries(talks.recipients) == {"AZE"}
    body = "Houthi rebels fired at Saudi positions on Monday.\n\nTheir shelling killed three Saudi soldiers on Tuesday."
    shelling = next(e for e in _events(body) if e.mode == "shelling")
    assert shelling.fatalities == 3 and _countries(shelling.recipients) == {"SAU"}


def test_noun_object_of_a_light_verb_takes_its_subject() -> None:
    (ev,) = _events("Serbian officials held three hours of talks with Kosovar negotiators in Brussels on Monday.")
    assert ev.type == "CONSULT"
    assert _countries(ev.actors) == {"SRB"} and ev.location is not None and ev.location.name == "Brussels"


def test_reported_speech_makes_the_speaker_a_source_not_a_side() -> None:
    (ev,) = _events("Israeli warplanes struck targets in Gaza on Sunday, the Palestinian health ministry said.")
    assert ev.type == "ASSAULT" and _countries(ev.actors) == {"ISR"}
    assert [p.name for p in ev.sources] and "ISR" not in _countries(ev.sources)
    (ev,) = _events("Pakistan said on Wednesday it had shot down two Indian jets.")
    assert _countries(ev.actors) == {"PAK"}  # the pronoun is the speaker
    (ev,) = _events("Russian forces shelled Kharkiv on Monday, according to Ukrainian officials.")
    assert _countries(ev.actors) == {"RUS"} and _countries(ev.sources) == {"UKR"}


def test_counts_in_words_and_with_qualifiers_killed_injured_displaced() -> None:
    assert parse_number("half a million") == 500_000
    body = (
        "On Tuesday, Syrian forces shelled the town of Ariha, killing more than 20 civilians, injuring around "
        "40 people and displacing nearly 3,000 residents."
    )
    (ev,) = _events(body)
    assert (ev.fatalities, ev.fatalities_qualifier) == (20, "more than")
    assert (ev.injured, ev.injured_qualifier) == (40, "around")
    assert (ev.displaced, ev.displaced_qualifier) == (3000, "nearly")
    assert ev.mode == "shelling"
    c = count_before("over 600,000 people have fled", 0, len("over 600,000 people have "))
    assert c is not None and (c.value, c.qualifier) == (600_000, "over")
    c = count_after("killing seven soldiers", len("killing"), len("killing seven soldiers"))
    assert c is not None and c.value == 7


def test_displacement_alone_is_no_event() -> None:
    assert _events("Around 4 million people have been displaced in Yemen, the United Nations said.") == []


def test_modality_planned_failed_and_hoped() -> None:
    (ev,) = _events("German Chancellor Olaf Scholz is expected to visit Kyiv next week.")
    assert ev.type == "CONSULT" and ev.modality == "planned"
    (ev,) = _events("Serbia and Kosovo failed to reach an agreement in Brussels on Monday.")
    assert ev.type == "AGREE" and ev.modality == "failed"
    # a hope is no announced plan: not an event
    assert _events("Moscow hopes Armenia and Azerbaijan can agree on a peace treaty, Lavrov said.") == []


def test_phone_mode_is_lent_by_another_trigger_of_the_sentence() -> None:
    (ev,) = _events("On Monday, Joe Biden and Xi Jinping discussed Taiwan during a telephone call.")
    assert ev.type == "CONSULT" and ev.mode == "phone"
    assert triggers()["airstrike"].mode == "airstrike" and triggers()["offensive"].mode == "ground offensive"


def test_back_references_are_not_new_events() -> None:
    body = (
        "Armenian and Azerbaijani officials held talks in Brussels on Monday.\n\n"
        "Armenia was represented in the talks by its deputy foreign minister.\n\n"
        "We will hold talks again."
    )
    consult = [e for e in _events(body) if e.type == "CONSULT"]
    assert len(consult) == 1 and consult[0].date == dt.date(2022, 3, 7)


def test_a_thing_object_leaves_the_recipient_to_its_destination_or_origin() -> None:
    # made-up sentences: the object is a thing (envoys, imports), the side stands after "to"/"from"
    (recall,) = [e for e in _events("Peru recalled its envoys to Chile and Bolivia on Monday.") if e.type == "SANCTION"]
    assert _countries(recall.actors) == {"PER"} and _countries(recall.recipients) == {"CHL", "BOL"}
    (ban,) = _events("Vietnam on Monday suspended rice imports from three large Thai exporters.")
    assert ban.type == "SANCTION" and _countries(ban.recipients) == {"THA"}


def test_what_a_speaker_calls_something_names_whom_it_accuses() -> None:
    (ev,) = _events("Norway on Monday condemned what it called Russia's reckless manoeuvres.")
    assert ev.type == "ACCUSE"
    assert _countries(ev.actors) == {"NOR"} and _countries(ev.recipients) == {"RUS"}
