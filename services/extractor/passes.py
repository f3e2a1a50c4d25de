"""The extractor's passes over an article's drafts, in the order ``PASSES`` declares them.

Each pass is a pure function ``(drafts, ctx) -> drafts``: it completes sides from what the text says ("both
sides", a coordination, a place), merges the triggers of one event, or drops what is no event. Composing them as a
list, as structlog composes processors, lets each be read and tested alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from services.common.sentences import Span, clause_bounds
from services.extractor.draft import (
    DOMESTIC,
    DYADIC,
    SPLIT_COORDINATED,
    VIOLENT,
    Draft,
    confidence,
    country_group,
    historical,
    sides_key,
)
from services.extractor.parties import ArticleContext, Group, Side, sentence_groups
from services.extractor.triggers import SPEECH_VERB, act_kinds

MIN_CONFIDENCE = 0.3  # below it a mention is not reported: no side of its own and nothing new (date, count)


@dataclass(frozen=True)
class PassContext:
    article: ArticleContext
    published: dt.date | None
    _groups: dict[int, list[Group]] = field(default_factory=dict)

    def groups(self, sent: Span) -> list[Group]:
        """The side phrases of a sentence, read once per article however many passes ask."""
        if sent.start not in self._groups:
            self._groups[sent.start] = sentence_groups(self.article, sent)
        return self._groups[sent.start]


Pass = Callable[[list[Draft], PassContext], list[Draft]]


def _compatible(a: Side, b: Side) -> bool:
    ca, cb = set(a.countries), set(b.countries)
    return not ca or not cb or bool(ca & cb)


def _same_sides(a: Draft, b: Draft) -> bool:
    """Whether two mentions can be one event's: sides compatible (either way round for symmetric types)."""
    if _compatible(a.actor, b.actor) and _compatible(a.recipient, b.recipient):
        return True
    return a.trig.entry.type in DYADIC and _compatible(a.actor, b.recipient) and _compatible(a.recipient, b.actor)


def _merge_sentence(drafts: list[Draft]) -> list[Draft]:
    """Triggers of one type in one sentence that agree on sides and date are one event."""
    out: list[Draft] = []
    for d in drafts:
        # The dead and wounded of an attack are counted on that attack: "shelled the city, killing three and
        # wounding 12" (a participle's subject is the main clause's).
        flags = d.trig.entry.flags
        consequence = (
            not d.trig.passive and ("injure" in flags or ("kill" in flags and d.trig.text.lower().endswith("ing")))
        ) or "displace" in flags
        host = next(
            (
                o for o in out
                if o.trig.entry.type == d.trig.entry.type
                and (consequence or _same_sides(o, d))
                and (o.date is None or d.date is None or o.date == d.date)
            ),
            None,
        )  # fmt: skip
        if host is None:
            out.append(d)
            continue
        host.extra_triggers.append(d.trig)
        # A consequence ("..., killing three civilians") lends its victims, never its subject.
        if not host.actor.countries and d.actor.countries and not consequence:
            host.actor = d.actor
        if not host.recipient.countries and d.recipient.countries:
            # a symmetric event named the other way round ("X held talks with the visiting Y"): Y's side
            reverse = host.trig.entry.type in DYADIC and set(d.recipient.countries) <= set(host.actor.countries)
            host.recipient = d.actor if reverse else d.recipient
        host.date = host.date or d.date
        if host.date is not None:
            host.date_precision = "day"
        host.period_start = host.period_start or d.period_start
        host.location = host.location or d.location
        if d.fatalities is not None and (host.fatalities is None or d.fatalities > host.fatalities):
            host.fatalities, host.fatalities_qualifier = d.fatalities, d.fatalities_qualifier
        if host.injured is None and d.injured is not None:
            host.injured, host.injured_qualifier = d.injured, d.injured_qualifier
        if host.displaced is None and d.displaced is not None:
            host.displaced, host.displaced_qualifier = d.displaced, d.displaced_qualifier
        host.mode = host.mode or d.mode
        if not host.source and d.source:
            host.source = d.source
        host.implicit = host.implicit and d.implicit
    return out


