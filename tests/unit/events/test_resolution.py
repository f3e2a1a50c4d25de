import datetime as dt

from services.events.identity import Signature, new_event_id
from services.events.resolution import Mention, absorbed, resolve

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
