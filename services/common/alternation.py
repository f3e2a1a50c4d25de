"""A regular expression for "any of these words", built as a trie.

The dictionaries (trigger verbs, actor terms, countries, organisations, regions) are matched as one alternation of
their forms, longest first, so that "peace talks" wins over "talks". Written as a flat list, Python's ``re`` tries
every form in turn at every word of a text. As a trie (``b(?:omb(?:ed|ing)?|lockade)``) it reads each character once
and drops out at the first one no form has there: the same matches, in a fraction of the time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_END = ""  # a trie key that marks the end of a form (no character is empty)


def longest_first(forms: Iterable[str], *, space: str | None = None) -> str:
    """A non-capturing pattern matching any non-empty form; at a position where several match, the longest form.

    It matches what ``"|".join(map(re.escape, sorted(forms, key=len, reverse=True)))`` matches, followed by the
    same context. ``space``, when given, is the pattern a space in a form stands for (``r"\\s+"``: "peace  talks"
    across a line break). Under ``re.IGNORECASE`` give the forms in one case: then no two branches of the trie match
    the same character, which is what makes the first match found the longest."""
    trie: dict[str, Any] = {}
    for form in forms:
        if not form:
            continue
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[_END] = {}
    if not trie:
        return "(?!)"  # no form: a pattern that never matches, as an empty alternation would not be
    return _render(trie, space)


def _render(node: dict[str, Any], space: str | None) -> str:
    branches = [
        (space if space is not None and ch == " " else re.escape(ch)) + _render(child, space)
        for ch, child in sorted(node.items())
        if ch != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A form ends here: a greedy optional group tries the longer forms first, then the end.
    return f"(?:{body})?" if _END in node else body
