import datetime as dt
import itertools
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from services.events.identity import Signature, new_event_id
from services.events.resolution import CandidateRead, Mention, candidate_reads, date_windows, partition, resolve

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
    article: str | None = None,
) -> Signature:
    return Signature(type_, frozenset(actors.split(",")), frozenset({"TUR"}), date, reported, killed, where,
                     article_id=article)  # fmt: skip


def test_a_lone_mention_starts_its_own_event_named_after_it() -> None:
    out = resolve([Mention("m1", sig(), None)], [])
    event_id = new_event_id(sig(), "m1")
    assert out.moves == {"m1": event_id} and out.created == {event_id: "m1"}
    assert out.merged == {} and out.touched == {event_id}


def test_mentions_of_one_attack_in_one_batch_share_one_event_named_after_the_smallest_id() -> None:
    out = resolve([Mention("m2", sig(date=D(2020, 2, 4)), None), Mention("m1", sig(), None)], [])
    assert out.moves["m1"] == out.moves["m2"] == new_event_id(sig(), "m1")


def test_a_mention_joins_the_event_of_a_stored_mention_it_reports() -> None:
    stored = [Mention("s1", sig(date=D(2020, 1, 1)), "old"), Mention("s2", sig(), "e1")]
    out = resolve([Mention("m1", sig(), None)], stored)
    assert out.moves == {"m1": "e1"} and out.created == {} and out.merged == {}


def test_a_mention_that_bridges_two_events_merges_them_into_the_first_seen() -> None:
    # 3 Feb and 5 Feb are two days apart: two events, until a report dated 4 Feb ties both
    stored = [Mention("s1", sig(date=D(2020, 2, 3)), "late"), Mention("s2", sig(date=D(2020, 2, 5)), "early")]
    out = resolve([Mention("m1", sig(date=D(2020, 2, 4)), None)], stored, {"early": 0, "late": 1})
    assert out.moves == {"m1": "early"} and out.merged == {"late": "early"}
    assert out.touched == {"early", "late"}


def test_a_redelivered_mention_stays_where_it_is() -> None:
    stored = [Mention("s1", sig(), "e1")]
    out = resolve([Mention("m1", sig(), "e1")], stored)
    assert out.moves == {} and out.created == {} and out.merged == {}


def test_an_undated_mention_goes_with_its_article_s_dated_one() -> None:
    dated = Mention("a1", sig(type_="AGREE", killed=None, article="A"), None)
    undated = Mention("a2", sig(type_="AGREE", date=None, killed=None, article="A"), None)
    out = resolve([dated, undated], [])
    assert out.moves["a1"] == out.moves["a2"]
    # with two dated agreements in the article it could be either: it stays on its own
    other = Mention("a3", sig(type_="AGREE", date=D(2020, 1, 20), killed=None, article="A"), None)
    out = resolve([dated, undated, other], [])
    assert len({out.moves["a1"], out.moves["a2"], out.moves["a3"]}) == 3


def test_counts_that_differ_by_a_few_are_one_attack_by_a_multiple_two() -> None:
    out = resolve([Mention("a", sig(killed=30), None), Mention("b", sig(killed=34), None)], [])
    assert out.moves["a"] == out.moves["b"]
    out = resolve([Mention("a", sig(killed=8), None), Mention("b", sig(killed=70), None)], [])
    assert out.moves["a"] != out.moves["b"]


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


def test_a_mention_outside_every_window_could_not_have_been_tied() -> None:
    # What the sink leaves out of ``stored`` by date: same_event agrees it is not a match.
    m = sig(date=D(2020, 2, 3), reported=D(2020, 2, 4))
    ((lo, hi),) = date_windows([Mention("a", m, None)])
    for day in (lo - dt.timedelta(days=1), hi + dt.timedelta(days=1)):
        for other in (sig(date=day, reported=day), sig(date=None, reported=day)):
            assert resolve([Mention("a", m, None)], [Mention("s", other, "e")]).moves["a"] != "e"


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


def test_a_mention_of_another_type_or_without_a_shared_country_could_not_have_been_tied() -> None:
    m = sig(date=D(2020, 2, 3), reported=D(2020, 2, 4))
    other_type = replace(m, type="CONSULT")
    elsewhere = replace(m, actors=frozenset({"NOR"}), recipients=frozenset({"SWE"}))
    for other in (other_type, elsewhere):
        assert resolve([Mention("a", m, None)], [Mention("s", other, "e")]).moves["a"] != "e"


# Order independence: any arrival order of the articles, in any batch split, ends in the partition that resolving
# all mentions at once gives. The pool is small and crowded (two types, three days, tolls that do and do not
# agree, undated reports) so that bridges and merges happen often.
_SIGS = st.builds(
    lambda type_, day, killed, undated, article: sig(
        type_=type_, date=None if undated else D(2020, 2, day), killed=killed, article=article,
        reported=D(2020, 2, 6),
    ),
    st.sampled_from(["ASSAULT", "AGREE"]),
    st.integers(1, 5),
    st.sampled_from([None, 8, 9, 30, 70]),
    st.booleans(),
    st.sampled_from(["A", "B", "C", "D", "E", "F"]),
)  # fmt: skip


def _replay(articles: list[list[Mention]], cuts: list[int]) -> set[frozenset[str]]:
    """The sink's use of ``resolve``: batches of whole articles, each against everything stored before it."""
    event_of: dict[str, str] = {}
    stored: dict[str, Mention] = {}
    rank: dict[str, int] = {}
    bounds = sorted({0, len(articles), *(c % (len(articles) + 1) for c in cuts)})
    for lo, hi in itertools.pairwise(bounds):
        batch = [m for article in articles[lo:hi] for m in article]
        plan = resolve(batch, [replace(m, event_id=event_of[m.mention_id]) for m in stored.values()], rank)
        for gone, kept in plan.merged.items():
            for mid, event in event_of.items():
                if event == gone:
                    event_of[mid] = kept
        for m in batch:
            event_of[m.mention_id] = plan.moves.get(m.mention_id, event_of.get(m.mention_id, ""))
            stored[m.mention_id] = m
        for event in sorted(plan.created):
            rank.setdefault(event, len(rank))
    groups: dict[str, set[str]] = {}
    for mid, event in event_of.items():
        groups.setdefault(event, set()).add(mid)
    return {frozenset(g) for g in groups.values()}


@settings(max_examples=300, deadline=None)
@given(st.lists(_SIGS, min_size=1, max_size=14), st.randoms(use_true_random=False), st.lists(st.integers(0, 20)))
def test_the_partition_is_the_same_for_every_arrival_order_and_batch_split(
    sigs: list[Signature], rnd, cuts: list[int]
) -> None:
    mentions = [Mention(f"m{i:02d}", s, None) for i, s in enumerate(sigs)]
    whole = partition(mentions)
    expected: dict[str, set[str]] = {}
    for mid, event in whole.items():
        expected.setdefault(event, set()).add(mid)
    by_article: dict[str, list[Mention]] = {}
    for m in mentions:
        by_article.setdefault(m.signature.article_id or "", []).append(m)
    articles = list(by_article.values())
    rnd.shuffle(articles)
    assert _replay(articles, cuts) == {frozenset(g) for g in expected.values()}
