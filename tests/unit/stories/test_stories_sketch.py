"""An article's sketch: signatures that travel as text, their estimated Jaccard, and the bands that find them."""

from __future__ import annotations

from services.stories.sketch import COPY_BANDS, STORY_BANDS, band_keys, jaccard, sketch_of, values

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


def test_band_keys_count_and_shared_keys_for_shared_bands() -> None:
    a, b = sketch_of(TEXT), sketch_of(TEXT.replace("Monday", "Tuesday"))
    keys_a, keys_b = band_keys(a), band_keys(b)
    assert len(keys_a) == COPY_BANDS[0] + STORY_BANDS[0]
    assert set(keys_a) & set(keys_b)  # near copies share bands: they are found as candidates
    assert band_keys(a) == keys_a
