"""Rule-based named entities: people (with their role and country) and organisations, from capitalised runs.

A first version without a statistical model; ``find_entities`` keeps the shape a model-backed tagger would return.
How a run of capitalised words is read, left to right:

- leading role words and country words are the person's description: "Turkish Foreign Minister Mevlüt Çavuşoğlu"
  is role "Foreign Minister", country TUR; lowercase roles just before the run count too ("his Slovakian
  counterpart Miroslav Lajcak"); a country after "for"/"on" is a portfolio ("envoy on Syria"), not a nationality;
- a run holding an organisation word ("Ministry", "Organization", "Council") is an organisation;
- what remains, one to five name words, is a person when a role introduced it, when it has two or more words
  that are nothing else (no place, no geographic adjective), or when it is the surname of someone named earlier.

Ids fold spellings (``text.name_key``), so "Çavuşoğlu" and "Cavusoglu", "Sergey" and "Sergei" share one; a surname
alone links to the full name seen earlier in the article. ``data/people.tsv`` gives countries of well-known figures.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from schemas.records import Entity, Mention
from services.common.alternation import longest_first
from services.enricher.countries import CountryMention, country_name
from services.enricher.text import FUNCTION_WORDS, MONTHS, WEEKDAYS, Token, fold, name_key, slug, tokens

DATA = Path(__file__).resolve().parent / "data"

# Title words, as they stand capitalised before a name ("Deputy Foreign Minister", "Gen.").
# fmt: off
ROLE_WORDS = frozenset(
    """
    president presidents vice prime minister ministers foreign defense defence interior deputy ambassador
    envoy special representative secretary secretary-general general gen lt col maj adm brig chancellor king
    queen prince crown sheikh emir sultan spokesman spokeswoman spokesperson chairman chairwoman chair chief
    commander senator sen rep governor gov mayor speaker pope patriarch mr mrs ms dr justice judge director
    presidential supreme leader premier counselor adviser advisor undersecretary affairs external economy
    finance trade energy health head senior former acting first lady ayatollah field marshal colonel major
    captain lieutenant admiral brigadier sergeant national security intelligence military opposition rebel
    militia top state
    """.split()  # noqa: SIM905
)
# fmt: on
# Lowercase role nouns that introduce a name ("his counterpart Miroslav Lajcak", "special envoy ... X").
# fmt: off
LOWER_ROLES = frozenset(
    """
    president minister envoy counterpart spokesman spokeswoman spokesperson ambassador leader chief
    commander general premier chancellor official adviser advisor diplomat representative secretary
    negotiator mediator deputy head chairman lawmaker senator governor mayor king prince emir colleague
    """.split()  # noqa: SIM905
)
# fmt: on
# fmt: off
ORG_HEADS = frozenset(
    """
    ministry ministries organization organisation council committee commission agency party army forces
    front staff union nations bank fund court parliament assembly congress senate office department service
    services institute university association federation group company corporation inc ltd news brigade
    brigades movement alliance coalition authority administration guard police navy command directorate
    presidency cabinet government embassy consulate foundation network times post press television radio tv
    """.split()  # noqa: SIM905
)
# fmt: on
# fmt: off
GEO_ADJ = frozenset(
    """
    eastern western northern southern middle central north south east west northwest northeast southwest
    southeast northwestern northeastern southwestern southeastern upper lower greater
    """.split()  # noqa: SIM905
)
# fmt: on
# Words after a run that make it a place, a document or a meeting rather than a person.
# fmt: off
NOT_PERSON_NEXT = frozenset(
    """
    province region governorate district city town village area countryside state county border zone airport
    base camp river mountains valley memorandum agreement accord accords process summit talks format
    declaration deal ceasefire cease-fire protocol treaty resolution conference forum strip bank heights coast
    peninsula island islands sea gulf desert hills plain plateau basin corridor
    """.split()  # noqa: SIM905
)
# fmt: on
REPORTING_VERBS = frozenset(
    ["said", "says", "told", "added", "stressed", "noted", "emphasized", "emphasised", "urged", "warned", "insisted"]
)
_CONNECTORS = frozenset(
    ["bin", "ibn", "bint", "abu", "al", "el", "de", "da", "van", "von", "der", "le", "la", "dos", "del", "du"]
)
_PREFIXED = re.compile(r"^(?:al|el|ad|ash|as|at|ar|an|az|ibn|bin|abu)-[A-Z]")
_POSSESSIVE = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"^[A-ZÀ-ÖØ-Ýİ]{2,6}$")
_ROMAN = re.compile(r"^[IVX]+$")


@dataclass(frozen=True, slots=True)
class KnownPerson:
    name: str
    country: str
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KnownOrg:
    name: str
    country: str | None
    sector: str | None


@lru_cache(maxsize=1)
def known_orgs() -> tuple[dict[str, KnownOrg], re.Pattern[str]]:
    """Every written form of the organisations in ``data/orgs.tsv`` -> the organisation, and a pattern for them."""
    forms: dict[str, KnownOrg] = {}
    with (DATA / "orgs.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            org = KnownOrg(row["name"], row["country"] or None, row["sector"] or None)
            for form in [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]:
                forms[form] = org
    alternation = longest_first(forms)
    return forms, re.compile(rf"(?<![\w.])(?:{alternation})(?![\w]|\.\w)")


def org_sector(name: str) -> str | None:
    """The sector of a known organisation ("Hamas" -> "rebel"), for the extractor's sides."""
    forms, _ = known_orgs()
    org = forms.get(name) or next((o for o in forms.values() if o.name == name), None)
    return org.sector if org else None


