"""The general mechanisms behind events on unseen news, each on a sentence written for this test."""

from __future__ import annotations

import datetime as dt

from schemas.records import Event
from services.extractor.extract import extract_events
from tests.unit.enricher.helpers import enriched

PUB = dt.date(2021, 5, 12)  # a Wednesday


def _events(body: str) -> list[Event]:
    return extract_events(enriched(body, PUB))


def _typed(body: str) -> list[tuple[str, list[str | None], list[str | None]]]:
    return [(e.type, [p.country for p in e.actors], [p.country for p in e.recipients]) for e in _events(body)]


def test_a_non_state_group_has_the_country_a_reader_gives_it() -> None:
    (ev,) = _events("Al-Shabaab fighters attacked an army base near Baidoa on Tuesday, killing nine soldiers.")
    assert ev.type == "ASSAULT" and ev.actors[0].country == "SOM" and ev.fatalities == 9
    assert ev.date == dt.date(2021, 5, 11)


def test_police_and_protesters_are_the_story_country_on_both_sides() -> None:
    body = (
        "Thousands of Ruritanian students marched in Lima against the new pension law.\n\n"
        "Police fired tear gas to disperse the crowd near the Congress building."
    )
    kinds = {t: (a, r) for t, a, r in _typed(body)}
    assert kinds["COERCE"] == (["PER"], ["PER"])


def test_deaths_told_with_an_intransitive_verb_are_victims_not_actors() -> None:
    (ev,) = _events("Twelve Malian soldiers died when their convoy hit a roadside bomb near Gao on Monday.")
    assert ev.type == "ASSAULT" and not any(p.country == "MLI" for p in ev.actors)
    assert [p.country for p in ev.recipients] == ["MLI"] and ev.fatalities == 12


def test_forces_of_nature_accidents_and_figures_of_speech_are_no_attacks() -> None:
    assert _typed("A powerful earthquake struck southern Turkey on Monday, killing 40 people.") == []
    assert _typed("A Nepalese passenger plane crashed near Pokhara on Sunday, killing all 72 on board.") == []
    speech = "The senator said the Kenyan government is attacking our freedoms."
    assert all(t != "ASSAULT" for t, _, _ in _typed(speech))


def test_a_deal_struck_is_an_agreement() -> None:
    assert [t for t, _, _ in _typed("Egypt and Sudan struck a deal on the dam on Friday.")] == ["AGREE"]
    assert [t for t, _, _ in _typed("Iran and France struck a long-sought agreement on Tuesday.")] == ["AGREE"]


def test_a_warning_of_retaliation_is_a_threat_and_the_retaliation_no_attack() -> None:
    types = [t for t, _, _ in _typed("Iran warned on Tuesday that it would strike Israeli bases if attacked.")]
    assert "THREATEN" in types and "ASSAULT" not in types


def test_sanctions_expulsions_and_aid_are_coded() -> None:
    assert ("SANCTION", ["USA"], ["RUS"]) in _typed("The United States imposed sanctions on Russia on Monday.")
    assert ("SANCTION", ["POL"], ["BLR"]) in _typed("Poland expelled two Belarusian diplomats on Tuesday.")
    assert ("AID", ["JPN"], ["UKR"]) in _typed("Japan pledged $500 million in humanitarian aid to Ukraine on Monday.")


def test_an_intention_without_a_date_is_not_news() -> None:
    assert _typed("China would host talks between the two rivals under the plan.") == []


def test_who_is_asked_is_the_subject_of_the_clause_asked_for() -> None:
    assert ("REQUEST", ["PHL"], ["CHN"]) in _typed(
        "The Philippine army chief on Wednesday demanded that China return the seized rifles."
    )


def test_a_dateline_in_capitals_is_no_side() -> None:
    body = "CAMP LEMONNIER, Djibouti - Kenyan and Somali officials agreed on Tuesday to reopen the border crossing."
    (ev,) = _events(body)
    assert ev.type == "AGREE" and {p.country for p in ev.actors + ev.recipients} == {"KEN", "SOM"}


def test_a_condemnation_of_an_act_is_addressed_to_its_doer() -> None:
    body = (
        "Indian jets struck three sites in Pakistan on Wednesday, the army said.\n\n"
        "The attacks were condemned by the Pakistani government as an act of war."
    )
    assert ("ACCUSE", ["PAK"], ["IND"]) in _typed(body)


def test_a_conditional_threat_is_the_speakers_and_happened() -> None:
    body = "The Iranian army warned on Sunday that any Israeli strike would meet a crushing response."
    assert ("THREATEN", ["IRN"], ["ISR"]) in _typed(body)
    assert _typed("Officials said the new stadium would meet a strong response from fans if prices rose.") == []


def test_an_accusation_inside_speech_is_the_speakers() -> None:
    body = "Kenya said on Monday that Somali militias had violated the border agreement."
    assert ("ACCUSE", ["KEN"], ["SOM"]) in _typed(body)
    assert all(t != "ACCUSE" for t, _, _ in _typed("The border agreement was violated on Monday near Mandera, Kenya."))


def test_deaths_without_a_doer_are_the_armed_side_the_sentence_names() -> None:
    body = "At least 19 Nepali protesters were killed on Monday after the police used excessive force in Kathmandu."
    assert ("ASSAULT", ["NPL"], ["NPL"]) in _typed(body)


def test_two_strikes_of_one_day_in_two_places_are_two_events() -> None:
    body = (
        "At least 35 Palestinians were killed in Israeli shelling in Rafah on Saturday, officials said.\n\n"
        "Israeli airstrikes on Saturday also killed 12 Palestinians in Khan Younis."
    )
    strikes = [e for e in _events(body) if e.type == "ASSAULT"]
    assert sorted(e.fatalities or 0 for e in strikes) == [12, 35]


def test_in_a_one_country_story_an_undirected_refusal_is_aimed_at_home() -> None:
    body = (
        "South Korean lawmakers met in Seoul on Wednesday after the president declared martial law.\n\n"
        "The lawmakers voted to reject the decree early on Wednesday."
    )
    assert ("REJECT", ["KOR"], ["KOR"]) in _typed(body)
