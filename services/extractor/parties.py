"""Who does it (actors) and to whom (recipients), from the countries, people and actor words of a sentence.

The mentions an ``EnrichedArticle`` carries (countries, nationality adjectives, people with a country, capitals)
and the generic actor words of ``data/actors.tsv`` ("regime", "forces", "civilians") are grouped into noun
phrases ("Syrian regime forces", "Turkish Foreign Minister Mevlüt Çavuşoğlu") and coordinations ("Turkey and
Russia"). For a trigger, in its clause:

- active voice: the first phrase before the trigger acts (the clause's subject), the first after it receives;
- passive voice ("were killed"): the phrase before receives, the one after "by" acts;
- nouns: "attack by X on Y", "talks between X and Y", "Russian-Turkish consultations" (X acts, Y receives);
- no subject in the clause: the clauses before it ("X said that ..."), then a pronoun's antecedent in the
  previous sentence ("Their shelling ...");
- phrases after a locative preposition ("in Syria", "Idlib, Syria") are places, not sides, except as the
  destination of a visit; backers ("Russia-backed") and the source of a report (", X said") are not sides.

An unmodified "regime" is the country the article ties to that word ("Syrian regime", "Assad regime"), else the
country where the article's places lie; unnamed victims ("civilians") belong to that country too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from schemas.records import EnrichedArticle, Place
from services.common.sentences import Span, clause_bounds
from services.enricher.countries import BACKER_SUFFIX, country_name, find_countries, lookup
from services.enricher.entities import LOWER_ROLES, ROLE_WORDS, org_sector
from services.enricher.story_country import country_mentions, dominant, most_mentioned
from services.extractor.deps import dep_args
from services.extractor.lexicon import actor_pattern, actor_terms, form_of
from services.extractor.triggers import Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc

_GOV_ROLE = re.compile(
    r"minister|president|premier|chancellor|king|emir|envoy|ambassador|secretary|spokes|sheikh", re.I
)
_MIL_ROLE = re.compile(r"general|commander|gen\b|col\b|admiral|marshal", re.I)
_MERGE_WORDS = ROLE_WORDS | LOWER_ROLES | {"visiting", "armed", "joint", "new", "local", "regular", "elite"}
_COORD_GAP = re.compile(r"^\s*(?:,|and|or|,\s*and|-|–|/|as\s+well\s+as)\s*(?:(?:the|its|their|his|her)\s+)?$", re.I)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|inside|across|throughout|near|into|around|outside|within|city\s+of|province\s+of|town\s+of)\s+"
    r"(?:the\s+)?(?:(?:northern|southern|eastern|western|northwestern|northeastern|southwestern|southeastern|"
    r"central|capital|war-torn|neighbou?ring)\s+)*$",
    re.I,
)
# "consultations regarding Syria's Idlib province": the topic, not a side.
_TOPIC_BEFORE = re.compile(r"\b(?:regarding|about|concerning|over|on\s+the\s+issue\s+of)\s+(?:the\s+)?$", re.I)
_PLACE_COMMA = re.compile(r"[A-Z][\w'’-]+,\s+$")
_REPORT_VERB = re.compile(
    r"\b(?:(?:has|have|had|was|were|is|also)\s+)?"
    r"(?:said|says|told|added|stressed|noted|announced|reported|quoted|called(?!\s+(?:for|on|off)\b))\b",
    re.I,
)
_ACCORDING = re.compile(r"\baccording\s+to\b[^,.]*", re.I)
# A report's verb and what may follow it before the reported clause: "said on Wednesday (that)".
_SAID = re.compile(r"\b(?:said|says|stated|claimed|announced)\b(?:\s+(?:on\s+)?\w+day)?(?:\s+that)?\s+", re.I)
_SUBJECT_PRONOUN = re.compile(r"(?:it|they|he|she|we)\b", re.I)
_PRONOUN = re.compile(r"\b(?:they|their|them|it|its|he|his|she|her)\b", re.I)
_PASSIVE_VERB = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b", re.I)
_AFFILIATION = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?", re.I)
_ASIDE = re.compile(r"\s*(?:including|such\s+as|among\s+them|among|mostly|many\s+of\s+them|most\s+of\s+them)\b", re.I)
_DATELINE_AFTER = re.compile(r"(?:,\s*[A-Z][\w.]*\.?)?\s*(?:[-–—(]|,\s+(?:\w+\s+)?\d)")
# A paragraph's opening dateline, "CAMP DAVID, Md. —", "KHARTOUM, April 16 (Reuters) -": places, never sides.
_DATELINE = re.compile(
    r"^[A-Z][A-Z'’.-]+(?:[ /][A-Z][A-Z'’.-]+)*"  # the place in capitals
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?\.?)?"  # its state or country
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # the day
    r"(?:\s*\([^)]{1,30}\))?\s*[-–—]",  # the agency
    re.M,
)
TITLE_WEIGHT = 3  # a country named in the headline or the dateline counts as this many mentions
_PAIR = re.compile(r"\b(?:both|two)\s+(?:sides|countries|governments|delegations|leaders|nations|parties)\b", re.I)
_BY = re.compile(r"\bby\s+(?:the\s+)?", re.I)
_BETWEEN = re.compile(r"\s+between\s+", re.I)


@dataclass(slots=True)
class PartyMention:
    start: int
    end: int
    text: str
    country: str | None
    kind: str  # country | capital | person | org | term
    sector: str | None = None
    entity_id: str | None = None
    resolve: str | None = None
    backer: bool = False


@dataclass(slots=True)
class Group:
    """A noun phrase that names one side: "Syrian regime forces", "Turkish Foreign Minister X"."""

    mentions: list[PartyMention]
    country: str | None
    sector: str | None
    locative: bool = False
    backer: bool = False
    reporting: bool = False
    pair: bool = False  # "both sides", "the two countries": the article's main pair, resolved later

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end


@dataclass(slots=True)
class Side:
    """One or more coordinated groups: "Turkey, Russia and Iran"."""

    groups: list[Group] = field(default_factory=list)

    @property
    def countries(self) -> list[str]:
        out: list[str] = []
        for g in self.groups:
            if g.country and g.country not in out:
                out.append(g.country)
        return out

    def __bool__(self) -> bool:
        return bool(self.groups)


@dataclass(slots=True)
class ArticleContext:
    text: str
    mentions: list[PartyMention]
    regime_country: str | None
    theatre_country: str | None
    home_country: str | None
    dominant_country: str | None
    about: list[str]
    places: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, text, country


def build_context(article: EnrichedArticle) -> ArticleContext:
    text = article.article.body
    mentions: list[PartyMention] = []
    for e in article.entities:
        for m in e.mentions:
            if e.label in ("GPE", "NORP") and e.country:
                backer = bool(BACKER_SUFFIX.match(text, m.end))
                mentions.append(
                    PartyMention(
                        m.start, m.end, m.text, e.country, "country", None, f"country:{e.country}", None, backer
                    )
                )
            elif e.label == "PERSON" and not _is_dateline(text, m.start, m.end):
                sector = _role_sector(e.role)
                mentions.append(PartyMention(m.start, m.end, m.text, e.country, "person", sector, e.entity_id))
            elif e.label == "ORG":
                if _is_dateline(text, m.start, m.end):
                    continue
                sector = org_sector(e.name)
                mentions.append(PartyMention(m.start, m.end, m.text, e.country, "org", sector, e.entity_id))
    # Capitals standing for governments ("Ankara and Moscow agreed"); whether one is a place is decided per use.
    for p in article.places:
        for pm in p.mentions:
            form = lookup(pm.text)
            if form and form[1] == "capital":
                mentions.append(
                    PartyMention(pm.start, pm.end, pm.text, form[0], "capital", "government", f"country:{form[0]}")
                )
    taken = [(m.start, m.end) for m in mentions]
    terms = actor_terms()
    for hit in actor_pattern().finditer(text):
        if any(hit.start() < e and s < hit.end() for s, e in taken):
            continue
        term = terms[form_of(hit.group())]
        mentions.append(
            PartyMention(hit.start(), hit.end(), hit.group(), None, "term", term.sector, resolve=term.resolve)
        )
    datelines = [m.span() for m in _DATELINE.finditer(text)]
    mentions = [m for m in mentions if not any(a <= m.start < b for a, b in datelines)]
    mentions.sort(key=lambda m: (m.start, -m.end))
    places = sorted((m.start, m.end, m.text, p.country) for p in article.places if p.country for m in p.mentions)
    ctx = ArticleContext(text, mentions, None, _theatre(article), *_home(article), list(article.countries), places)
    ctx.regime_country = _regime_country(ctx)
    return ctx


def after_dateline(text: str, start: int) -> int:
    """Where a sentence's words begin: after the dateline that opens its paragraph, if one does."""
    m = _DATELINE.match(text, start) if start == 0 or text[start - 1] == "\n" else None
    return m.end() if m else start