@lru_cache(maxsize=1)
def known_people() -> dict[str, KnownPerson]:
    """name_key of every form (full name, aliases, surname) -> the person. Ambiguous surnames are dropped."""
    out: dict[str, KnownPerson] = {}
    clash: set[str] = set()
    with (DATA / "people.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            forms = [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]
            person = KnownPerson(row["name"], row["country"], tuple(forms))
            keys = {name_key(x) for x in forms}
            keys.update(name_key(s) for s in _surnames(row["name"]))
            for k in keys:
                if k in out and out[k].name != person.name:
                    clash.add(k)
                out[k] = person
    for k in clash:
        out.pop(k, None)
    return out


def _surnames(full: str) -> list[str]:
    """The forms a text may use alone for a person: last word, and without its "al-" ("Assad")."""
    last = full.split()[-1]
    out = [last]
    if _PREFIXED.match(last):
        out.append(last.split("-", 1)[1])
    # A surname that is also a month or function word ("May") would link every date.
    return [s for s in out if s.lower() not in MONTHS and s.lower() not in FUNCTION_WORDS and len(s) > 2]


@dataclass(slots=True)
class _Run:
    toks: list[Token]
    possessive_end: bool = False


@dataclass(slots=True)
class _Person:
    key: str
    name: str
    country: str | None
    role: str | None
    mentions: list[Mention] = field(default_factory=list)
    from_lexicon: bool = False


def _is_cap(tok: Token) -> bool:
    return tok.text[:1].isupper() or bool(_PREFIXED.match(tok.text))


def _runs(text: str, toks: Sequence[Token]) -> list[_Run]:
    """Maximal runs of capitalised words separated by single spaces (a comma or a quote ends a run)."""
    runs: list[_Run] = []
    cur: list[Token] = []

    def close(possessive: bool = False) -> None:
        nonlocal cur
        if cur:
            runs.append(_Run(cur, possessive))
        cur = []

    for i, tok in enumerate(toks):
        poss = _POSSESSIVE.search(tok.text) if ("'" in tok.text or "’" in tok.text) else None
        t = Token(tok.text[: poss.start()], tok.start, tok.start + poss.start()) if poss else tok
        gap = text[cur[-1].end : t.start] if cur else ""
        # "U.S. Trade Representative": the dots of an initialism do not end the run.
        gap_ok = gap == " " or (gap in (".", ". ") and len(cur[-1].text) == 1 and cur[-1].text.isupper())
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        connector = (
            t.text in _CONNECTORS and bool(cur) and nxt is not None and _is_cap(nxt) and text[t.end : nxt.start] == " "
        )
        if (_is_cap(t) or connector) and t.text:
            if cur and not gap_ok:
                close()
            cur.append(t)
            if poss:
                close(True)
        else:
            close()
    close()
    return runs


def _split_run(run: _Run) -> list[_Run]:
    """Split at words that cannot be inside a name: function words, months, weekdays."""
    parts: list[_Run] = []
    cur: list[Token] = []
    for t in run.toks:
        low = t.text.lower().rstrip(".")
        # A capitalised function word inside a name is part of it ("Liu He"); at its start it is not ("The").
        if (low in FUNCTION_WORDS and not cur) or low in MONTHS or low in WEEKDAYS:
            if cur:
                parts.append(_Run(cur))
            cur = []
            continue
        cur.append(t)
    if cur:
        parts.append(_Run(cur, run.possessive_end))
    return parts


def _country_at(cms: list[CountryMention], start: int, end: int) -> CountryMention | None:
    for cm in cms:
        if cm.start <= start and end <= cm.end + 2:
            return cm
    return None


def _org(orgs: dict[str, Entity], order: dict[str, int], key: str, make: Entity, mention: Mention) -> None:
    ent = orgs.setdefault(key, make)
    ent.mentions.append(mention)
    order.setdefault(ent.entity_id, mention.start)


def _known_orgs_in(text: str, orgs: dict[str, Entity], order: dict[str, int]) -> list[tuple[int, int]]:
    """The organisations of the dictionary (``data/orgs.tsv``) named in the text; their spans."""
    org_forms, org_pattern = known_orgs()
    spans: list[tuple[int, int]] = []
    for m in org_pattern.finditer(text):
        org = org_forms[m.group()]
        made = Entity(entity_id="org:" + fold(org.name).replace(" ", "-"), name=org.name, label="ORG",
                      country=org.country)  # fmt: skip
        _org(orgs, order, "known:" + org.name, made, Mention(text=m.group(), start=m.start(), end=m.end()))
        spans.append((m.start(), m.end()))
    return spans


def _outside(run: _Run, spans: list[tuple[int, int]]) -> list[_Run]:
    """The parts of a run outside the given spans."""
    parts: list[_Run] = []
    cur: list[Token] = []
    for t in run.toks:
        if any(a <= t.start < b for a, b in spans):
            if cur:
                parts.append(_Run(cur))
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(_Run(cur, run.possessive_end))
    return parts


def _read_org_run(
    text: str, run: _Run, cms: list[CountryMention], orgs: dict[str, Entity], order: dict[str, int]
) -> bool:
    """A run with an organisation word ("National Defense Ministry"), or an acronym, is an organisation; whether
    the run was one (an acronym that is a country's is nothing)."""
    rt = run.toks
    span_text = text[rt[0].start : rt[-1].end]
    # Words of a country name ("Russian Federation") are no organisation words.
    lows = [t.text.lower().rstrip(".") for t in rt if _country_at(cms, t.start, t.end) is None] or [""]
    if any(w in ORG_HEADS for w in lows[1:] + lows[-1:]) and len(rt) >= 2:
        cm = _country_at(cms, rt[0].start, rt[0].end)
        made = Entity(entity_id="org:" + fold(span_text).replace(" ", "-"), name=span_text, label="ORG",
                      country=cm.iso3 if cm else None)  # fmt: skip
        _org(orgs, order, name_key(span_text), made, Mention(text=span_text, start=rt[0].start, end=rt[-1].end))
        return True
    if len(rt) == 1 and _ACRONYM.match(rt[0].text) and not _ROMAN.match(rt[0].text):
        t = rt[0]
        if _country_at(cms, t.start, t.end) is None:
            made = Entity(entity_id="org:" + fold(t.text).replace(" ", "-"), name=t.text, label="ORG")
            _org(orgs, order, name_key(t.text), made, Mention(text=t.text, start=t.start, end=t.end))
        return True
    return False


def find_entities(
    text: str,
    country_mentions: list[CountryMention],
    is_place: Callable[[str], bool] | None = None,
) -> list[Entity]:
    """PERSON and ORG entities with mentions (offsets into ``text``), in order of first mention.

    ``is_place(name) -> bool`` says whether a multi-word name is a known place (then it is not a person).
    """
    toks = tokens(text)
    index_of = {t.start: i for i, t in enumerate(toks)}
    people: dict[str, _Person] = {}
    surname_to_key: dict[str, str] = {}
    orgs: dict[str, Entity] = {}
    lexicon = known_people()
    order: dict[str, int] = {}

    def add_person(
        key: str, name: str, country: str | None, role: str | None, mention: Mention, lex: bool = False
    ) -> None:
        p = people.get(key)
        if p is None:
            p = people[key] = _Person(key, name, country, role, from_lexicon=lex)
            order.setdefault("person:" + key, mention.start)
        else:
            p.country = p.country or country
            p.role = p.role or role
            if len(name) > len(p.name) and not p.from_lexicon:
                p.name = name
        p.mentions.append(mention)
        for s in [*_surnames(p.name), name.split()[-1]]:
            surname_to_key.setdefault(name_key(s), key)

    # Known organisations first ("United Nations Security Council", "Hamas"), so no run reads them as people.
    org_spans = _known_orgs_in(text, orgs, order)
    for big in _runs(text, toks):
        for run in (r for part in _split_run(big) for r in _outside(part, org_spans)):
            if not _read_org_run(text, run, country_mentions, orgs, order):
                _read_person_run(text, toks, index_of, run, country_mentions, is_place, lexicon, people,
                                 surname_to_key, add_person)  # fmt: skip

    entities: list[Entity] = []
    for p in people.values():
        entities.append(
            Entity(
                entity_id="person:" + slug(p.name),
                name=p.name,
                label="PERSON",
                country=p.country,
                role=p.role,
                mentions=sorted(p.mentions, key=lambda m: m.start),
            )
        )
    entities.extend(orgs.values())
    entities.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    return entities


def _role_context(
    text: str, toks: Sequence[Token], first: int, cms: list[CountryMention]
) -> tuple[list[Token], str | None]:
    """Lowercase role words and the nationality just before token ``first``: "his Slovakian counterpart X"."""
    role: list[Token] = []
    nat: str | None = None
    j = first - 1
    steps = 0
    while j >= 0 and steps < 6:
        t = toks[j]
        low = t.text.lower()
        gap = text[t.end : toks[j + 1].start]
        if gap.strip() not in ("",) and not (gap.strip() == "." and len(t.text) == 1 and t.text.isupper()):
            break
        cm = _country_at(cms, t.start, t.end)
        if low in LOWER_ROLES or low in ROLE_WORDS:
            role.insert(0, t)
        elif cm is not None:
            before = toks[j - 1].text.lower() if j > 0 else ""
            if before in ("for", "on", "to", "in") and not cm.possessive:
                pass  # "envoy on Syria": the portfolio, not the nationality
            elif cm.kind == "demonym" or cm.possessive or before in ("of", "the"):
                nat = nat or cm.iso3
            if not role:
                break
        elif low in ("for", "on", "of", "the", "his", "her", "their", "its", "to"):
            pass
        elif low == "and" and j > 0 and toks[j - 1].text.lower() in ROLE_WORDS:
            pass  # "Deputy Prime Minister and Foreign Minister X"
        else:
            break
        j -= 1
        steps += 1
    return role, nat


def role_text(role_toks: list[Token]) -> str | None:
    """The role as written, one person's: "Presidents X and Y" gives each "President"."""
    words = [t.text for t in role_toks]
    if words and words[-1].lower() in ("presidents", "ministers", "leaders", "envoys", "ambassadors"):
        words[-1] = words[-1][:-1]
    return " ".join(words) or None


def _lead(text: str, rt: Sequence[Token], cms: list[CountryMention]) -> tuple[list[Token], str | None, int]:
    """The role words and the nationality a run opens with ("Russian Foreign Minister X", "Russia Ambassador X"):
    (role tokens, country, index of the first other token)."""
    role_toks: list[Token] = []
    nat: str | None = None
    i = 0
    while i < len(rt):
        t = rt[i]
        cm = _country_at(cms, t.start, t.end)
        if cm is not None:
            prev = text[max(0, t.start - 10) : t.start].lower()
            portfolio = bool(re.search(r"\b(?:for|on|to|in)\s$", prev)) and not cm.possessive
            nxt = next((u for u in rt[i:] if u.start >= cm.end), None)
            before_role = nxt is not None and nxt.text.lower().rstrip(".") in ROLE_WORDS  # "Russia Ambassador X"
            if not portfolio and (
                cm.kind == "demonym" or cm.possessive or before_role or re.search(r"\bof(?: the)?\s$", prev)
            ):
                nat = nat or cm.iso3
            # skip every token of the country mention ("Russian Federation")
            while i < len(rt) and rt[i].start < cm.end:
                i += 1
            continue
        if t.text.lower().rstrip(".") in ROLE_WORDS:
            role_toks.append(t)
            i += 1
            continue
        break
    return role_toks, nat, i


def _name_part(toks: Sequence[Token], cms: list[CountryMention]) -> Sequence[Token]:
    """A name stops at a word that cannot be part of it."""
    for k, t in enumerate(toks):
        low = t.text.lower()
        if low in GEO_ADJ or low in ORG_HEADS or _country_at(cms, t.start, t.end) is not None:
            return toks[:k]
    return toks


@dataclass
class _PersonRead:
    """One run read as a person's name, with what stands around it."""

    name: str
    name_toks: Sequence[Token]
    nat: str | None
    role_toks: list[Token]
    next_word: str
    mention: Mention


def _one_word_person(pr: _PersonRead, known: KnownPerson | None, is_place: Callable[[str], bool] | None,
                     people: dict[str, _Person], surname_to_key: dict[str, str],
                     add_person: Callable[..., None]) -> None:  # fmt: skip
    """A surname of someone already named, someone the lexicon knows, or a word a role or a report makes a name."""
    role = role_text(pr.role_toks)
    skey = name_key(pr.name)
    if skey in surname_to_key:
        p = people[surname_to_key[skey]]
        add_person(p.key, p.name, pr.nat, role, pr.mention)
    elif known is not None:
        add_person(name_key(known.name), known.name, pr.nat or known.country, role, pr.mention, lex=True)
    elif pr.role_toks or pr.next_word in REPORTING_VERBS:
        if pr.name.lower() in FUNCTION_WORDS or (is_place and is_place(pr.name)):
            return
        add_person(skey, pr.name, pr.nat, role, pr.mention)


def _full_name_person(pr: _PersonRead, known: KnownPerson | None, is_place: Callable[[str], bool] | None,
                      people: dict[str, _Person], surname_to_key: dict[str, str],
                      add_person: Callable[..., None]) -> None:  # fmt: skip
    role = role_text(pr.role_toks)
    if pr.next_word in NOT_PERSON_NEXT and pr.next_word not in ("regime",):
        return
    if pr.name_toks[-1].text.lower() in NOT_PERSON_NEXT:
        return  # "Gaza Strip", "Golan Heights"
    if not pr.role_toks and known is None and is_place is not None and is_place(pr.name):
        return
    if known is not None:
        add_person(name_key(known.name), known.name, pr.nat or known.country, role, pr.mention, lex=True)
        return
    # A surname already known under a full name: "Assad" inside "Bashar Assad" is the same person.
    skey = name_key(pr.name_toks[-1].text)
    if skey in surname_to_key and people[surname_to_key[skey]].key.startswith(name_key(pr.name_toks[0].text)):
        p = people[surname_to_key[skey]]
        add_person(p.key, p.name, pr.nat, role, pr.mention)
        return
    add_person(name_key(pr.name), pr.name, pr.nat, role, pr.mention)


def _read_person_run(
    text: str,
    toks: Sequence[Token],
    index_of: dict[int, int],
    run: _Run,
    cms: list[CountryMention],
    is_place: Callable[[str], bool] | None,
    lexicon: dict[str, KnownPerson],
    people: dict[str, _Person],
    surname_to_key: dict[str, str],
    add_person: Callable[..., None],
) -> None:
    """Read one run as a person, if it is one, and add it (see the module's docstring for the rules)."""
    rt = run.toks
    role_toks, nat, i = _lead(text, rt, cms)
    name_toks = _name_part(rt[i:], cms)
    if not name_toks or len(name_toks) > 5:
        return
    first_idx = index_of.get(name_toks[0].start, index_of.get(rt[0].start, 0))
    back_role, back_nat = _role_context(text, toks, index_of.get(rt[0].start, first_idx), cms)
    role_toks = role_toks or back_role
    nat = nat or back_nat
    name = text[name_toks[0].start : name_toks[-1].end]
    next_match = re.match(r"[\s'’s]*([\w-]+)", text[name_toks[-1].end : name_toks[-1].end + 30])
    pr = _PersonRead(name, name_toks, nat, role_toks, next_match.group(1).lower() if next_match else "",
                     Mention(text=name, start=name_toks[0].start, end=name_toks[-1].end))  # fmt: skip
    read = _one_word_person if len(name_toks) == 1 else _full_name_person
    read(pr, lexicon.get(name_key(name)), is_place, people, surname_to_key, add_person)


def country_entities(mentions: list[CountryMention]) -> list[Entity]:
    """One GPE entity per country named, one NORP per nationality adjective ("Turkish"), with every mention."""
    out: dict[str, Entity] = {}
    for m in mentions:
        if m.kind == "capital":
            continue  # capitals are places; see places.py
        label: Literal["NORP", "GPE"] = "NORP" if m.kind == "demonym" else "GPE"
        eid = f"{'norp' if label == 'NORP' else 'country'}:{m.iso3}"
        ent = out.setdefault(eid, Entity(entity_id=eid, name=country_name(m.iso3), label=label, country=m.iso3))
        ent.mentions.append(Mention(text=m.text, start=m.start, end=m.end))
    return list(out.values())
