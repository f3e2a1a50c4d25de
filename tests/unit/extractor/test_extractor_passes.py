"""Each pass of the extractor alone, on drafts built by hand."""

from __future__ import annotations

import datetime as dt

from schemas.records import Location
from services.common.sentences import Span
from services.extractor.draft import Draft, country_group
from services.extractor.lexicon import TriggerEntry
from services.extractor.parties import ArticleContext, Group, PartyMention, Side
from services.extractor.passes import (
    PASSES,
    PassContext,
    domestic_sides,
    drop_repeats,
    fill_dyads,
    keep_confident,
    keep_specific,
    merge_same_type,
    resolve_pairs,
    run_passes,
    target_from_place,
)
from services.extractor.triggers import Trigger

DAY = dt.date(2022, 3, 9)


def _ctx(about: list[str] | None = None) -> PassContext:
    article = ArticleContext(text="", mentions=[], regime_country=None, theatre_country=None, home_country=None,
                             dominant_country=None,
                             about=about or [])  # fmt: skip
    return PassContext(article, DAY)


def _side(*countries: str, sector: str | None = None) -> Side:
    return Side([Group([PartyMention(0, 0, c, c, "country")], c, sector) for c in countries])


def _draft(kind: str, actor: Side, recipient: Side, sent: int = 0, **kw: object) -> Draft:
    entry = TriggerEntry(form="x", type=kind, cameo="00", pos="verb", flags=frozenset())
    fields: dict = {"implicit": False, "modality": "happened", "date": DAY, "date_precision": "day",
                    "date_from_sentence": True, "period_start": DAY, "location": None}  # fmt: skip
    fields.update(kw)
    return Draft(sent=Span(sent, sent + 10, "x" * 10), trig=Trigger(sent, sent + 1, "x", entry, False),
                 actor=actor, recipient=recipient, **fields)  # fmt: skip


def test_one_sentence_triggers_of_a_type_that_agree_are_one_event() -> None:
    a = _draft("ASSAULT", _side("SYR"), _side("TUR"))
    b = _draft("ASSAULT", Side(), _side("TUR"), fatalities=8)
    other_sentence = _draft("ASSAULT", _side("SYR"), _side("TUR"), sent=50)
    merged = merge_same_type([a, b, other_sentence], _ctx())
    assert len(merged) == 2 and merged[0].fatalities == 8


def test_both_sides_are_the_article_pair() -> None:
    pair = Side([Group([PartyMention(0, 0, "both sides", None, "term")], None, None, pair=True)])
    (d,) = resolve_pairs([_draft("CONSULT", pair, Side())], _ctx(["ETH", "EGY"]))
    assert (d.actor.countries, d.recipient.countries, d.implicit) == (["ETH"], ["EGY"], True)


def test_a_coordinated_subject_of_a_symmetric_act_is_split() -> None:
    (d,) = fill_dyads([_draft("AGREE", _side("SRB", "XKX"), Side())], _ctx())
    assert (d.actor.countries, d.recipient.countries) == (["SRB"], ["XKX"])


def test_an_attack_abroad_hits_the_place_and_one_at_home_only_for_armed_groups() -> None:
    where = Location(name="Khan Younis", country="PSE")
    (abroad,) = target_from_place([_draft("ASSAULT", _side("ISR"), Side(), location=where)], _ctx())
    assert abroad.recipient.countries == ["PSE"]
    home = Location(name="Omdurman", country="SDN")
    (army,) = target_from_place([_draft("ASSAULT", _side("SDN", sector="military"), Side(), location=home)], _ctx())
    (rsf,) = target_from_place([_draft("ASSAULT", _side("SDN", sector="rebel"), Side(), location=home)], _ctx())
    assert army.recipient.countries == [] and rsf.recipient.countries == ["SDN"]


def test_a_domestic_act_has_its_country_on_both_sides() -> None:
    (coerce,) = domestic_sides([_draft("COERCE", _side("GEO"), Side())], _ctx())
    (protest,) = domestic_sides([_draft("PROTEST", Side(), _side("SRB"))], _ctx())
    (talks,) = domestic_sides([_draft("CONSULT", _side("GEO"), Side())], _ctx())
    assert coerce.recipient.countries == ["GEO"] and protest.actor.countries == ["SRB"]
    assert talks.recipient.countries == []


def test_a_state_of_affairs_and_an_undated_intention_are_no_events() -> None:
    ongoing = _draft("ASSAULT", Side(), _side("UKR"), date=None, date_from_sentence=False)
    planned = _draft("CONSULT", _side("USA"), _side("CHN"), modality="planned", date=None, date_from_sentence=False)
    dated_plan = _draft("CONSULT", _side("USA"), _side("CHN"), modality="planned")
    assert keep_specific([ongoing, planned, dated_plan], _ctx()) == [dated_plan]


def test_a_mention_that_names_nothing_of_its_own_is_no_event() -> None:
    echo = _draft("CONSULT", Side(), Side(), date_from_sentence=False)
    assert keep_confident([echo], _ctx()) == []


def test_an_undated_repeat_lends_its_place_to_the_first_mention() -> None:
    first = _draft("CONSULT", _side("TUR"), _side("RUS"))
    again = _draft("CONSULT", _side("RUS"), _side("TUR"), sent=40, date_from_sentence=False,
                   location=Location(name="Ankara", country="TUR"))  # fmt: skip
    assert drop_repeats([first, again], _ctx()) == [first]
    assert first.location is not None and first.location.name == "Ankara"


def test_the_declared_passes_run_in_order() -> None:
    drafts = [_draft("SANCTION", _side("USA"), _side("IRN")), _draft("SANCTION", _side("USA"), _side("IRN"), sent=30)]
    assert run_passes(drafts, _ctx()) == drafts
    assert PASSES[0] is merge_same_type and PASSES[-1] is drop_repeats
    assert country_group("FRA").country == "FRA"


def test_what_is_condemned_names_its_doer() -> None:
    from services.extractor.passes import doer_of_the_act_named

    text = "Ruritanian forces shelled the town. Freedonia condemned the attack on the town."
    ctx = _ctx()
    ctx.article.text = text
    attack = _draft("ASSAULT", _side("RUS"), Side())
    condemned = _draft("ACCUSE", _side("UKR"), Side(), sent=36)
    condemned.sent = Span(36, len(text), text[36:])
    condemned.trig = Trigger(46, 55, "condemned", condemned.trig.entry, False)
    doer_of_the_act_named([attack, condemned], ctx)
    assert condemned.recipient.countries == ["RUS"]
