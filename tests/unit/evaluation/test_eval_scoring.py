"""The scorer on small hand-written gold and outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.evaluation import format_report, load_gold, score
from services.evaluation.cleaning import drop_neutral, leaked_lines, token_f1
from services.evaluation.events import event_matches, match_events
from services.evaluation.gold import BOILERPLATE_TEXT

BODY = "Officials met on Monday.\n\nThe talks lasted three hours."
SEED_LINES = [
    "Officials agree to meet again",  # 1 title
    "Officials agree to meet again",  # 2 duplicate title
    "Outlet Wire",  # 3 byline
    "Officials met on Monday.",  # 4
    "+",  # 5 stray symbol
    "The talks lasted three hours.",  # 6
    "Cookies are used on this site. Review our cookie policy.",  # 7
]


def _gold(**over: Any) -> dict[str, Any]:
    article = {
        "published": "2020-02-10",
        "title": "Officials agree to meet again",
        "source": "Outlet Wire",
        "standfirst": [],
        "caption": [],
        "body": BODY,
        "boilerplate_lines": {"duplicate_title": [2], "byline": [3], "stray_symbol": [5], "cookie_banner": [7]},
        BOILERPLATE_TEXT: {n: SEED_LINES[n - 1] for n in (2, 3, 5, 7)},
        "events": [
            {"type": "CONSULT", "actor": ["TUR"], "recipient": ["RUS"], "date": "2020-02-10", "fatalities": None},
            {"type": "ASSAULT", "actor": ["SYR"], "recipient": ["TUR"], "date": None, "fatalities": 8},
        ],
    }
    article.update(over)
    return {"articles": {"a.txt": article}}


def _event(type_: str, actors: list[str], recipients: list[str], date: str | None = None, fat: int | None = None):
    return {
        "type": type_,
        "actors": [{"name": c, "country": c} for c in actors],
        "recipients": [{"name": c, "country": c} for c in recipients],
        "date": date,
        "location": None,
        "fatalities": fat,
        "sentence": "",
    }


def _output(body: str = BODY, events: list[dict[str, Any]] | None = None, **article: Any) -> dict[str, Any]:
    fields = {"title": "Officials agree to meet again", "source": "Outlet Wire", "published_at": "2020-02-10"}
    fields.update(article)
    return {
        "id": "x",
        "source_path": "/data/inbox/a.txt",
        "article": {**fields, "body": body},
        "events": events
        if events is not None
        else [_event("CONSULT", ["TUR"], ["RUS"], "2020-02-10"), _event("ASSAULT", ["SYR"], ["TUR"], None, 8)],
    }


def test_perfect_output_scores_one() -> None:
    report = score([_output()], _gold())
    a = report.articles[0]
    assert a.body_f1 == 1.0 and a.leakage == 0.0 and a.leaked == []
    assert (a.title_ok, a.source_ok, a.published_ok) == (True, True, True)
    assert a.events_recall == 1.0 and a.events_precision == 1.0
    assert (a.fatalities_checked, a.fatalities_correct) == (1, 1)
    assert report.mean_body_f1 == 1.0 and report.leakage == 0.0 and report.fatalities_accuracy == 1.0


def test_token_f1_is_multiset_overlap_of_lower_cased_words() -> None:
    assert token_f1("The the cat", "the cat") == pytest.approx((2 / 3, 1.0, 0.8))
    assert token_f1("", "") == (1.0, 1.0, 1.0)
    assert token_f1("x", "") == (0.0, 0.0, 0.0)
    assert token_f1("CAT, dog!", "cat dog")[2] == 1.0


def test_leaked_line_counts() -> None:
    body = BODY + "\n\nCookies are used on this site. Review our cookie policy."
    a = score([_output(body)], _gold()).articles[0]
    assert a.leaked == [7]
    assert a.leakage == pytest.approx(1 / 4)
    assert a.body_f1 < 1.0


def test_short_boilerplate_leaks_only_as_a_whole_line() -> None:
    assert leaked_lines("He wrote C+ + code.", {5: "+"}) == []
    assert leaked_lines("Body.\n+\nMore.", {5: "+"}) == [5]
    assert leaked_lines("x Outlet Wire y", {3: "Outlet Wire"}) == []
    # Long lines leak wherever their text appears, even glued into a paragraph.
    assert leaked_lines("Intro. Cookies are used on this site. Review our cookie policy.", {7: SEED_LINES[6]}) == [7]


def test_title_in_body_is_neutral_once_but_a_second_copy_leaks() -> None:
    title = "Officials agree to meet again"
    once = score([_output(title + "\n\n" + BODY)], _gold()).articles[0]
    assert once.body_f1 == 1.0 and once.leaked == []
    twice = score([_output(f"{title}\n\n{title}\n\n{BODY}")], _gold()).articles[0]
    assert twice.leaked == [2] and twice.body_f1 < 1.0
    assert drop_neutral("A\nB\nA", ["A"]) == "B\nA"


def test_metadata_exactness() -> None:
    a = score([_output(title="Officials agree", published_at="2020-02-10T12:15:00")], _gold()).articles[0]
    assert a.title_ok is False and a.source_ok is True and a.published_ok is True  # date part compared
    b = score([_output(source=None, published_at="2020-02-12")], _gold(source=None)).articles[0]
    assert b.source_ok is None  # gold has no source: not scored
    assert b.published_ok is False


def test_event_with_wrong_type_does_not_match() -> None:
    events = [_event("AGREE", ["TUR"], ["RUS"], "2020-02-10"), _event("ASSAULT", ["SYR"], ["TUR"], None, 8)]
    a = score([_output(events=events)], _gold()).articles[0]
    assert a.events_matched == 1 and a.events_recall == 0.5 and a.events_precision == 0.5


def test_sides_either_order_only_for_consult_and_agree() -> None:
    consult = {"type": "CONSULT", "actor": ["TUR"], "recipient": ["RUS"], "date": None}
    assault = {"type": "ASSAULT", "actor": ["TUR"], "recipient": ["RUS"], "date": None}
    assert event_matches(_event("CONSULT", ["RUS"], ["TUR"]), consult)
    assert not event_matches(_event("ASSAULT", ["RUS"], ["TUR"]), assault)
    assert event_matches(_event("ASSAULT", ["TUR", "IRN"], ["RUS"]), assault)  # overlap, not equality
    assert not event_matches(_event("ASSAULT", ["IRN"], ["RUS"]), assault)


def test_empty_gold_side_matches_anything_but_a_filled_one_needs_overlap() -> None:
    gold = {"type": "ASSAULT", "actor": [], "recipient": ["TUR"], "date": None}
    assert event_matches(_event("ASSAULT", [], ["TUR"]), gold)
    assert event_matches(_event("ASSAULT", ["SYR"], ["TUR"]), gold)
    assert not event_matches(_event("ASSAULT", ["SYR"], []), gold)
    agree = {"type": "AGREE", "actor": ["TUR", "RUS", "IRN"], "recipient": [], "date": None}
    assert event_matches(_event("AGREE", [], ["IRN"]), agree)  # swapped order, symmetric type


def test_dates_within_one_day_when_gold_has_one() -> None:
    gold = {"type": "CONSULT", "actor": ["TUR"], "recipient": ["RUS"], "date": "2020-02-10"}
    assert event_matches(_event("CONSULT", ["TUR"], ["RUS"], "2020-02-11"), gold)
    assert event_matches(_event("CONSULT", ["TUR"], ["RUS"], "2020-02-09"), gold)
    assert not event_matches(_event("CONSULT", ["TUR"], ["RUS"], "2020-02-12"), gold)
    assert not event_matches(_event("CONSULT", ["TUR"], ["RUS"], None), gold)
    assert event_matches(_event("CONSULT", ["TUR"], ["RUS"], None), {**gold, "date": None})


def test_matching_is_one_to_one() -> None:
    gold = [{"type": "CONSULT", "actor": ["TUR"], "recipient": ["RUS"], "date": None}]
    twice = [_event("CONSULT", ["TUR"], ["RUS"]), _event("CONSULT", ["TUR"], ["RUS"])]
    assert len(match_events(twice, gold).pairs) == 1
    two_gold = gold * 2
    assert len(match_events(twice[:1], two_gold).pairs) == 1


def test_matching_finds_the_largest_pairing_then_the_right_fatalities() -> None:
    gold = [
        {"type": "ASSAULT", "actor": ["SYR"], "recipient": [], "date": None, "fatalities": 8},
        {"type": "ASSAULT", "actor": ["SYR"], "recipient": ["TUR"], "date": None, "fatalities": 76},
    ]
    # The first produced event fits both gold events, the second only the first: a greedy match would pair
    # produced[0] with gold[0] and leave gold[1] unmatched.
    produced = [_event("ASSAULT", ["SYR"], ["TUR"], fat=76), _event("ASSAULT", ["SYR"], ["IRQ"], fat=8)]
    m = match_events(produced, gold)
    assert m.pairs == [(0, 1), (1, 0)]
    assert (m.fatalities_checked, m.fatalities_correct) == (2, 2)
    # Among equally large pairings, the one with the right counts is chosen.
    same = [_event("ASSAULT", ["SYR"], ["TUR"], fat=8), _event("ASSAULT", ["SYR"], ["TUR"], fat=76)]
    assert match_events(same, gold).fatalities_correct == 2


def test_wrong_fatality_count_is_counted_against() -> None:
    events = [_event("CONSULT", ["TUR"], ["RUS"], "2020-02-10"), _event("ASSAULT", ["SYR"], ["TUR"], None, 7)]
    a = score([_output(events=events)], _gold()).articles[0]
    assert a.events_recall == 1.0 and (a.fatalities_checked, a.fatalities_correct) == (1, 0)


def test_missing_output_scores_zero_and_extra_outputs_are_listed() -> None:
    other = {**_output(), "source_path": "elsewhere/b.txt"}
    report = score([other], _gold())
    a = report.articles[0]
    assert not a.present and a.body_f1 == 0.0 and a.events_recall == 0.0 and a.title_ok is False
    assert report.unmatched_outputs == ["b.txt"]
    assert any("no output" in n for n in report.notes)


def test_format_report_has_rows_and_totals() -> None:
    text = format_report(score([_output()], _gold()))
    assert "a.txt" in text and "mean body F1" in text and "1.000" in text
    assert "recall" in text and "fatalities" in text


def test_load_gold_attaches_boilerplate_text(tmp_path: Path) -> None:
    (tmp_path / "eval").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("\n".join(SEED_LINES), encoding="utf-8")
    gold = _gold()
    del gold["articles"]["a.txt"][BOILERPLATE_TEXT]
    (tmp_path / "eval" / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    loaded = load_gold(tmp_path / "eval" / "gold.json")
    assert loaded["articles"]["a.txt"][BOILERPLATE_TEXT] == {
        2: SEED_LINES[1],
        3: "Outlet Wire",
        5: "+",
        7: SEED_LINES[6],
    }
    assert score([_output()], loaded).articles[0].boilerplate_lines == 4


REPO = Path(__file__).resolve().parents[3]
SHARED_GOLD = REPO.parent / "shared" / "eval" / "seeds-gold.json"


@pytest.mark.usefixtures("shared_gold")  # a missing gold fails under CI=true
def test_real_gold_perfect_output_and_raw_text_leaks() -> None:
    gold = load_gold(SHARED_GOLD, seeds_dir=REPO / "seeds")
    perfect, raw = [], []
    for name, a in gold["articles"].items():
        events = [_event(e["type"], e["actor"], e["recipient"], e["date"], e["fatalities"]) for e in a["events"]]
        article = {"title": a["title"], "source": a["source"], "published_at": a["published"], "body": a["body"]}
        perfect.append({"id": name, "source_path": f"seeds/{name}", "article": article, "events": events})
        text = (REPO / "seeds" / name).read_text(encoding="utf-8")
        raw.append({"id": name, "source_path": name, "article": {**article, "body": text}, "events": []})
    good = score(perfect, gold)
    assert good.mean_body_f1 == 1.0 and good.leaked_lines == 0 and good.events_recall == 1.0
    assert good.boilerplate_lines == sum(len(a[BOILERPLATE_TEXT]) for a in gold["articles"].values()) > 0
    bad = score(raw, gold)
    assert bad.leaked_lines > 0 and bad.mean_body_f1 < 1.0 and bad.events_recall == 0.0