def _is_dateline(text: str, start: int, end: int) -> bool:
    """A name in capitals that opens a paragraph before a dash or a date ("PARIS -", "CAMP DAVID, Md. —") is the
    dateline's place, whatever the model called it."""
    name = text[start:end]
    opens = start == 0 or text[start - 1] == "\n"
    return name.isupper() and (bool(lookup(name.title())) or (opens and bool(_DATELINE_AFTER.match(text, end))))


def _role_sector(role: str | None) -> str | None:
    if not role:
        return None
    if _MIL_ROLE.search(role):
        return "military"
    return "government" if _GOV_ROLE.search(role) else None


def _theatre(article: EnrichedArticle) -> str | None:
    """The country where the article's events take place, by mentions: towns and regions first, then capitals
    ("in Nairobi"), then countries and adjectives ("Georgian police", "in Syria")."""

    def capital(p: Place) -> bool:
        return (lookup(p.name) or ("", ""))[1] == "capital"

    for wanted in (lambda p: p.precision != "country" and not capital(p), capital):
        c: Counter[str] = Counter()
        for p in article.places:
            if p.country and wanted(p):
                c[p.country] += len(p.mentions)
        if c:
            return most_mentioned(c)
    # Countries and adjectives: a country named as a place ("in Syria") counts a little more than a mention.
    named: Counter[str] = Counter()
    for e in article.entities:
        if e.label in ("GPE", "NORP") and e.country:
            named[e.country] += 2 * len(e.mentions)
    for p in article.places:
        if p.country and p.precision == "country":
            named[p.country] += 1
    return most_mentioned(named)


