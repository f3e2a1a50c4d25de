from __future__ import annotations

import datetime as dt

from schemas.records import Event
from services.common.ids import derived_id
from services.extractor.extract import extract_article_events, extract_events
from tests.unit.enricher.helpers import enriched

PUB = dt.date(2020, 2, 10)  # a Monday


def _events(body: str, pub: dt.date | None = PUB, title: str | None = None) -> list[Event]:
    return extract_events(enriched(body, pub, title))


def _sides(ev: Event) -> tuple[list[str | None], list[str | None]]:
    return [p.country for p in ev.actors], [p.country for p in ev.recipients]


def test_consultation_with_both_sides_date_place_and_stable_id() -> None:
    body = "Ethiopian officials had talks with Kenyan officials in Nairobi on Saturday."
    (ev,) = _events(body)
    assert (ev.type, ev.cameo_root, ev.modality) == ("CONSULT", "04", "happened")
    assert _sides(ev) == (["ETH"], ["KEN"])
    assert (ev.date, ev.date_precision) == (dt.date(2020, 2, 8), "day")
    assert ev.location is not None and ev.location.name == "Nairobi" and ev.location.country == "KEN"
    assert ev.sentence == body and (ev.sentence_start, ev.sentence_end) == (0, len(body))
    assert ev.event_id == derived_id("a1b2c3d4e5f60718", 0, "CONSULT", "talks")
    assert 0.0 <= ev.confidence <= 1.0
    assert [e.event_id for e in _events(body)] == [ev.event_id]  # same input, same ids


def test_attack_sides_fatalities_and_one_event_per_sentence() -> None:
    body = (  # made up, in the manner of a wire report
        "The Eritrean regime has been shelling the region for weeks.\n\n"
        "On Feb. 3, an attack led by the regime in Mekelle killed seven Ethiopian soldiers and one civilian "
        "contractor, and injured over a dozen people."
    )
    attack = [e for e in _events(body) if e.date == dt.date(2020, 2, 3)]
    assert len(attack) == 1  # "attack", "killed" and "injured" are one event
    (ev,) = attack
    assert ev.type == "ASSAULT" and _sides(ev) == (["ERI"], ["ETH"])  # unmodified "regime" -> Eritrean regime
    assert (ev.fatalities, ev.injured) == (8, 12)
    assert ev.location is not None and ev.location.name == "Mekelle"


def test_passive_agent_after_by_and_qualified_counts() -> None:
    body = "More than 1,800 civilians in Syria have been killed in attacks by the regime and Russian forces since 2018."
    (ev,) = _events(body)
    actors, recipients = _sides(ev)
    assert set(actors) == {"SYR", "RUS"} and recipients == ["SYR"]
    assert (ev.fatalities, ev.fatalities_qualifier) == (1800, "more than")
    assert ev.date is None and ev.historical  # a period, not a day, and long before publication


def test_coordinated_subject_is_both_sides_and_period_leaves_date_null() -> None:
    (ev,) = _events("In September 2018, Turkey and Russia agreed to turn the province into a safe zone.")
    assert ev.type == "AGREE" and _sides(ev) == (["TUR"], ["RUS"])
    assert ev.date is None and ev.historical


def test_undated_sentence_takes_the_day_of_the_story_before_it() -> None:
    body = (
        "On Feb. 3, Kenya and Ethiopia held talks in Nairobi.\n\n"
        "In retaliation, Kenya struck targets and killed 76 Somali soldiers."
    )
    events = _events(body)
    strike = next(e for e in events if e.type == "ASSAULT")
    assert _sides(strike) == (["KEN"], ["SOM"]) and strike.fatalities == 76
    assert strike.date == dt.date(2020, 2, 3)


def test_modality_planned_failed_and_denied_is_not_reported() -> None:
    body = (
        "An Ethiopian delegation is expected to arrive in Nairobi on Saturday, Kenya's foreign minister said.\n\n"
        "Nairobi and Addis Ababa have failed to reach an accord.\n\n"
        '"The patrol between Kenya and Ethiopia was not halted," a Kenyan official said.'
    )
    by_trigger = {e.trigger: e for e in _events(body, dt.date(2020, 2, 7))}
    arrive = by_trigger["arrive"]
    assert arrive.modality == "planned" and arrive.date == dt.date(2020, 2, 8)
    assert _sides(arrive) == (["ETH"], ["KEN"])
    assert by_trigger["accord"].modality == "failed"
    assert "halted" not in by_trigger  # a denied event did not happen: it is not reported


def test_missing_side_comes_from_the_article_main_pair() -> None:
    body = (
        "Kenyan officials held talks with the visiting Ethiopian delegation on Saturday.\n\n"
        "He said the talks had failed."
    )
    # "He said the talks had failed": no side, date or count of its own, a back-reference to the talks
    events = [e for e in _events(body) if e.type == "CONSULT"]
    assert len(events) == 1 and set(_sides(events[0])[0] + _sides(events[0])[1]) == {"KEN", "ETH"}
    # with a day of its own it is news: the side it lacks comes from the article's main pair
    body = body.replace("the talks had failed.", "the talks on Sunday had failed.")
    events = [e for e in _events(body, dt.date(2020, 2, 11)) if e.type == "CONSULT"]
    assert len(events) == 2
    assert {frozenset(c for side in _sides(e) for c in side) for e in events} == {frozenset({"KEN", "ETH"})}
    implicit = events[1]
    assert implicit.modality == "failed" and implicit.confidence < events[0].confidence


