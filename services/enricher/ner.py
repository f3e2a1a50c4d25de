"""The statistical model's named entities, cleaned of its known slips and merged with the rule-based ones.

``entities.find_entities`` reads capitalised runs with role words, a lexicon of well-known people and surname
links; it is precise where it fires. The spaCy model (``nlp.py``) sees names the rules do not (a person introduced
without a role, an organisation without an organisation word) and knows when a capitalised run is a place. Here:

- ``model_spans``: the model's PERSON/ORG/GPE/LOC/FAC/NORP spans, each cut at a line or paragraph break (the model
  runs "Syria\\n\\nNews Service AA" together), without a leading "the" or a trailing possessive;
- ``merge_model_entities``: a span that no rule mention or country mention covers is added: an ORG or PERSON that
  is the surname of a person already seen becomes a mention of that person (the model tags "Cavusoglu" ORG); a
  PERSON becomes a person, with the role and nationality read before it as the rules do; an ORG becomes an
  organisation, with the country its own words name ("Turkish Armed Forces"). A rule-read person with no role
  and no lexicon entry whose every mention the model calls a place is dropped;
- ``delegation_countries``: a person without a country who leads a national delegation takes its country
  ("X chaired the Turkish delegation", "The Russian side -- chaired by A and B").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from schemas.records import Entity, Mention
from services.common.ranges import merged
from services.enricher.countries import CountryMention
from services.enricher.entities import (
    GEO_ADJ,
    ORG_HEADS,
    REPORTING_VERBS,
    ROLE_WORDS,
    _role_context,
    _surnames,
    known_people,
    role_text,
)
from services.enricher.text import FUNCTION_WORDS, MONTHS, WEEKDAYS, fold, name_key, slug, tokens

if TYPE_CHECKING:
    from services.enricher.nlp import RawEntity

ENTITY_LABELS = frozenset({"PERSON", "ORG"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MODEL_LABELS = ENTITY_LABELS | PLACE_LABELS | {"NORP"}
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['’]s?|[\s,.;:\-–—\"“”'‘’()\[\]]+)$")
_BREAK = re.compile(r"\s*\n\s*")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'’-]*\b")
_CONTRACTION = re.compile(r"['’]")
_REPORTED = re.compile(r"\s+(?:has\s+|had\s+|also\s+)?(?:" + "|".join(sorted(REPORTING_VERBS)) + r")\b")


@dataclass(frozen=True, slots=True)
class ModelSpan:
    text: str
    start: int
    end: int
    label: str


def _clean(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without surrounding spaces, a leading article or a trailing possessive; None when nothing is left."""
    s = text[start:end]
    lead = _LEADING.match(s)
    if lead:
        start += lead.end()
    while True:
        s = text[start:end]
        tail = _TRAILING.search(s)
        if not tail or tail.start() == len(s):
            break
        end = start + tail.start()
    s = text[start:end]
    stripped = s.lstrip(" ,.;:-–—\"“”'‘’([")
    start += len(s) - len(stripped)
    if start >= end or not any(ch.isalpha() for ch in text[start:end]):
        return None
    return start, end


def model_spans(text: str, entities: Iterable[RawEntity]) -> list[ModelSpan]:
    """The model's entity spans (``nlp.named_entities``) of the labels we use, cut at line breaks and trimmed."""
    out: list[ModelSpan] = []
    for ent_start, ent_end, label in entities:
        if label not in MODEL_LABELS:
            continue
        pieces: list[tuple[int, int]] = []
        cursor = ent_start
        for br in _BREAK.finditer(text, ent_start, ent_end):
            if "\n" in br.group():
                pieces.append((cursor, br.start()))
                cursor = br.end()
        pieces.append((cursor, ent_end))
        for a, b in pieces:
            cleaned = _clean(text, a, b)
            if cleaned is not None:
                out.append(ModelSpan(text[cleaned[0] : cleaned[1]], cleaned[0], cleaned[1], label))
    return out


def _overlaps(a: int, b: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a < e and s < b for s, e in spans)


def _plausible_name(name: str) -> bool:
    words = name.split()
    low = [w.lower().rstrip(".") for w in words]
    if not words or not words[0][:1].isupper():
        return False
    if len(words) == 1 and (low[0] in FUNCTION_WORDS or low[0] in MONTHS or low[0] in WEEKDAYS):
        return False
    return not any(w in MONTHS or w in WEEKDAYS for w in low) and len(words) <= 6


def _not_model_places(entities: list[Entity], spans: list[ModelSpan]) -> list[Entity]:
    """The rules' entities but the people the model reads as places and nothing but capitals said were people."""
    lexicon = known_people()
    place_spans = {(s.start, s.end) for s in spans if s.label in PLACE_LABELS}
    return [
        e for e in entities
        if not (e.label == "PERSON" and e.role is None and name_key(e.name) not in lexicon and e.mentions
                and all((m.start, m.end) in place_spans for m in e.mentions))
    ]  # fmt: skip