def _home(article: EnrichedArticle) -> tuple[str | None, str | None]:
    """The country the article is most about, by every mention of it (names, adjectives, its places): the one
    whose police, protesters and parliament an unmodified "police" means, where the fighting may lie elsewhere;
    and that country again when it holds most of the mentions (a one-country story, where "the army" and "the
    president" are that country's too), else None."""
    c = country_mentions(article.entities, article.places)
    # The headline and the dateline say whose story it is ("Georgia drops bill after protests").
    heads = " ".join(x for x in (article.article.title, article.article.dateline_place) if x)
    for cm in find_countries(heads):
        c[cm.iso3] += TITLE_WEIGHT
    return most_mentioned(c), dominant(c)


def _regime_country(ctx: ArticleContext) -> str | None:
    """The country the article ties to "regime": "Syrian regime", "Assad regime", "regime of X"."""
    c: Counter[str] = Counter()
    ms = ctx.mentions
    for i, m in enumerate(ms):
        if m.kind == "term" and m.resolve == "regime":
            for prev in reversed(ms[max(0, i - 2) : i]):
                gap = ctx.text[prev.end : m.start]
                if prev.country and re.fullmatch(r"(?:['’]s)?\s*(?:[\w-]+\s+)?", gap) and not prev.backer:
                    c[prev.country] += 1
                    break
    return most_mentioned(c) or ctx.theatre_country


