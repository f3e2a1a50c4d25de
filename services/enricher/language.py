"""Language identification, light: script first, then the share of each language's commonest function words.

Good enough to route English articles to the English rules and mark the rest (a model-backed detector can
replace ``detect_language`` without changing its callers). Returns an ISO 639-1 code, or None when the text is too
short or matches nothing well.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

# The most frequent function words of each language, which any running text uses at a high rate.
_STOPWORDS: dict[str, str] = {
    "en": "the of and to in a is that for on with as was by it at from he said has have be are were an which "
    "his its this not but their they will after had been who also would",
    "fr": "le la les de des du et un une est dans pour que qui sur au aux par pas ce cette il elle ont avec sont "
    "été plus son ses leur a",
    "de": "der die das und den dem des ein eine ist nicht mit von zu im auf für sich auch als bei nach wird sind "
    "wurde hat es er sie aus",
    "es": "el la los las de del y en un una es que por para con se no su al lo como más pero sus fue ha han este esta",
    "it": "il lo la gli le di del della e un una è che per con non si da dei delle nel alla sono al ha anche "
    "come questo",
    "pt": "o a os as de do da dos das e um uma é que em no na para com não se por ao mais foi são seu sua como",
    "nl": "de het een en van in is op te dat die niet met voor zijn er aan ook als bij door werd heeft worden maar",
    "tr": "ve bir bu da de için ile olarak çok daha en ama gibi olan ise kadar sonra değil her ne mi şu o",
    "id": "yang dan di ke dari ini itu dengan untuk tidak dalam akan pada juga adalah oleh karena",
}
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ru", re.compile(r"[\u0400-\u04FF]")),
    ("ar", re.compile(r"[\u0600-\u06FF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("el", re.compile(r"[\u0370-\u03FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
    ("hi", re.compile(r"[\u0900-\u097F]")),
)
_KANA = re.compile(r"[\u3040-\u30FF]")
_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _stopword_sets() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}


def detect_language(text: str, min_words: int = 8) -> str | None:
    sample = text[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    # Japanese mixes kana into kanji: any real share of kana makes it Japanese before the CJK block is counted.
    if len(_KANA.findall(sample)) > 0.1 * len(letters):
        return "ja"
    # A non-Latin script that makes up most of the letters decides on its own.
    for lang, pat in _SCRIPTS:
        if len(pat.findall(sample)) > 0.5 * len(letters):
            return lang
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < min_words:
        return None
    hits: Counter[str] = Counter()
    for lang, stop in _stopword_sets().items():
        hits[lang] = sum(1 for w in words if w in stop)
    lang, best = max(sorted(hits.items()), key=lambda kv: kv[1])
    # Running text has well over 15% function words; less means a list, a table, or a language we lack.
    return lang if best / len(words) >= 0.15 else None