class _Merge:
    """The entities so far while the model's spans are merged in, and what the text already holds."""

    def __init__(
        self,
        text: str,
        kept: list[Entity],
        country_mentions: list[CountryMention],
        is_place: Callable[[str], bool] | None,
        taken: Iterable[tuple[int, int]],
    ) -> None:
        self.text, self.kept, self.country_mentions, self.is_place = text, kept, country_mentions, is_place
        self.lexicon = known_people()
        self.by_id = {e.entity_id: e for e in kept}
        self.covered = [(m.start, m.end) for e in kept for m in e.mentions]
        self.covered += [(cm.start, cm.end) for cm in country_mentions]
        self.covered += list(taken)
        self.surname_of: dict[str, Entity] = {}
        for e in kept:
            if e.label == "PERSON":
                self.index_person(e)
        self.toks = tokens(text)
        self.index_of = {t.start: i for i, t in enumerate(self.toks)}

    def index_person(self, e: Entity) -> None:
        for s in [*_surnames(e.name), e.name.split()[-1]]:
            self.surname_of.setdefault(name_key(s), e)
        for m in e.mentions:
            if len(m.text.split()) == 1:
                self.surname_of.setdefault(name_key(m.text), e)

    def known_person(self, span: ModelSpan, words: list[str]) -> Entity | None:
        """A surname alone, or "Bashar Assad" after "Bashar al-Assad" (same surname, same first name)."""
        if len(words) == 1:
            return self.surname_of.get(name_key(span.text))
        if span.label == "PERSON":
            cand = self.surname_of.get(name_key(words[-1]))
            if cand is not None and name_key(cand.name).split()[0] == name_key(words[0]):
                return cand
        return None

    def entity(self, eid: str, make: Callable[[], Entity]) -> Entity:
        ent = self.by_id.get(eid)
        if ent is None:
            ent = self.by_id[eid] = make()
            self.kept.append(ent)
        return ent

    def add_person(self, span: ModelSpan, mention: Mention, words: list[str]) -> bool:
        if self.is_place is not None and self.is_place(span.text):
            return False
        first = self.index_of.get(span.start)
        role_toks, nat = (
            _role_context(self.text, self.toks, first, self.country_mentions) if first is not None else ([], None)
        )
        # One word alone is weak evidence ("Sputnik", a village): it needs a role before it or a report after.
        if len(words) == 1 and not role_toks and not _REPORTED.match(self.text, span.end):
            return False
        known = self.lexicon.get(name_key(span.text))
        name = known.name if known is not None else span.text
        ent = self.entity("person:" + slug(name), lambda: Entity(
            entity_id="person:" + slug(name), name=name, label="PERSON",
            country=nat or (known.country if known else None), role=role_text(role_toks), source="model",
        ))  # fmt: skip
        ent.mentions.append(mention)
        self.index_person(ent)
        return True

    def add_org(self, span: ModelSpan, mention: Mention, words: list[str]) -> bool:
        lows = [w.lower().rstrip(".") for w in words]
        if len(words) == 1 and (lows[0] in ROLE_WORDS or lows[0] in ORG_HEADS or lows[0] in GEO_ADJ):
            return False  # "Defense" of "Defense Minister X"
        if self.is_place is not None and self.is_place(span.text) and not any(w in ORG_HEADS for w in lows):
            return False
        eid = "org:" + fold(span.text).replace(" ", "-")
        inner = [cm for cm in self.country_mentions if span.start <= cm.start and cm.end <= span.end]
        ent = self.entity(eid, lambda: Entity(
            entity_id=eid, name=span.text, label="ORG", country=inner[0].iso3 if inner else None, source="model",
        ))  # fmt: skip
        ent.mentions.append(mention)
        return True

    def add(self, span: ModelSpan) -> None:
        if span.label not in ENTITY_LABELS or _overlaps(span.start, span.end, self.covered):
            return
        if not _plausible_name(span.text):
            return
        mention = Mention(text=span.text, start=span.start, end=span.end)
        words = span.text.split()
        person = self.known_person(span, words)
        if person is not None:
            person.mentions.append(mention)
        elif not (self.add_person if span.label == "PERSON" else self.add_org)(span, mention, words):
            return
        self.covered.append((span.start, span.end))


def merge_model_entities(
    text: str,
    entities: list[Entity],
    spans: list[ModelSpan],
    country_mentions: list[CountryMention],
    is_place: Callable[[str], bool] | None = None,
    taken: Iterable[tuple[int, int]] = (),
) -> list[Entity]:
    """``entities`` (from the rules) plus what the model adds; see the module's docstring. ``taken`` holds spans
    already read as something else (dates)."""
    merge = _Merge(text, _not_model_places(entities, spans), country_mentions, is_place, taken)
    # People first, so that an ORG slip that is a person's surname finds its person whatever the order.
    for span in sorted(spans, key=lambda s: (s.label != "PERSON", s.start)):
        merge.add(span)
    for e in merge.kept:
        e.mentions.sort(key=lambda m: m.start)
    return merge.kept