def _group_country(ms: list[PartyMention], ctx: ArticleContext) -> str | None:
    for kinds in (("country", "capital"), ("person", "org")):
        for m in ms:
            if m.kind in kinds and m.country and not m.backer:
                return m.country
    for m in ms:
        if m.kind == "term":
            if m.resolve == "regime":
                return ctx.regime_country
            if m.resolve == "theatre" and len(ms) == 1:
                return ctx.theatre_country
            if m.resolve == "home" and len(ms) == 1:
                return ctx.home_country
            if m.resolve == "modifier" and len(ms) == 1:
                return ctx.dominant_country
    return None


def _group_sector(ms: list[PartyMention]) -> str | None:
    terms = [m for m in ms if m.kind == "term"]
    if terms:
        return terms[-1].sector
    return next((m.sector for m in ms if m.sector), None)


def sentence_groups(ctx: ArticleContext, sent: Span) -> list[Group]:
    """The noun phrases that can be sides, in order, with their flags."""
    text = ctx.text
    inside = [m for m in ctx.mentions if sent.start <= m.start and m.end <= sent.end]
    # Drop mentions nested in another (a term inside an organisation's name).
    flat: list[PartyMention] = []
    for m in inside:
        if flat and m.start < flat[-1].end:
            continue
        flat.append(m)
    groups: list[list[PartyMention]] = []
    for m in flat:
        prev = groups[-1][-1] if groups else None
        gap = text[prev.end : m.start] if prev else ""
        # "officials from Turkey", "representatives of the Russian side": a generic word takes its country.
        affiliation = (
            prev is not None and prev.kind == "term" and m.country is not None and bool(_AFFILIATION.fullmatch(gap))
        )
        if prev is not None and not prev.backer and (affiliation or _mergeable(gap)):
            groups[-1].append(m)
        else:
            groups.append([m])
    out: list[Group] = []
    for ms in groups:
        g = Group(ms, _group_country(ms, ctx), _group_sector(ms))
        g.pair = (
            len(ms) == 1 and ms[0].kind == "term" and bool(_PAIR.search(text[max(sent.start, g.start - 12) : g.end]))
        )
        before = text[max(sent.start, g.start - 60) : g.start]
        listed = bool(out) and re.fullmatch(r",\s+", text[out[-1].end : g.start]) is not None
        place_comma = bool(_PLACE_COMMA.search(before)) and not listed  # "Idlib, Syria" but not "Turkey, Russia"
        g.locative = bool(_LOCATIVE_BEFORE.search(before) or place_comma or _TOPIC_BEFORE.search(before))
        g.backer = all(m.backer for m in ms)
        out.append(g)
    # Unnamed victims ("civilians were killed in Pakistani Kashmir") belong where the sentence puts them.
    towns = [c for s, _, name, c in ctx.places if sent.start <= s < sent.end and lookup(name) is None]
    where = towns[0] if towns else next((g.country for g in out if g.locative and g.country), None)
    for g in out:
        if where and len(g.mentions) == 1 and g.mentions[0].kind == "term" and g.mentions[0].resolve == "theatre":
            g.country = where
    _mark_sources(text, sent, out)
    return out


def _mark_sources(text: str, sent: Span, groups: list[Group]) -> None:
    """The source of a report is no side of the event it reports: the phrase right before "said" ("Turkey's
    foreign minister said", ", the Turkish presidency said") with what is coordinated with it, and
    "according to X"."""
    for m in _REPORT_VERB.finditer(text, sent.start, sent.end):
        last = next((i for i in range(len(groups) - 1, -1, -1) if groups[i].end <= m.start()), None)
        if last is None:
            continue
        gap = re.sub(r"^['’]s?", "", text[groups[last].end : m.start()])
        if re.search(r"[,;:\"“”()]", gap) or len(gap.split()) > 3:
            continue
        i = last
        groups[i].reporting = True
        while i > 0 and _COORD_GAP.match(text[groups[i - 1].end : groups[i].start]):
            i -= 1
            groups[i].reporting = True
    for m in _ACCORDING.finditer(text, sent.start, sent.end):
        for g in groups:
            if m.start() <= g.start < m.end():
                g.reporting = True


