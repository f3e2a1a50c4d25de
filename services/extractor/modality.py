"""Modality of an event mention from cue words around its trigger (``data/modality.tsv``).

Precedence, strongest first: hypothetical ("if", "whether": not emitted), failed ("failed to", "no agreement"),
denied ("not", "never", "nobody"), planned ("will", "is expected to", "is being prepared"), else happened.
A negation must stand close to its trigger (three words); the other cues may stand anywhere in its clause.
"""

from __future__ import annotations

import re

from services.extractor.lexicon import modality_cues
from services.extractor.triggers import Trigger

_PRECEDENCE = ("hypothetical", "failed", "denied", "planned")


def modality(text: str, trig: Trigger, clause_start: int, clause_end: int) -> str:
    before = text[clause_start : trig.start].rstrip()
    near = " ".join(before.split()[-3:])
    after = text[trig.end : min(clause_end, trig.end + 60)]
    found: set[str] = set()
    for cue in modality_cues():
        # Cues written for the words before a trigger see them with one trailing space: "no ", "to ".
        if cue.where == "after":
            hit = cue.pattern.search(after)
        elif cue.where == "verb_before":
            hit = cue.pattern.search(before + " ") if trig.entry.pos == "verb" else None
        elif cue.modality == "denied":
            hit = cue.pattern.search(near + " ")
        else:
            hit = cue.pattern.search(before + " ")
        if hit:
            found.add(cue.modality)
    # "no agreement" on an outcome noun is a failure to agree; on anything else it denies the event.
    if "failed" in found and "outcome" not in trig.entry.flags and re.search(r"\bno\s+(?:\w+\s+)?$", before + " "):
        found.discard("failed")
        found.add("denied")
    for m in _PRECEDENCE:
        if m in found:
            return m
    return "happened"
