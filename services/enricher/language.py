"""Language identification with lingua (``lingua-language-detector``), restricted to the languages a news feed
of this kind carries and run in its low-accuracy mode.

Why so: lingua ships its n-gram models inside the wheel (nothing is fetched at run time) and is the most accurate
detector on PyPI for short and mixed text. Built for every language and with its high-accuracy models it takes
~230 MB once loaded; restricted to ``LANGUAGES`` in low-accuracy mode (trigrams only) it takes ~30 MB and a few
milliseconds per article, and on article-length text the low-accuracy mode loses next to nothing. Models load
lazily, per script: an English article loads only the Latin-script languages' trigrams.

Returns an ISO 639-1 code, or None when the text is too short or no language is clearly ahead.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# What the feeds carry, plus the big neighbours of the regions they cover (so that, say, Ukrainian is not called
# Russian). Adding one costs a few MB when an article in its script arrives.
LANGUAGES: tuple[Language, ...] = (
    Language.ENGLISH, Language.FRENCH, Language.GERMAN, Language.SPANISH, Language.ITALIAN, Language.PORTUGUESE,
    Language.DUTCH, Language.TURKISH, Language.INDONESIAN, Language.POLISH, Language.RUSSIAN, Language.UKRAINIAN,
    Language.ARABIC, Language.PERSIAN, Language.HEBREW, Language.GREEK, Language.CHINESE, Language.JAPANESE,
    Language.KOREAN, Language.HINDI,
)  # fmt: skip
MIN_LETTERS = 20
# On a long sample the top language must stand this far ahead of the next (lingua's confidences sum to 1).
MIN_MARGIN = 0.1
SAMPLE_CHARS = 2000


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    ranked = detector().compute_language_confidence_values(sample)
    if not ranked:
        return None
    top = ranked[0]
    runner_up = ranked[1].value if len(ranked) > 1 else 0.0
    if top.value - runner_up < MIN_MARGIN:
        return None
    return top.language.iso_code_639_1.name.lower()