def _mergeable(gap: str) -> bool:
    gap = re.sub(r"^['’]s?", "", gap)
    if len(gap) > 45 or re.search(r"[,;:\"“”()\[\]]|\s[-–—]", gap):
        return False
    words = gap.split()
    return all(w[:1].isupper() or w.lower() in _MERGE_WORDS for w in words)


def _sides_in(
    text: str, groups: list[Group], start: int, end: int, *, allow_locative: bool = False, allow_reporting: bool = False
) -> list[Side]:
    """Coordinated sides among the usable groups inside [start, end)."""
    usable = [
        g for g in groups
        if start <= g.start and g.end <= end and not g.backer
        and (allow_reporting or not g.reporting) and (allow_locative or not g.locative)
    ]  # fmt: skip
    return _coordinate(text, usable)


def _coordinate(text: str, gs: list[Group]) -> list[Side]:
    sides: list[Side] = []
    for g in gs:
        if sides and _COORD_GAP.match(text[sides[-1].groups[-1].end : g.start]):
            sides[-1].groups.append(g)
        else:
            sides.append(Side([g]))
    return sides


@dataclass(slots=True)
class Parties:
    actor: Side
    recipient: Side
    implicit: bool = False  # a side came from outside the sentence
    source: Side = field(default_factory=Side)  # who reports it ("X said", "according to X"), not a side
    parsed: bool = False  # the sides came from the dependency parse


def _groups_over(groups: list[Group], ranges: list[tuple[int, int]], *, allow_locative: bool) -> list[Group]:
    """The side phrases that the parse's phrase (character ranges) covers."""
    out: list[Group] = []
    for g in groups:
        if g.backer or (g.locative and not allow_locative):
            continue
        if any(s < m.end and m.start < e for m in g.mentions for s, e in ranges):
            out.append(g)
    return out


def resolve_parties(
    ctx: ArticleContext,
    sent: Span,
    trig: Trigger,
    groups: list[Group],
    prev_groups: list[Group],
    doc: Doc | None = None,
) -> Parties:
    """Sides from the dependency parse (``deps``) where it names them, else from the surface rules below."""
    surface = _surface_parties(ctx, sent, trig, groups, prev_groups)
    args = dep_args(doc, trig.start, trig.end, reporting_trigger="joint" in trig.entry.flags) if doc else None
    if args is None:
        return _undergoer(trig, _agent_noun(trig, groups, surface))
    visit = "visit" in trig.entry.flags
    source = Side(_groups_over(groups, args.source, allow_locative=True))
    in_source = set(map(id, source.groups))

    def over(ranges: list[tuple[int, int]], taken: Sequence[Group] = ()) -> list[Group]:
        """The side phrases the parse's phrase covers, but the speaker's and those already taken."""
        return [
            g for g in _groups_over(groups, ranges, allow_locative=True) if id(g) not in in_source and g not in taken
        ]

    # the parse's own phrase for each role, else its second reading (a noun's governing subject, a thing's
    # destination or origin)
    actor_groups = over(args.actor) or over(args.actor_alt)
    recipient_groups = over(args.recipient, actor_groups) or over(args.recipient_alt, actor_groups)
    if args.between and len(actor_groups) >= 2 and not recipient_groups:
        actor_groups, recipient_groups = actor_groups[:1], actor_groups[1:]

    def fallback(side: Side) -> Side:
        return Side([g for g in side.groups if id(g) not in in_source])

    implicit = surface.implicit
    if actor_groups:
        actor = Side(actor_groups)
        implicit = False
    elif args.source_is_actor and source:
        actor = source
    elif args.verbal and args.actor and not args.actor_pronoun:
        actor = Side()  # the parse found the subject and it names no side ("Steps ... were discussed")
    else:
        actor = fallback(surface.actor)
        if not actor and args.actor_pronoun:
            # "Their shelling ...", "they struck ...": the antecedent in this sentence or the one before
            actor, from_outside = _subject_outside_clause(ctx, sent, groups, prev_groups, trig.start)
            implicit = implicit or from_outside
    if recipient_groups:
        recipient = Side(recipient_groups)
    elif args.recipient and not visit and not _within(args.recipient, trig):
        recipient = Side()  # the parse found the object and it names no side ("a zone agreed by X")
    else:
        recipient = fallback(surface.recipient)
    if args.source_is_recipient and not recipient_groups and source:
        recipient = source
    if visit and not recipient:
        recipient = surface.recipient
    if recipient and actor and set(map(id, recipient.groups)) & set(map(id, actor.groups)):
        recipient = Side([g for g in recipient.groups if g not in actor.groups])
    return _undergoer(
        trig,
        _agent_noun(
            trig, groups, Parties(actor, recipient, implicit, source, parsed=bool(actor_groups or recipient_groups))
        ),
    )


