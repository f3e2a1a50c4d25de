"""Per-line features, and the few shape predicates (prose, headline-like, label, outlet-like) built on them.

Every rule in ``classify`` reads these features instead of the raw text, so the rules stay generic: they talk
about length, punctuation, capitalisation, stopwords, list markers and repetition, never about wording.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from services.cleaner.segment import Line

WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)
_LIST_MARKER = re.compile(r"^(?:\(?\d{1,2}[.)]|[•·▪►»›◦‣*∙●○■□–—-])\s+")
_CLOSERS = "\"'”’»)]}›*"
_OPENERS = "\"'“‘«([{‹"
_TERMINAL = ".!?…;:"

# Headlines run to ~20 words; a standfirst or a paragraph without its full stop is longer.
HEADLINE_MAX_WORDS = 24
LABEL_MAX_WORDS = 5
# Prose capitalises names, rarely every longer word of a clause: three capitalised words of four letters or more,
# and no lower-case one, set a line as a headline whatever its last mark. Title case leaves short function words
# ("of", "in", "the") in lower case; a stoplist would not do, as the page's language picks it and some are long.
HEADLINE_CASED_MIN_WORDS = 3
_HEADLINE_CASED_MIN_LETTERS = 4
# Marks a headline may end with (a teaser's "!", a truncated one's ellipsis); a full stop ends prose. A question
# may be an article's own subheading ("What Happens Next?"): ``classify`` asks for a teaser beside it.
_HEADLINE_ENDS = ("!", "…", "...", ". . .")
SOURCE_MAX_WORDS = 5


@dataclass(frozen=True)
class LineFeatures:
    text: str  # the line without a leading list marker
    key: str  # what repetition is judged on: casefolded, no list marker, no wrapping quotes
    words: tuple[str, ...]
    n_words: int
    terminal: bool  # ends a sentence (after closing quotes/brackets)
    list_item: bool
    has_alnum: bool
    all_caps: bool
    title_case_ratio: float  # share of non-stopword words that start with a capital
    headline_cased: bool  # three or more words of four letters or more, every one capitalised, as headlines are set
    stopword_ratio: float
    has_digit: bool
    repeats: int  # how many other lines on the page have the same key
    caps_prefix: str | None  # "SECTION" of "SECTION Headline", when present
    rest_key: str | None  # key of the text after that prefix
    rest_repeats: bool  # that text appears as a line of its own elsewhere on the page


def strip_wrapping_quotes(text: str) -> str:
    """'Headline' → Headline: dumps quote titles that the page itself showed unquoted."""
    while len(text) >= 2 and text[0] in _OPENERS and text[-1] in _CLOSERS:
        inner = text[1:-1]
        # Stop when the quotes belong to a phrase inside, e.g. "A" says "B".
        if any(q in inner for q in '"“”') and text[0] in '"“':
            break
        text = inner.strip()
    return text


def line_key(text: str) -> str:
    text = _LIST_MARKER.sub("", text)
    return strip_wrapping_quotes(text).casefold().strip()


def caps_prefix_splits(text: str) -> list[tuple[str, str]]:
    """ "SECTION Headline text" → [("SECTION", "Headline text")]: every split after 1-3 leading upper-case
    words where the rest starts with a capital or a digit."""
    tokens = text.split(" ")
    splits: list[tuple[str, str]] = []
    for n in range(1, min(3, len(tokens) - 1) + 1):
        letters = [c for c in tokens[n - 1] if c.isalpha()]
        if len(letters) < 2 or not all(c.isupper() for c in letters):
            break
        head = tokens[n]
        if head[:1].isupper() or head[:1].isdigit():
            splits.append((" ".join(tokens[:n]), " ".join(tokens[n:])))
    return splits


def _split_caps_prefix(text: str, known_keys: Counter[str]) -> tuple[str | None, str | None, bool]:
    """The split whose rest is a line elsewhere on the page (the teaser repeats its headline), else the
    longest split whose rest does not open with another upper-case word."""
    splits = caps_prefix_splits(text)
    for prefix, rest in splits:
        if line_key(rest) in known_keys:
            return prefix, rest, True
    for prefix, rest in reversed(splits):
        first = rest.split(" ", 1)[0]
        if not (first.isupper() and len(first) > 1):
            return prefix, rest, False
    return None, None, False


# A writer's or agency's tag after the last sentence: "... in March. (bsc)", "... on Monday. (Reuters)".
_TRAILING_TAG = re.compile(r"\s*\((?:[^\W\d_]+[ /.-]?){1,3}\)\s*$")


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    if bool(stripped) and stripped[-1] in _TERMINAL:
        return True
    tag = _TRAILING_TAG.search(text)
    if tag is None or tag.start() == 0:
        return False
    before = text[: tag.start()].rstrip(_CLOSERS + " ")
    return bool(before) and before[-1] in _TERMINAL


def _headline_cased(words: tuple[str, ...]) -> bool:
    long_words = [w for w in words if len(w) >= _HEADLINE_CASED_MIN_LETTERS and w[0].isalpha()]
    return len(long_words) >= HEADLINE_CASED_MIN_WORDS and all(w[0].isupper() for w in long_words)


def compute_features(lines: list[Line], stopwords: frozenset[str]) -> list[LineFeatures]:
    keys = [line_key(line.text) for line in lines]
    key_counts = Counter(keys)
    result: list[LineFeatures] = []
    for line, key in zip(lines, keys, strict=True):
        marker = _LIST_MARKER.match(line.text)
        text = line.text[marker.end() :] if marker else line.text
        words = tuple(WORD.findall(text))
        letters = list(filter(str.isalpha, text))
        content = [w for w in words if w.casefold() not in stopwords and w[0].isalpha()]
        prefix, rest, rest_repeats = _split_caps_prefix(text, key_counts)
        rest_key = line_key(rest) if rest else None
        result.append(
            LineFeatures(
                text=text,
                key=key,
                words=words,
                n_words=len(words),
                terminal=_ends_sentence(text),
                list_item=marker is not None,
                has_alnum=any(map(str.isalnum, text)),
                all_caps=len(letters) >= 2 and all(map(str.isupper, letters)),
                title_case_ratio=(sum(w[0].isupper() for w in content) / len(content)) if content else 0.0,
                headline_cased=_headline_cased(words),
                stopword_ratio=(sum(w.casefold() in stopwords for w in words) / len(words)) if words else 0.0,
                has_digit=any(map(str.isdigit, text)),
                repeats=key_counts[key] - 1,
                caps_prefix=prefix,
                rest_key=rest_key,
                rest_repeats=rest_repeats,
            )
        )
    return result


def is_prose(f: LineFeatures) -> bool:
    """Running text: a sentence of some length, or a long line dense with function words."""
    if f.n_words >= 5 and f.terminal:
        return not is_headline_like(f)
    return f.n_words > HEADLINE_MAX_WORDS and f.stopword_ratio >= 0.2


def is_headline_like(f: LineFeatures) -> bool:
    """A short line that does not end a sentence: a headline, a teaser, a label. Or one set in headline case
    that ends as teasers do ("... Back Tattoo!", "... Why Is There…")."""
    if not (f.has_alnum and 1 <= f.n_words <= HEADLINE_MAX_WORDS):
        return False
    return not f.terminal or (f.headline_cased and f.text.rstrip(_CLOSERS + " ").endswith(_HEADLINE_ENDS))


def is_headline_cased_question(f: LineFeatures) -> bool:
    """ "Is The New Season Finale The Best One Yet?": a teaser among teasers, or a subheading among paragraphs."""
    return f.headline_cased and f.n_words <= HEADLINE_MAX_WORDS and f.text.rstrip(_CLOSERS + " ").endswith("?")


def is_label(f: LineFeatures) -> bool:
    """An upper-case tag: a section name, a dateline place."""
    return f.all_caps and not f.terminal and 1 <= f.n_words <= LABEL_MAX_WORDS


def is_source_like(f: LineFeatures) -> bool:
    """An outlet or agency line: a few capitalised words, no sentence, no numbers, few function words."""
    return (
        1 <= f.n_words <= SOURCE_MAX_WORDS
        and not f.terminal
        and not f.has_digit
        and not f.list_item
        and f.title_case_ratio == 1.0
        # jusText's lists hold common nouns too ("English", "News"), so up to half may be "stopwords".
        and f.stopword_ratio <= 0.5
        and f.words[0][:1].isupper()
    )
