import datetime as dt
from dataclasses import replace

from services.events.identity import Signature, new_event_id
from services.events.resolution import CandidateRead, Mention, absorbed, candidate_reads, date_windows, resolve

D = dt.date
DAY = D(2020, 2, 3)
REPORTED = D(2020, 2, 4)


def sig(
    date: dt.date | None = DAY,
    killed: int | None = 8,
    where: str | None = None,
    reported: dt.date | None = REPORTED,
    type_: str = "ASSAULT",
    actors: str = "SYR",
) -> Signature:
    return Signature(type_, frozenset(actors.split(",")), frozenset({"TUR"}), date, reported, killed, where)


def test_a_lone_mention_starts_its_own_event() -> None:
    out = resolve([Mention("m1", sig(), None)], {})
    event_id = new_event_id(sig(), "m1")
    assert out.moves == {"m1": event_id}
    assert out.created == {event_id: "m1"}
    assert out.changed == {} and out.touched == {event_id}


def test_mentions_of_one_attack_in_one_batch_share_the_event_started_by_the_first() -> None:
    out = resolve([Mention("m1", sig(), None), Mention("m2", sig(date=D(2020, 2, 4)), None)], {})
    assert out.moves["m1"] == out.moves["m2"] and len(out.created) == 1


def test_a_mention_joins_the_first_known_event_that_fits() -> None:
    known = {"old": sig(date=D(2020, 1, 1)), "e1": sig(), "e2": sig()}
    out = resolve([Mention("m1", sig(), None)], known)
    assert out.moves == {"m1": "e1"} and out.created == {}


def test_a_mention_that_still_fits_its_event_is_left_alone() -> None:
    out = resolve([Mention("m1", sig(), "e2")], {"e1": sig(), "e2": sig()})
    assert out.moves == {} and out.touched == set()


def test_a_mention_that_no_longer_fits_moves_and_both_events_are_recounted() -> None:
    out = resolve([Mention("m1", sig(killed=3), "e1")], {"e1": sig()})
    assert out.moves["m1"] != "e1" and out.touched == {"e1", out.moves["m1"]}


def test_what_a_joining_mention_knows_is_absorbed_and_seen_by_the_next() -> None:
    # The event has no place; m1 gives it Idlib, so m2 (in Ankara) no longer fits it.
    known = {"e1": sig(where=None)}
    out = resolve([Mention("m1", sig(where="Idlib"), None), Mention("m2", sig(where="Ankara"), None)], known)
    assert out.moves["m1"] == "e1" and out.changed["e1"].location == "Idlib"
    assert out.moves["m2"] != "e1"


def test_absorbing_keeps_what_the_event_knew_and_the_earliest_report() -> None:
    event = sig(date=None, killed=8, where=None, reported=D(2020, 2, 6))
    merged = absorbed(event, sig(date=D(2020, 2, 3), killed=9, where="Idlib", reported=D(2020, 2, 4)))
    assert (merged.date, merged.fatalities, merged.location, merged.reported_on) == (DAY, 8, "Idlib", REPORTED)
    assert absorbed(sig(reported=None), sig(reported=D(2020, 2, 5))).reported_on == D(2020, 2, 5)


def test_an_existing_event_with_the_would_be_id_is_joined_not_created_again() -> None:
    event_id = new_event_id(sig(killed=3), "m1")
    out = resolve([Mention("m1", sig(killed=3), None)], {event_id: sig(killed=None, date=None)})
    assert out.created == {} and out.moves == {"m1": event_id}


def test_date_windows_merge_and_reach_the_reporting_window() -> None:
    mentions = [
        Mention("a", sig(date=D(2020, 2, 3), reported=D(2020, 2, 4)), None),
        Mention("b", sig(date=None, reported=D(2020, 6, 1)), None),
        Mention("c", sig(date=None, reported=None), None),
    ]
    assert date_windows(mentions) == [(D(2020, 1, 19), D(2020, 2, 19)), (D(2020, 5, 17), D(2020, 6, 16))]
    assert date_windows([mentions[2]]) == []


def test_date_windows_clamp_at_the_ends_of_the_calendar() -> None:
    edge = [Mention("a", sig(date=dt.date.min, reported=dt.date.max), None)]
    assert date_windows(edge) == [(dt.date.min, D(1, 1, 16)), (D(9999, 12, 16), dt.date.max)]


def test_an_event_outside_every_window_could_not_have_been_joined() -> None:
    # What the sink leaves out of ``known`` by date: same_event agrees it is not a match.
    m = sig(date=D(2020, 2, 3), reported=D(2020, 2, 4))
    ((lo, hi),) = date_windows([Mention("a", m, None)])
    for day in (lo - dt.timedelta(days=1), hi + dt.timedelta(days=1)):
        for event in (sig(date=day, reported=day), sig(date=None, reported=day)):
            assert resolve([Mention("a", m, None)], {"e": event}).moves["a"] != "e"


def test_candidate_reads_are_each_mentions_type_countries_and_windows() -> None:
    a = sig(date=D(2020, 2, 3), reported=D(2020, 2, 4))
    mentions = [
        Mention("a", a, None),
        Mention("twin", a, None),  # the same read once
        Mention("b", sig(date=None, reported=D(2020, 6, 1)), None),
        Mention("no country", replace(a, actors=frozenset(), recipients=frozenset()), None),
    ]
    countries = tuple(sorted(a.actors | a.recipients))
    assert candidate_reads(mentions) == [
        CandidateRead(a.type, countries, D(2020, 1, 19), D(2020, 2, 19)),
        CandidateRead(a.type, countries, D(2020, 5, 17), D(2020, 6, 16)),
    ]


def test_an_event_of_another_type_or_without_a_shared_country_could_not_have_been_joined() -> None:
    # What the sink leaves out of ``known`` for a mention: same_event agrees it is not a match.
    m = sig(date=D(2020, 2, 3), reported=D(2020, 2, 4))
    other_type = replace(m, type="CONSULT")
    elsewhere = replace(m, actors=frozenset({"NOR"}), recipients=frozenset({"SWE"}))
    for event in (other_type, elsewhere):
        assert resolve([Mention("a", m, None)], {"e": event}).moves["a"] != "e"