def _within(ranges: list[tuple[int, int]], trig: Trigger) -> bool:
    """Whether the parse's phrase is the trigger's own word ("sanctions" of "imposed sanctions on X")."""
    return any(trig.start <= s and e <= trig.end for s, e in ranges)


def _agent_noun(trig: Trigger, groups: list[Group], parties: Parties) -> Parties:
    """A trigger that names its doer ("protesters", "demonstrators", "Georgian protesters") is its own actor."""
    if parties.actor:
        return parties
    own = [g for g in groups if g.start < trig.end and trig.start < g.end and not g.reporting]
    if own:
        parties.actor = Side(own[:1])
    return parties


def _undergoer(trig: Trigger, parties: Parties) -> Parties:
    """Verbs whose subject is the one it happens to ("32 fighters died", "residents fled") read as a passive:
    the subject is the recipient, and the actor is unknown unless "by" names one."""
    if "count_before" in trig.entry.flags and parties.actor and not parties.recipient:
        parties.actor, parties.recipient = Side(), parties.actor
    return parties


def _surface_parties(
    ctx: ArticleContext, sent: Span, trig: Trigger, groups: list[Group], prev_groups: list[Group]
) -> Parties:
    text = ctx.text
    c_start, c_end = clause_bounds(text, sent, trig.start)
    entry = trig.entry
    actor, recipient = Side(), Side()
    implicit = False

    # Nouns: "talks between X and Y".
    between = _BETWEEN.match(text, trig.end) or (
        re.match(r"\s*", text[trig.end :]) if trig.text.lower().endswith("between") else None
    )
    if entry.pos == "noun" and between:
        after = _sides_in(text, groups, between.end(), sent.end)
        if after and len(after[0].countries) >= 2:
            first, rest = after[0].groups[0], after[0].groups[1:]
            return Parties(Side([first]), Side(rest))

    # Agent after "by": passive verbs and nouns ("attacks by the regime", "an attack led by X").
    by_side = None
    window = text[trig.end : min(c_end, trig.end + 25)]
    by = _BY.search(window) if (trig.passive or entry.pos == "noun") else None
    if by:
        after_by = _sides_in(text, groups, trig.end + by.start(), c_end)
        by_side = after_by[0] if after_by else None

    # A joint statement's subject is a side, though "announced" also marks a report's source.
    joint = "joint" in entry.flags
    # "Pakistan said on Wednesday it had shot down ...": the reported clause starts after "said"; its pronoun
    # subject is the one who said it.
    subject_start, source = c_start, None
    said = None if joint else next(reversed(list(_SAID.finditer(text, c_start, trig.start))), None)
    if said is not None:
        subject_start = said.end()
        if _SUBJECT_PRONOUN.match(text, said.end()):
            sources = [g for g in groups if g.reporting and g.end <= said.start() and g.country]
            source = _coordinate(text, sources[-1:])[0] if sources else None
    before_sides = _sides_in(text, groups, subject_start, trig.start, allow_reporting=joint)
    if source is not None and not trig.passive:
        before_sides = [source]
    after_sides = _sides_in(text, groups, trig.end, c_end, allow_locative="visit" in entry.flags)

    if trig.passive:
        # "At least 35 Palestinians, including 12 children, have been killed": the subject may stand before an
        # aside that the commas make a clause of its own.
        recipient = before_sides[0] if before_sides else _subject_outside_clause(ctx, sent, groups, [], c_start)[0]
        actor = by_side or Side()
    elif entry.pos == "noun":
        # A noun's actor is its possessor or modifier ("the government's offensive", "Russian-Turkish talks"),
        # the agent after "by", or the subject of the clause it stands in ("Russian officials had talks");
        # not a subject that a passive verb made a victim ("soldiers were killed in attacks").
        actor = by_side or Side()
        if not actor and before_sides:
            subject = before_sides[0]
            between_text = text[subject.groups[-1].end : trig.start]
            if not _PASSIVE_VERB.search(between_text):
                actor = subject
            elif not recipient:
                recipient = subject
        recipient = recipient or next(
            (s for s in after_sides if not by_side or s.groups[0] not in by_side.groups), Side()
        )
    else:
        actor = by_side or (before_sides[0] if before_sides else Side())
        recipient = next((s for s in after_sides if not by_side or s.groups[0] not in by_side.groups), Side())
        if not actor:
            actor, from_outside = _subject_outside_clause(ctx, sent, groups, prev_groups, c_start)
            implicit = implicit or from_outside
    if "visit" in entry.flags and not recipient:
        recipient = _destination(ctx, sent, trig, c_end)
    return Parties(actor, recipient, implicit)


