"""An article's sketch: signatures that travel as text, their estimated Jaccard, and the bands that find them."""

from __future__ import annotations

import datetime as dt

from services.stories.sketch import COPY_BANDS, band_keys, jaccard, query_keys, sketch_of, values

TEXT = (
    "Ministers of the two neighbours met in the border town on Monday and agreed to reopen the crossing for "
    "trucks carrying grain, after a month in which the dispute over tariffs had kept it shut."
)


def test_a_sketch_is_the_same_for_the_same_words_whatever_the_spacing() -> None:
    a, b = sketch_of(TEXT, ["P:Town"]), sketch_of("  " + TEXT.replace(" ", "   "), ["P:Town"])
    assert a == b
    assert len(values(a.copy_minhash)) == len(values(a.story_minhash)) == 128


def test_estimated_jaccard_is_high_for_a_near_copy_and_low_for_other_news() -> None:
    near = TEXT.replace("Monday", "Tuesday")
    other = "The league's top scorer signed a new contract with his club on Friday, ending weeks of talk of a move."
    a, b, c = sketch_of(TEXT), sketch_of(near), sketch_of(other)
    assert jaccard(a.copy_minhash, a.copy_minhash) == 1.0
    assert 0.5 < jaccard(a.copy_minhash, b.copy_minhash) < 1.0
    assert jaccard(a.story_minhash, c.story_minhash) < 0.1


NAMES = ["E:person:the-minister", "P:Border Town", "D:2021-03-01"]


def test_band_keys_are_the_copy_bands_and_the_names_not_the_days() -> None:
    day = dt.date(2021, 3, 1)
    long = TEXT + " Traders welcomed the news, and the first convoy was expected by the end of the week. " + (
        "Officials said inspections at the crossing would be quicker than before the dispute began last winter."
    )
    a, b = sketch_of(long, NAMES), sketch_of(long.replace("Monday", "Tuesday"))  # one word changed in ~65
    assert jaccard(a.copy_minhash, b.copy_minhash) >= 0.8
    assert len(a.name_keys) == 2  # the day is no key: every article of that day names it
    keys_a = band_keys(a, day)
    assert len(keys_a) == COPY_BANDS[0] + 2 and band_keys(a, day) == keys_a
    assert set(query_keys(b, day)) & set(keys_a)  # a near copy shares a copy band: it is found


def test_a_name_is_looked_for_in_the_fortnight_and_the_nearer_one() -> None:
    a = sketch_of(TEXT, NAMES)
    names = lambda keys: set(keys[COPY_BANDS[0]:])  # noqa: E731
    for start in (dt.date(2021, 3, 1) + dt.timedelta(days=d) for d in range(14)):
        for gap in range(-7, 8):  # a week either way is always found
            assert names(query_keys(a, start)) & names(band_keys(a, start + dt.timedelta(days=gap)))
        assert not names(query_keys(a, start)) & names(band_keys(a, start + dt.timedelta(days=30)))
    assert not names(query_keys(a, None)) & names(band_keys(a, dt.date(2021, 3, 1)))  # undated among undated
