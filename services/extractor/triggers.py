"""Event triggers in a sentence: dictionary words (``data/verbs.tsv``) that pass their context checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.common.sentences import Span, clause_bounds
from services.extractor.lexicon import TriggerEntry, actor_pattern, actor_terms, form_of, trigger_pattern, triggers

# Nouns that only name an earlier or background instance: "despite agreements", "after the attack on Feb. 3".
_REFERENCE_BEFORE = re.compile(
    r"\b(?:despite|under|framework\s+of|implementation\s+of|implement|implementing|terms\s+of|violations?\s+of|"
    r"breach\s+of|part\s+of|following|after|in\s+the\s+wake\s+of|in\s+retaliation\s+for|in\s+response\s+to|"
    r"due\s+to|owing\s+to|because\s+of|amid|stop|stopping|halt|halting|prevent|preventing|end|ending|flouting|"
    r"violating|violated|breaking|broke|broken|breached|honou?r|respect|respecting|cancell?ed|cancel|suspended|"
    r"suspend|postponed|called\s+off|eas(?:e|ed|es|ing)|lift(?:ed|s|ing)?|relax(?:ed|es|ing)?|scrap(?:ped|s|ping)?|"
    r"condemn(?:ed|s|ing)?|denounc(?:e|ed|es|ing))\s+"
    r"(?:[\w'’-]+\s+){0,7}$",
    re.I,
)
# What a trigger flagged ``object`` must be about, by type: a cut in relations ("canceled a joint patrol", not
# "halt a crisis"), aid ("pledged $50 million", not "pledged to hold elections"), a concession ("lifted the
# curfew"), a threat ("warned it would respond", not "warned of floods").
OBJECTS = {
    "SANCTION": re.compile(
        r"\b(?:patrols?|talks|meetings?|visits?|cooperation|relations|ties|aid|flights|trade|exercises?|drills?|"
        r"agreements?|deals?|contracts?|summit|negotiations|operations|program(?:me)?s?|projects?|sales|deliveries|"
        r"imports|exports|embassy|ambassador|diplomats?|assets|accounts|funds|funding|membership|treaty)\b",
        re.I,
    ),
    "AID": re.compile(
        r"(?:[$€£]\s?\d|\b(?:aid|assistance|relief|humanitarian|vaccines?|doses|food|supplies|medicine|tents|"
        r"weapons|arms|ammunition|missiles|tanks|loans?|grants?|funding|donations?|million|billion)\b)",
        re.I,
    ),
    "CONCEDE": re.compile(
        r"\b(?:sanctions|curfew|ban|restrictions|blockade|embargo|lockdown|siege|state\s+of\s+emergency|"
        r"martial\s+law|tariffs|suspension|decree|bill|law|tax|measures?|order)\b",
        re.I,
    ),
    "ASSAULT": re.compile(
        r"\b(?:vessels?|ships?|boats?|tankers?|patrol|coast\s+guard|missiles?|rockets?|drones?|shells?|mortars?|bullets|shots|projectiles|artillery|grenades?|"
        r"salvos?|barrage|torpedo(?:es)?|bombs?|warning\s+shots)\b",
        re.I,
    ),
    "REJECT": re.compile(
        r"\b(?:claims?|reports?|allegations?|accusations?|charges?|involvement|responsibility|role|wrongdoing|"
        r"the\s+accusation|any\s+link|links?)\b",
        re.I,
    ),
    "SUPPORT": re.compile(
        r"\bas\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:president|leader|government|state|representative)", re.I
    ),
    "CONSULT": re.compile(
        r"^\s*(?:(?:the|a|an|his|her|its|their)\s+)?(?:[\w'’-]+\s+){0,3}?(?:talks|summit|meeting|delegations?|"
        r"counterparts?|president|prime\s+minister|minister|leaders?|king|chancellor|envoy|visit|conference|"
        r"[A-Z][a-z]+\s+[A-Z][a-z]+)",
    ),
    "REQUEST": re.compile(r"^\s*(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,5}?(?:to|not\s+to|for)\b", re.I),
    "THREATEN": re.compile(
        r"(?:\b(?:would|will|could|might|is\s+ready\s+to|was\s+ready\s+to)\s+(?:\w+\s+){0,3}?"
        r"(?:respond|retaliate|hit|strike|attack|act|pay|face|take|use|destroy|target|punish)|"
        r"\bof\s+(?:a\s+|an\s+)?(?:\w+\s+)?(?:retaliation|consequences|response|reprisals?|action|war|attack)\b)",
        re.I,
    ),
}
# Forms that are another word in this context: "deal with", "a sign of", "released a statement".
_NOT_FOLLOWED = {
    "deal": re.compile(r"^\s+with\b", re.I),
    "sign": re.compile(r"^\s+of\b", re.I),
    "signs": re.compile(r"^\s+of\b", re.I),
    "meeting": re.compile(r"^\s+(?:the\s+)?(?:needs|demands|expectations|requirements|targets)\b", re.I),
    "offensive": re.compile(r"^\s+(?:weapons|arms|capabilit)", re.I),
    "host": re.compile(r"^\s+(?:of|country)\b", re.I),
    "released": re.compile(
        r"^\s+(?:(?:a|an|the|its|their|his|her|new)\s+)?(?:\w+\s+)?(?:statement|report|video|data|figures|footage|"
        r"list|details|photos?|images|results|budget|album|film|book|findings|recording|document|guidelines|plan)",
        re.I,
    ),
    "dead": re.compile(r"^\s+(?:end|heat|body|bodies)\b", re.I),
    "thanks": re.compile(r"^\s+to\b", re.I),
    "charged": re.compile(r"^\s+(?:into|at|towards?|through|up|down|across)\b", re.I),  # a charge, not a charge sheet
}
_NOT_FOLLOWED["releases"] = _NOT_FOLLOWED["released"]
# "struck a long-sought agreement", "struck a security pact": a deal struck, not a strike (its noun is AGREE's)
_NOT_FOLLOWED["struck"] = re.compile(
    r"^\s+(?:(?:a|an|the|its|their)\s+)?(?:[\w'’-]+\s+){0,3}?(?:deal|agreement|accord|pact|treaty|bargain|"
    r"compromise|truce|ceasefire|cease-fire|balance|chord|note|tone|pose|match)s?\b",
    re.I,
)
# A force of nature or an accident does not attack: "an earthquake struck", "the storm-struck coast".
_NATURE_BEFORE = re.compile(
    r"\b(?:earthquake|quake|storm|cyclone|typhoon|hurricane|flood(?:s|ing)?|fire|wildfire|disease|virus|pandemic|"
    r"lightning|tornado|drought|tsunami|landslide|heatwave|crisis|inflation|recession|accident|crash)s?"
    r"(?:\s+(?:that|which|has|had|have))?\s*[-\s]?$",
    re.I,
)
# Deaths in an accident or a disaster are no attack: "a jet crashed after take-off, killing all 176 on board".
_ACCIDENT_BEFORE = re.compile(
    r"\b(?:crash(?:ed|es)?|collided|collision|capsized|sank|derailed|collapsed|earthquake|quake|storm|floods?|"
    r"flooding|landslides?|cyclone|typhoon|hurricane|heatwave|accident|stampede|blaze)\b(?:\W+\w+){0,12}\W*$",
    re.I,
)
# An attack on an idea is a figure of speech: "attacking our freedoms", "attacked the reforms".
_ABSTRACT_AFTER = re.compile(
    r"^\s+(?:(?:our|their|the|his|her|its|my|your)\s+)?(?:\w+\s+)?(?:freedoms?|democracy|rights|constitution|"
    r"judiciary|institutions|reputation|policy|policies|plans?|bill|decision|record|credibility|reforms?|"
    r"proposals?|budget|press|media|values|integrity|legacy|character|ideas?|remarks|comments|statement)\b",
    re.I,
)
# What makes a response, a punishment or force a threat: a modal or a vow before it in the sentence.
_THREAT_BEFORE = re.compile(
    r"\b(?:would|will|could|might|shall|vow(?:ed|s)?|promis(?:ed|es)|pledg(?:ed|es)|threaten(?:ed|s)?|warn(?:ed|s)?|"
    r"ready\s+to|prepared\s+to|not\s+hesitate\s+to)\b",
    re.I,
)
# What makes "aggression" or "violated" an accusation: someone says it, earlier in the sentence.
SPEECH_VERB = re.compile(
    r"\b(?:said|says|say|claimed|claims|alleged|alleges|accused|accuses|charged|insisted|described|called|"
    r"labell?ed|branded|denounced|condemned|blamed|statement|told|warned|warns|vowed|promised|threatened)\b",
    re.I,
)
_BY_AFTER = re.compile(r"^\s+by\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+|not\s+)?$", re.I)


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    text: str
    entry: TriggerEntry
    passive: bool


def find_triggers(text: str, sent: Span) -> list[Trigger]:
    out: list[Trigger] = []
    table = triggers()
    for m in trigger_pattern().finditer(text, sent.start, sent.end):
        form = form_of(m.group())
        entry = table.get(form)
        if entry is None:
            continue
        before = text[max(sent.start, m.start() - 80) : m.start()]
        after = text[m.end() : min(sent.end, m.end() + 80)]
        if form in _NOT_FOLLOWED and _NOT_FOLLOWED[form].match(after):
            continue
        if m.start() > 0 and text[m.start() - 1] == "-":
            continue  # one half of a compound adjective: "Iran-backed", "Saudi-led", "storm-struck"
        if entry.type == "ASSAULT" and (_NATURE_BEFORE.search(before) or _ABSTRACT_AFTER.match(after)):
            continue
        if entry.flags & {"kill", "injure", "displace"} and _ACCIDENT_BEFORE.search(before):
            continue
        if "reference" in entry.flags and _REFERENCE_BEFORE.search(before):
            continue
        passive = bool(_PASSIVE_BEFORE.search(before)) or bool(_BY_AFTER.match(after))
        if passive and entry.type == "CONSULT" and entry.pos == "verb" and not _BY_AFTER.match(after):
            continue  # "the demands are not met": met, not a meeting
        # "32 fighters died", "1,000 people fled": the subject is the one it happens to, as a passive's is
        passive = passive or "count_before" in entry.flags
        if "conditional" in entry.flags and not _THREAT_BEFORE.search(before):
            continue
        if "speech" in entry.flags and not SPEECH_VERB.search(text, sent.start, m.start()):
            continue
        if "object" in entry.flags and not _has_object(entry.type, before, after, passive):
            continue
        if "military" in entry.flags and not _military_subject(text, sent, m.start()):
            continue
        out.append(Trigger(m.start(), m.end(), m.group(), entry, passive and entry.pos == "verb"))
    return out


def _has_object(kind: str, before: str, after: str, passive: bool) -> bool:
    """The thing acted on: the object after an active verb, the subject before a passive one (a few words away)."""
    window = " ".join(before.split()[-8:]) if passive else " ".join(after.split()[:8])
    pattern = OBJECTS.get(kind)
    return pattern is None or bool(pattern.search(window))


def _military_subject(text: str, sent: Span, pos: int) -> bool:
    """Whether an armed group acts in the clause before ``pos``: "Syrian forces entered ..."."""
    start, _ = clause_bounds(text, sent, pos)
    terms = actor_terms()
    for m in actor_pattern().finditer(text, start, pos):
        term = terms.get(form_of(m.group()))
        if term is not None and term.sector in ("military", "rebel"):
            return True
    return False


def act_kinds(words: str) -> set[str]:
    """The event types the dictionary's forms in ``words`` name, without their context checks: what a sentence
    is about ("... condemned the attacks" is about an ASSAULT)."""
    table = triggers()
    return {
        table[f].type
        for m in trigger_pattern().finditer(words)
        if (f := form_of(m.group())) in table
    }