def _subject_outside_clause(
    ctx: ArticleContext, sent: Span, groups: list[Group], prev_groups: list[Group], c_start: int
) -> tuple[Side, bool]:
    """No subject in the trigger's clause: the nearest earlier clause of the sentence, then a pronoun's antecedent."""
    text = ctx.text
    earlier = [g for g in groups if g.end <= c_start and not g.backer and not g.locative]
    # An aside ("including 12 children", "such as X") is part of the phrase before it, not a subject.
    earlier = [g for g in earlier if not _ASIDE.match(text, clause_bounds(text, sent, g.start)[0])]
    if earlier:
        # the first phrase of the nearest earlier clause that has one
        last_clause_start, _ = clause_bounds(text, sent, earlier[-1].start)
        in_clause = [g for g in earlier if g.start >= last_clause_start]
        return _coordinate(text, in_clause)[0], False
    lead = text[sent.start : c_start + 40]
    if _PRONOUN.search(lead):
        usable = [g for g in prev_groups if not g.backer and not g.locative and g.country]
        people = [g for g in usable if any(m.kind == "person" for m in g.mentions)]
        if re.search(r"\b(?:he|his|she|her)\b", lead, re.I) and people:
            return Side([people[0]]), True
        if usable:
            return _coordinate(text, usable[:1])[0], True
    return Side(), False


def _destination(ctx: ArticleContext, sent: Span, trig: Trigger, c_end: int) -> Side:
    """Where a visitor goes: the first country, capital or place after the trigger in its clause."""
    for start, end, name, country in ctx.places:
        if trig.end <= start < c_end:
            m = PartyMention(start, end, name, country, "capital", "government", f"country:{country}")
            return Side([Group([m], country, "government", locative=True)])
    return Side()


def party_name(g: Group) -> str:
    if len(g.mentions) == 1 and g.mentions[0].kind in ("country", "capital") and g.country:
        return country_name(g.country)
    return " ".join(m.text for m in g.mentions) if len(g.mentions) > 1 else g.mentions[0].text