_GROUP = r"(?:delegation|side|team|negotiators|delegates)"
_LEAD_VERB = r"(?:chaired|led|headed|presided\s+over)"
# "The Russian side -- chaired by A and B --", "Turkish delegation headed by A": the people of the by-phrase.
_LED_BY = re.compile(rf"\b{_GROUP}\s*(?:--|—|–|,)?\s*{_LEAD_VERB}\s+by\s+(?P<who>[^.;]*?)(?=\s+--|\s+—|[,.;(]|$)")
# "A chaired the Turkish delegation".
_LEADS = re.compile(rf"\b{_LEAD_VERB}\s+(?:the\s+|a\s+)?(?P<nat>[\w-]+)\s+{_GROUP}\b")


def delegation_countries(text: str, entities: list[Entity], country_mentions: list[CountryMention]) -> None:
    """Fill the country of people without one who lead a national delegation (in place)."""
    demonym_at = {cm.start: cm for cm in country_mentions if cm.kind in ("demonym", "name")}
    people = [e for e in entities if e.label == "PERSON" and e.country is None]
    if not people:
        return
    for m in _LED_BY.finditer(text):
        # The nationality stands just before the group word: "The Russian side", "Turkish delegation".
        before = text[max(0, m.start() - 40) : m.start()]
        nat = re.search(r"([\w-]+)\s+$", before)
        cm = demonym_at.get(m.start() - len(before) + nat.start(1)) if nat else None
        if cm is None:
            continue
        a, b = m.start("who"), m.end("who")
        for e in people:
            if e.country is None and any(a <= pm.start < b for pm in e.mentions):
                e.country = cm.iso3
    for m in _LEADS.finditer(text):
        cm = demonym_at.get(m.start("nat"))
        if cm is None:
            continue
        # The person is the subject just before the verb, in the same sentence.
        sent_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        subject = [
            e for e in people if e.country is None and any(sent_start <= pm.end <= m.start() for pm in e.mentions)
        ]
        if subject:
            last = max(subject, key=lambda e: max(pm.end for pm in e.mentions if pm.end <= m.start()))
            last.country = cm.iso3


# Words of context on each side of what the model is asked about. Its entity decisions at a token read the token
# vectors of that token, the one before it and the entity's first token, and each vector sees 4 tokens either side
# (4 convolution layers of window 1): with 6 words of margin they are the ones a whole-sentence run computes.
MARGIN = 6


@dataclass(frozen=True, slots=True)
class ModelScope:
    """Where the model runs (``windows``) and the words it is asked about (``unexplained``), as character ranges."""

    windows: list[tuple[int, int]]
    unexplained: list[tuple[int, int]]

    def asked(self, start: int, end: int) -> bool:
        """Whether an entity the model found at ``start:end`` holds a word it was asked about."""
        i = bisect.bisect_left(self.unexplained, (start, -1))
        if i > 0 and self.unexplained[i - 1][1] > start:
            return True
        return i < len(self.unexplained) and self.unexplained[i][0] < end


def model_scope(
    text: str, sentences: Iterable[tuple[int, int]], explained: Iterable[tuple[int, int]], margin: int = MARGIN
) -> ModelScope:
    """Where the model can add to what the rules found: around each capitalised word that nothing ``explained``
    covers (country names, dates, people the rules know by role or lexicon, organisations), other than a function
    word, "I", a month or a weekday, or a sentence's first word that is an ordinary word (a stop word, or written in
    lower case elsewhere in the text). Whatever the model finds elsewhere lies on covered text, which
    ``merge_model_entities`` and the place finder set aside; so it runs on windows of ``margin`` words around those
    words (46 % of the words on the benchmark's sample)."""
    covered = merged(explained)
    starts = [a for a, _ in covered]
    lower_words = {m.group() for m in _LOWER_WORD.finditer(text)}
    toks = tokens(text)
    token_starts = [t.start for t in toks]
    firsts = {bisect.bisect_left(token_starts, a) for a, _ in sentences}
    windows: list[tuple[int, int]] = []
    unexplained: list[tuple[int, int]] = []
    for i, tok in enumerate(toks):
        if not tok.is_cap:
            continue
        low = _CONTRACTION.split(tok.lower, maxsplit=1)[0]
        if low in FUNCTION_WORDS or low == "i" or low in MONTHS or low in WEEKDAYS:
            continue
        if i in firsts and (low in STOP_WORDS or low in lower_words):
            continue
        j = bisect.bisect_right(starts, tok.start) - 1
        if j >= 0 and covered[j][1] >= tok.end:
            continue
        unexplained.append((tok.start, tok.end))
        # The window runs across sentence ends, as the model reads a whole text: a sentence's first word keeps the
        # context it has there.
        windows.append((toks[max(0, i - margin)].start, toks[min(len(toks) - 1, i + margin)].end))
    return ModelScope(merged(windows), unexplained)


def explained_spans(
    entities: Iterable[Entity], country_mentions: Iterable[CountryMention], taken: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Text the rules have read with confidence: countries, ``taken`` (dates), and the mentions of organisations and
    of people with a role or a lexicon entry (a bare capitalised name may still be the model's place)."""
    lexicon = known_people()
    out = [(cm.start, cm.end) for cm in country_mentions] + list(taken)
    for e in entities:
        if e.label == "ORG" or e.role or name_key(e.name) in lexicon:
            out.extend((m.start, m.end) for m in e.mentions)
    return out