def test_news_conference_needs_a_counterpart() -> None:
    assert _events("The minister spoke at a news conference in Nairobi on Monday.") == []
    (ev,) = _events("Kenya's foreign minister held a joint news conference with his Tanzanian counterpart.")
    assert set(_sides(ev)[0] + _sides(ev)[1]) == {"KEN", "TZA"}


def test_backers_are_not_actors() -> None:
    (ev,) = _events("On Thursday, Rwanda-backed Congolese rebels entered the town of Sake.")
    assert ev.type == "ASSAULT" and _sides(ev)[0] == ["COD"]
    assert ev.date == dt.date(2020, 2, 6)


def test_nothing_for_other_languages_or_empty_bodies() -> None:
    assert _events("Le ministre turc a rencontré la délégation russe lundi et les discussions ont échoué.") == []
    assert _events("") == []


def test_news_without_a_date_happened_on_the_publication_day_and_background_has_none() -> None:
    body = (
        "Kenyan and Ethiopian officials held talks in Nairobi.\n\n"
        "The two sides spoke for hours.\n\n"
        "Background.\n\n"
        "Kenya and Ethiopia signed an agreement.\n\n"
        "Kenya and Uganda had previously signed an accord on the region."
    )
    talks, news, background = _events(body)
    assert talks.trigger == "held talks" and talks.date == PUB
    assert "Ethiopia signed" in news.sentence and news.date == PUB  # undated news is the day's, wherever it stands
    assert "previously" in background.sentence and background.date is None


def test_regime_takes_the_country_the_article_ties_to_it_and_pronouns_their_antecedent() -> None:
    body = (
        "The Eritrean regime and Eritrea-backed militias pressed on.\n\n"
        "Regime forces pressed south. Their shelling killed eight Ethiopian soldiers."
    )
    (ev,) = [e for e in _events(body) if e.type == "ASSAULT"]
    assert _sides(ev) == (["ERI"], ["ETH"]) and ev.fatalities == 8


def test_joint_announcement_is_an_agreement_of_those_named() -> None:
    (ev,) = [
        e for e in _events("In 2017, Turkey, Russia and Iran announced four de-escalation zones.") if e.type == "AGREE"
    ]
    assert [p.country for p in ev.actors + ev.recipients] == ["TUR", "RUS", "IRN"]
    assert _events("Kenya announced new measures on Monday.") == []


def test_a_dated_event_mentioned_twice_is_reported_once_unless_asked() -> None:
    body = (
        "Ethiopian officials had talks with Kenyan officials on Feb. 8.\n\n"
        "The talks between Kenya and Ethiopia on Feb. 8 lasted hours."
    )
    assert len(_events(body)) == 1
    assert len(extract_events(enriched(body, PUB), dedupe=False)) == 2


def test_an_attack_abroad_without_a_named_target_hits_the_country_it_happened_in() -> None:
    (ev,) = _events("Israeli warplanes struck targets in the Gaza Strip on Monday.")
    assert _sides(ev) == (["ISR"], ["PSE"]) and ev.location is not None and ev.location.name == "Gaza Strip"


def test_reported_pronoun_subject_is_the_source() -> None:
    (ev,) = _events("Pakistan said on Wednesday it had shot down two Indian military aircraft.", dt.date(2019, 2, 27))
    assert ev.type == "ASSAULT" and _sides(ev) == (["PAK"], ["IND"])
    assert ev.date == dt.date(2019, 2, 27)


def test_both_sides_are_the_two_countries_the_article_is_about() -> None:
    body = (
        "India and Pakistan exchanged fire across the border on Tuesday.\n\n"
        "Indian and Pakistani officials traded blame.\n\n"
        "The United States urged both countries to show restraint."
    )
    (ev,) = [e for e in _events(body, dt.date(2019, 2, 27)) if e.type == "REQUEST"]
    assert _sides(ev) == (["USA"], ["IND", "PAK"])


def test_warm_up_leaves_the_model_loaded() -> None:
    from services.enricher.nlp import load_nlp
    from services.extractor.extract import warm_up

    warm_up()
    assert load_nlp.cache_info().currsize == 1


def test_the_stage_record_holds_all_of_an_articles_events_and_is_sent_when_there_are_none() -> None:
    article = enriched("Kenyan and Ugandan officials met in Nairobi on Monday to discuss the border.", PUB)
    record = extract_article_events(article)
    assert record.article_id == article.article_id and record.events == extract_events(article)
    assert record.events  # the meeting
    other = article.model_copy(update={"language": "xx"})  # a language the extractor does not read
    assert extract_article_events(other).events == []