def _attach_sentence_displaced(drafts: list[Draft]) -> list[Draft]:
    """Displacement is a count on an event, not an event: "displacing 600,000 people" lends its count to the
    sentence's attack, and goes when the sentence has none."""
    hosts = [d for d in drafts if "displace" not in d.trig.entry.flags]
    for d in drafts:
        if "displace" in d.trig.entry.flags and d.displaced is not None:
            host = next((h for h in hosts if h.trig.entry.type == d.trig.entry.type and h.displaced is None), None)
            if host is not None:
                host.displaced, host.displaced_qualifier = d.displaced, d.displaced_qualifier
                host.extra_triggers.append(d.trig)
    return hosts


def resolve_pairs(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """ "Both sides", "the two countries": the two countries the article is most about, other than the other side's
    ("Egyptian mediators held talks with both sides", "the two sides will meet again")."""
    for d in drafts:
        for attr, other_attr in (("actor", "recipient"), ("recipient", "actor")):
            side, other = getattr(d, attr), getattr(d, other_attr)
            if not (len(side.groups) == 1 and side.groups[0].pair):
                continue
            pair = [c for c in pc.article.about if c not in other.countries][:2]
            if len(pair) < 2:
                continue
            d.named_pair = True  # "the two sides" is named in the sentence, though its countries come from the article
            if other.groups:
                setattr(d, attr, Side([country_group(c) for c in pair]))
            else:
                setattr(d, attr, Side([country_group(pair[0])]))
                setattr(d, other_attr, Side([country_group(pair[1])]))
            d.implicit = True
    return drafts


def _named_pairs(drafts: list[Draft]) -> Counter[frozenset[str]]:
    """How often each pair of countries meets or agrees explicitly in the article."""
    pairs: Counter[frozenset[str]] = Counter()
    for d in drafts:
        if d.trig.entry.type in DYADIC and not d.implicit and d.actor.countries and d.recipient.countries:
            for ac in d.actor.countries:
                for rc in d.recipient.countries:
                    if ac != rc:
                        pairs[frozenset((ac, rc))] += 1
    return pairs


def _split_coordinated(d: Draft) -> bool:
    """ "Turkey and Russia canceled a joint patrol": the first named with the others. Whether it split."""
    if d.trig.entry.type not in SPLIT_COORDINATED:
        return False
    if not d.recipient.countries and len(d.actor.groups) >= 2:
        d.actor, d.recipient = Side(d.actor.groups[:1]), Side(d.actor.groups[1:])
        return True
    if not d.actor.countries and len(d.recipient.groups) >= 2:
        d.actor, d.recipient = Side(d.recipient.groups[:1]), Side(d.recipient.groups[1:])
        return True
    return False


def _fill_one_side(d: Draft, named: list[str], pairs: Counter[frozenset[str]]) -> bool:
    """The missing side of a meeting that names one country: its partner in the article's explicit meetings."""
    partner = _partner(named[0], pairs)
    if partner is None:
        return False
    filler = Side([country_group(partner)])
    if d.actor.countries and not d.recipient.groups:
        d.recipient = filler
    elif d.recipient.countries and not d.actor.groups:
        d.actor = filler
    else:
        return False
    return True


def fill_dyads(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """Complete consultations and agreements whose sentence names only one side, or none, when the sentence
    names a meeting the article tells elsewhere ("the talks had failed", "they agreed to meet again"): from the
    pair the article's explicit meetings and agreements name most, never from its list of countries."""
    pairs = _named_pairs(drafts)
    for d in drafts:
        if _split_coordinated(d) or d.trig.entry.type not in DYADIC or not _names_one_again(d):
            continue
        a, r = d.actor.countries, d.recipient.countries
        # A side named without a country ("both sides", "the Security Council") is not filled from elsewhere.
        if (a or d.actor.groups) and (r or d.recipient.groups):
            continue
        named = a or r
        if ((d.actor.groups and not a) or (d.recipient.groups and not r)) and not named:
            continue
        if named:
            if not _fill_one_side(d, named, pairs):
                continue
        else:
            pair = _main_pair(pairs, pc.article.about)
            if pair is None:
                continue
            d.actor, d.recipient = Side([country_group(pair[0])]), Side([country_group(pair[1])])
        d.implicit = True
    return drafts


def target_from_place(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """An attack with no named target hits the country where it happened, when that is not the attacker's own
    ("warplanes struck targets in the Gaza Strip", "jets struck three sites in Pakistan"), or when the attacker is
    an armed group or the police at home."""
    for d in drafts:
        if d.trig.entry.type != "ASSAULT" or d.recipient.countries or not d.actor.countries:
            continue
        where = d.location.country if d.location is not None else _country_named_as_place(d, pc)
        if where is None and all(g.sector == "rebel" for g in d.actor.groups):
            where = d.actor.countries[0]  # gunmen who "invaded a boarding school" attack their own country
        # A state's forces attacking at home hit someone the sentence does not name; a non-state group's attack
        # at home hits its own country ("the RSF shelled a market in el-Fasher").
        at_home = all(g.sector == "rebel" or any(m.resolve == "home" for m in g.mentions) for g in d.actor.groups)
        if where and (where not in d.actor.countries or at_home):
            d.recipient = Side([country_group(where)])
            d.implicit = True
    return drafts


def _country_named_as_place(d: Draft, pc: PassContext) -> str | None:
    """A country the sentence names as where something happened ("in Pakistan"), after the trigger."""
    for g in pc.groups(d.sent):
        if g.locative and g.country and g.start >= d.trig.end:
            return g.country
    return None


def _only_unnamed_people(side: Side) -> bool:
    return all(len(g.mentions) == 1 and g.mentions[0].kind == "term" and g.mentions[0].resolve == "theatre"
               for g in side.groups)  # fmt: skip


HOME_DIRECTED = frozenset({"REQUEST", "REJECT", "RETREAT", "ACCUSE", "AGREE", "CONSULT"})


def domestic_sides(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """A domestic act whose sentence names one country's side only has that country on the other side too
    ("police fired tear gas at crowds in Tbilisi", "thousands protested against the government")."""
    one_country = pc.article.dominant_country
    for d in drafts:
        kind = d.trig.entry.type
        if kind not in DOMESTIC:
            # in a one-country story, an undirected demand, refusal, step back or accusation by its own side is
            # aimed at home ("lawmakers voted to reject it", "he urged the public to stay calm")
            if (
                kind in HOME_DIRECTED and one_country and d.actor.countries == [one_country]
                and not d.recipient.groups
            ):  # fmt: skip
                d.recipient = Side([country_group(one_country)])
            continue
        a, r = d.actor.countries, d.recipient.countries
        if a and r and kind in ("COERCE", "PROTEST") and _only_unnamed_people(d.recipient):
            r = []  # "police detained 1,300 people": the people of the police's country, not the war's theatre
            d.recipient = Side()
        abroad = _country_named_as_place(d, pc) if kind == "MOBILIZE" else None
        if a and not r and abroad is not None and abroad not in a:
            d.recipient = Side([*d.recipient.groups, country_group(abroad)])  # "troops to fight in Ukraine"
        elif a and not r:
            d.recipient = Side([*d.recipient.groups, country_group(a[0])])
        elif r and not a and kind == "PROTEST":
            d.actor = Side([*d.actor.groups, country_group(r[0])])
    return drafts


_AGAIN = re.compile(r"\b(?:the|this|these|those|that|both|they|their|it|its)\b", re.I)


def _before_trigger(d: Draft) -> str:
    return d.sent.text[: max(0, d.trig.start - d.sent.start)]


def _names_one_again(d: Draft) -> bool:
    """Whether a sentence refers back to a meeting or its parties: a definite noun, a pronoun."""
    return bool(_AGAIN.search(_before_trigger(d)))


def _partner(country: str, pairs: Counter[frozenset[str]]) -> str | None:
    with_it = [(n, sorted(p - {country})[0]) for p, n in pairs.items() if country in p]
    if with_it:
        return min(with_it, key=lambda x: (-x[0], x[1]))[1]
    return None  # no meeting of that country's named elsewhere: the article's country list is no evidence


def _main_pair(pairs: Counter[frozenset[str]], about: list[str]) -> tuple[str, str] | None:
    if pairs:
        best = min(pairs.items(), key=lambda kv: (-kv[1], sorted(kv[0])))[0]
        ordered = [c for c in about if c in best] + sorted(best - set(about))
        return ordered[0], ordered[1]
    return None


def _specific(d: Draft) -> bool:
    """Whether a mention reports a particular event, not a standing situation ("as attacks continue").

    Violent types are often mentioned as a state of affairs ("as attacks by the regime continue"): they need both
    sides, a date from their own sentence, or a casualty count. Other types are particular by nature.
    """
    if d.modality == "denied":
        return False  # "ruled out any negotiations", "put off a cabinet meeting": what did not happen
    if d.modality == "planned" and not d.date_from_sentence:
        return False  # what is only intended is news when it is dated: "will meet on Saturday", "next week"
    if d.trig.entry.type not in VIOLENT:
        return True
    both = bool(d.actor.countries and d.recipient.countries)
    # a verb with a named doer and a day is an act, not a state of affairs: "Police fired tear gas"
    act = (
        (d.trig.entry.pos == "verb" or d.trig.entry.type != "ASSAULT")  # a curfew, a crackdown, a mobilisation
        and bool(d.actor.countries)
        and d.date is not None
        and not d.implicit
    )
    return both or act or (d.date_from_sentence and d.date is not None) or d.fatalities is not None


def _repeats(d: Draft, kept: list[Draft], pub: dt.date | None) -> bool:
    """An undated mention of an event already reported in the article: same type, sides and modality, both
    current or both history, no count that differs ("Turkey was represented in talks ..." after "Turkish and
    Russian officials held talks on Saturday"). What it adds (a place, a count, a mode) goes to the first."""
    if d.date_from_sentence:
        return False
    a, r = sides_key(d)
    if not (a or r):
        return False
    for k in kept:
        if k.trig.entry.type != d.trig.entry.type or k.modality != d.modality:
            continue
        if historical(k, pub) != historical(d, pub):
            continue
        ka, kr = sides_key(k)
        # the same sides, or fewer of them: "Turkey was represented in talks" after the Turkish-Russian talks
        same = (a <= ka and r <= kr) or (k.trig.entry.type in DYADIC and a <= kr and r <= ka)
        if not same or (k.fatalities is not None and d.fatalities is not None and k.fatalities != d.fatalities):
            continue
        dyadic = d.trig.entry.type in DYADIC
        if k.date is not None and d.date is not None and k.date != d.date and not dyadic:
            continue  # a meeting's day only assumed (the publication day) does not make another meeting
        if not dyadic and not _refers_back(d, k):
            continue  # "police arrested five" after "police fired tear gas": another act of the same kind
        if k.fatalities is None and d.fatalities is not None:
            k.fatalities, k.fatalities_qualifier = d.fatalities, d.fatalities_qualifier
        k.location = k.location or d.location
        k.mode = k.mode or d.mode
        return True
    return False


_BACK_REFERENCE = re.compile(r"\b(?:the|this|that|these|those|its|their|his|her|such)\s+(?:[\w-]+\s+)?$", re.I)


def _refers_back(d: Draft, first: Draft) -> bool:
    """Whether a later mention names the first one again: the same word, or a definite noun ("the attack")."""
    if d.trig.text.lower() == first.trig.text.lower():
        return True
    return d.trig.entry.pos == "noun" and bool(_BACK_REFERENCE.search(_before_trigger(d)))


def merge_same_type(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """Triggers of one type in one sentence that agree on sides and date are one event; displacement is a count
    on the sentence's attack, not an event of its own."""
    out: list[Draft] = []
    sentence: list[Draft] = []
    for d in drafts:
        if sentence and d.sent.start != sentence[0].sent.start:
            out.extend(_attach_sentence_displaced(_merge_sentence(sentence)))
            sentence = []
        sentence.append(d)
    if sentence:
        out.extend(_attach_sentence_displaced(_merge_sentence(sentence)))
    return out


def keep_specific(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    return [d for d in drafts if _specific(d)]


def keep_confident(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """A mention whose sentence names no side, date or count ("We will hold talks.") is a back-reference."""
    return [d for d in drafts if confidence(d) >= MIN_CONFIDENCE]


def drop_repeats(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """An undated mention of an event already reported in the article lends what it adds to the first."""
    kept: list[Draft] = []
    for d in drafts:
        if not _repeats(d, kept, pc.published):
            kept.append(d)
    return kept


def _armed(g: Group, text: str) -> bool:
    if not g.country or g.locative or g.reporting or g.backer:
        return False
    police = g.sector == "government" and bool(_POLICE.search(text[g.start : g.end]))
    return g.sector in ("military", "rebel") or police


def armed_side_of_the_sentence(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """Deaths told without their doer ("19 protesters were killed after the police used excessive force")
    are the doing of the armed side the same sentence names: the police, the army, an armed group, when it is
    not the victims' own side."""
    for d in drafts:
        if d.trig.entry.type != "ASSAULT" or d.actor.groups or not d.recipient.countries:
            continue
        victims = {g.start for g in d.recipient.groups}
        groups = pc.groups(d.sent)
        armed = [g for g in groups if g.start not in victims and _armed(g, pc.article.text)]
        if armed:
            d.actor = Side(armed[:1])
    return drafts


_POLICE = re.compile(r"\b(?:police|security|gendarme|troops|soldiers|army|forces)", re.I)


# Acts about another's act: what is condemned or rejected was done by someone ("condemned the attacks").
ABOUT_AN_ACT = frozenset({"ACCUSE", "REJECT"})
_OBJECT_WINDOW = 60
_CLAIM_WORDS = re.compile(r"\b(?:charges?|claims?|accusations?|allegations?|findings)\b", re.I)


def doer_of_the_act_named(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """A condemnation or a rejection whose sentence names the act it is about but not who did it ("the
    attacks were condemned by the Pakistani leadership", "rejected the allegations") is addressed to the doer of
    that act as the article told it last (the attacker of the latest attack, the accuser of the latest
    accusation). The sentence refers to that act, so the side comes from it, not from the article at large."""
    text = pc.article.text
    for i, d in enumerate(drafts):
        if d.trig.entry.type not in ABOUT_AN_ACT or d.recipient.countries:
            continue
        if d.trig.passive:
            window = text[max(d.sent.start, d.trig.start - _OBJECT_WINDOW) : d.trig.start]
        else:
            window = text[d.trig.end : min(d.sent.end, d.trig.end + _OBJECT_WINDOW)]
        kinds = act_kinds(window) - {d.trig.entry.type}
        if d.trig.entry.type == "REJECT" and _CLAIM_WORDS.search(window):
            kinds.add("ACCUSE")  # "rejected the charge": the accuser's
        own = set(d.actor.countries)
        doer = next(
            (e for e in reversed(drafts[:i]) if e.trig.entry.type in kinds and e.actor.countries
             and not set(e.actor.countries) <= own),
            None,
        )  # fmt: skip
        if doer is not None:
            d.recipient = Side([*d.recipient.groups, *(g for g in doer.actor.groups if g.country)])
    return drafts


def speaker_threatens(drafts: list[Draft], pc: PassContext) -> list[Draft]:
    """A threat or an accusation told as speech ("the Guards warned that any US counter-attack would meet a
    crushing response", "Biden told the assembly that Russia had violated the charter") is its speaker's, the
    side just before the nearest verb of saying, and it is aimed at the first other country after that verb, if
    one. One told by its own verb ("X threatened Y", "X accused Y") keeps the sides its parse gave."""
    text = pc.article.text
    for d in drafts:
        if d.trig.entry.type not in ("THREATEN", "ACCUSE"):
            continue
        if not d.trig.entry.flags & {"conditional", "speech"}:
            if not d.actor.countries and d.source.countries:
                d.actor = d.source
            continue
        groups = [g for g in pc.groups(d.sent) if g.country and not g.locative and not g.backer]
        says = list(SPEECH_VERB.finditer(text, d.sent.start, d.trig.start))
        cut = says[-1].start() if says else d.trig.start
        # a speaker is named: a country, a capital, a person, an organisation, or "the ministry" with its country
        speakers = [
            g for g in groups if g.end <= cut and any(m.kind != "term" or m.sector == "government" for m in g.mentions)
        ]
        if not speakers:
            d.actor, d.recipient = Side(), Side()  # "he said ...": no speaker the sentence names
            continue
        # the subject of the verb of saying: the first side of its clause, else of the sentence ("Hezbollah
        # blamed Israel ... and promised it would ...")
        clause_start, _ = clause_bounds(text, d.sent, cut)
        in_clause = [g for g in speakers if g.start >= clause_start]
        speaker = in_clause[0] if in_clause else speakers[0]
        d.actor = Side([speaker])
        d.recipient = Side([g for g in groups if g.start >= cut and g.country != speaker.country][:1])
    return drafts


# The passes in order: merge one sentence's triggers, complete the sides, then keep what is an event.
PASSES: tuple[Pass, ...] = (
    merge_same_type,
    resolve_pairs,
    fill_dyads,
    target_from_place,
    armed_side_of_the_sentence,
    doer_of_the_act_named,
    speaker_threatens,
    domestic_sides,
    keep_specific,
    keep_confident,
    drop_repeats,
)


def run_passes(drafts: list[Draft], pc: PassContext, passes: tuple[Pass, ...] = PASSES) -> list[Draft]:
    for step in passes:
        drafts = step(drafts, pc)
    return drafts
