"""Which stoplist a page gets: the one covering most of its word tokens."""

from services.cleaner.stopwords import choose_stoplist


def test_the_list_covering_most_tokens_wins() -> None:
    english = choose_stoplist(["the", "cat", "sat", "on", "the", "mat", "and", "it", "was", "not", "amused"])
    assert {"the", "and", "not"} <= english
    german = choose_stoplist(["der", "Hund", "und", "die", "Katze", "sind", "nicht", "hier", "aber", "dort"])
    assert {"der", "und", "nicht", "aber"} <= german and german != english


def test_a_page_no_list_covers_gets_none() -> None:
    assert choose_stoplist(["123", "456"]) == frozenset()
    assert choose_stoplist([]) == frozenset()


def test_the_cleaners_warm_up_builds_the_stoplist_index() -> None:
    from services.cleaner.clean import warm_up
    from services.cleaner.stopwords import _languages_of

    warm_up()
    assert _languages_of.cache_info().currsize == 1
