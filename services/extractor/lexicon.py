"""Loads the extractor's dictionaries (``data/*.tsv``) once per process. Users extend the files, not the code."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services.common.alternation import longest_first

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    form: str
    type: str
    cameo: str
    pos: str
    flags: frozenset[str]
    mode: str | None = None


@dataclass(frozen=True, slots=True)
class ActorTerm:
    form: str
    sector: str
    resolve: str


@dataclass(frozen=True, slots=True)
class ModalityCue:
    pattern: re.Pattern[str]
    modality: str
    where: str


def form_of(words: str) -> str:
    """The dictionary key of words matched in a text: lower case, single spaces ("Cut  Ties" -> "cut ties")."""
    return re.sub(r"\s+", " ", words.lower())


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        yield from csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")


@lru_cache(maxsize=1)
def triggers() -> dict[str, TriggerEntry]:
    out: dict[str, TriggerEntry] = {}
    for row in _rows("verbs.tsv"):
        flags = frozenset(f.strip() for f in (row.get("flags") or "").split(",") if f.strip())
        for form in row["forms"].split("|"):
            form = form.strip().lower()
            if form:
                mode = (row.get("mode") or "").strip() or None
                out[form] = TriggerEntry(form, row["type"], row["cameo"], row["pos"], flags, mode)
    return out


@lru_cache(maxsize=1)
def trigger_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + longest_first(triggers(), space=r"\s+") + r")\b", re.I)


@lru_cache(maxsize=1)
def actor_terms() -> dict[str, ActorTerm]:
    out: dict[str, ActorTerm] = {}
    for row in _rows("actors.tsv"):
        for form in row["forms"].split("|"):
            form = form.strip().lower()
            if form:
                out[form] = ActorTerm(form, row["sector"], row["resolve"])
    return out


@lru_cache(maxsize=1)
def actor_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + longest_first(actor_terms(), space=r"\s+") + r")(?![\w-])", re.I)


@lru_cache(maxsize=1)
def modality_cues() -> tuple[ModalityCue, ...]:
    return tuple(
        ModalityCue(re.compile(row["cue"], re.I), row["modality"], row["where"]) for row in _rows("modality.tsv")
    )
