"""Who does it, to whom, and who says so: dependency patterns over a spaCy parse of the trigger sentences.

The parse covers only the sentences with trigger words (``services.enricher.nlp.parse_spans``): the model runs on
what the extractor reads. Each pattern gives character ranges (the tokens of a noun phrase, its coordinated
conjuncts included, its relative clauses and locative phrases left out); ``parties`` maps them onto the side
phrases it built from the article's entities.

Verb triggers:

- active: ``nsubj`` acts, ``dobj`` (else a ``with``/``on``/``against`` object) receives; a verb without its own
  subject takes the one of the verb it hangs from (``xcomp`` "agreed to meet", ``conj`` "held talks and agreed",
  participle ``advcl`` "..., killing three"), a relative clause's the noun it modifies;
- passive (``nsubjpass``/``auxpass``, or a participle modifying a noun, "a zone agreed by X"): the subject, or the
  modified noun, receives; the ``agent`` ("by X") acts, also when it hangs from the noun of a ``prep``
  ("were killed in attacks by X").

Noun triggers ("the attack on Feb. 3", "talks in Ankara"): the possessor ("their shelling", "the regime's
offensive") or a nationality modifier ("Russian-Turkish consultations", "regime forces attacks") or "by X" acts;
"between X and Y" gives both sides; "with/on/against X" receives; otherwise the subject of the verb the noun is the
object of ("officials held three hours of talks", "Turkey emphasized ... during talks with X").

Reported speech: a trigger inside the complement of a reporting verb ("said", "told", "announced", ...) or in a
sentence with "according to X" has that speaker as its source, not as a side; a pronoun subject of the reported
clause ("Pakistan said it had shot down ...") is the speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from services.enricher.text import MONTHS, WEEKDAYS
from services.extractor.pos import pos_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Range = tuple[int, int]

REPORT_VERBS = frozenset(
    {
        "said", "says", "say", "told", "tells", "tell", "added", "adds", "stated", "states", "claimed", "claims",
        "noted", "notes", "stressed", "stresses", "reported", "reports", "announced", "announces", "confirmed",
        "confirms", "insisted", "insists", "warned", "warns", "wrote", "writes", "quoted", "explained", "explains",
        "emphasized", "emphasised", "underlined", "asserted", "alleged", "argued", "acknowledged", "admitted",
    }
)  # fmt: skip
# Light verbs whose object noun is the event and whose subject is its actor: "held talks", "launched an attack".
_PHRASE_DEPS = frozenset(
    {"amod", "compound", "poss", "nmod", "det", "nummod", "quantmod", "conj", "cc", "case", "appos", "punct", "pobj"}
)
_AFFILIATION_PREPS = frozenset({"of", "from"})
_RECIPIENT_PREPS = frozenset({"with", "on", "against", "at", "toward", "towards", "upon", "targeting"})
_SUBJ = frozenset({"nsubj", "csubj"})
_PASS_SUBJ = frozenset({"nsubjpass", "csubjpass"})
_INHERIT = frozenset({"xcomp", "conj", "advcl", "pcomp"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i", "you"})
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_TIME_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS) | {
    "day", "days", "night", "morning", "evening", "afternoon", "week", "weekend", "month", "year", "today",
    "tonight", "occasion", "sidelines",
}  # fmt: skip


@dataclass(slots=True)
class DepArgs:
    """What the parse says about a trigger: the phrases of each role (character ranges)."""

    actor: list[Range] = field(default_factory=list)
    recipient: list[Range] = field(default_factory=list)
    actor_alt: list[Range] = field(default_factory=list)  # a noun's governing subject, when its modifiers name none
    recipient_alt: list[Range] = field(default_factory=list)  # where the object names no side: see _indirect_party
    source: list[Range] = field(default_factory=list)
    actor_pronoun: bool = False  # the subject is a pronoun: its antecedent is resolved elsewhere
    source_is_actor: bool = False  # "X said it had ...": the pronoun is the speaker
    source_is_recipient: bool = False  # "no consensus with the visiting delegation, X said": X hosts
    between: bool = False  # "talks between X and Y": the first conjunct acts, the others receive
    passive: bool = False
    verbal: bool = False


def doc_for(text: str, spans: Sequence[Range]) -> Doc | None:
    """``text`` with a dependency parse over ``spans`` (the sentences with trigger words); None when there is
    nothing to parse, or no model (the surface rules alone then)."""
    if not spans:
        return None
    try:
        from services.enricher.nlp import parse_spans

        return parse_spans(text, spans)
    except Exception:  # no model: the surface rules alone
        return None


def trigger_token(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    # "call between", "strike on", "fired rockets": the head of the words, not a trailing preposition.
    root = span.root
    return root


def _range(tok: Token) -> Range:
    return tok.idx, tok.idx + len(tok.text)


def phrase(tok: Token) -> list[Range]:
    """The noun phrase ``tok`` heads: modifiers, possessors, conjuncts, "officials from X"; not its relative
    clauses, participles or locative phrases."""
    out = [_range(tok)]
    for c in tok.children:
        if c.dep_ in _PHRASE_DEPS or (c.dep_ == "prep" and c.lower_ in _AFFILIATION_PREPS):
            out.extend(phrase(c))
    return out


def _is_verb(tok: Token) -> bool:
    return tok.tag_.startswith("VB") or pos_of(tok) in ("VERB", "AUX")


def _passive(tok: Token) -> bool:
    if any(c.dep_ in _PASS_SUBJ or c.dep_ == "auxpass" for c in tok.children):
        return True
    return tok.dep_ == "acl" and tok.tag_ == "VBN"


def _agent(tok: Token) -> Token | None:
    """ "by X" on the verb, or on the noun of one of its prepositional phrases ("killed in attacks by X")."""
    for c in tok.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "by"):
            for noun in c.children:
                if noun.dep_ == "pobj":
                    for p in noun.children:
                        if p.dep_ == "prep" and p.lower_ == "by":
                            obj = next((g for g in p.children if g.dep_ == "pobj"), None)
                            if obj is not None:
                                return obj
    return None


def _subject(tok: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """(subject, whether it is a passive subject) of a verb, inherited from the verb it depends on."""
    for c in tok.children:
        if c.dep_ in _SUBJ:
            if c.lower_ in _RELATIVE and tok.dep_ == "relcl":
                return tok.head, False
            return c, False
    for c in tok.children:
        if c.dep_ in _PASS_SUBJ:
            return c, True
    if depth > 3:
        return None, False
    if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ == "VBG"):
        return tok.head, False  # "forces that shelled", "forces launching attacks"
    if tok.dep_ in _INHERIT and _is_verb(tok.head):
        subj, passive = _subject(tok.head, depth + 1)
        # a participle after a passive clause ("were killed, prompting ...") does not act through its victims
        return (None, False) if passive and tok.dep_ == "advcl" else (subj, passive)
    return None, False


def _object(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "attr") and pos_of(c) in ("NOUN", "PROPN", "PRON"):
            return c
    return None


def _prep_object(tok: Token, preps: frozenset[str]) -> Token | None:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            # "on Saturday" is when, not whom (the parse runs without the entity recogniser: read the word)
            if obj is not None and obj.ent_type_ not in ("DATE", "TIME") and obj.lower_ not in _TIME_WORDS:
                return obj
    return None


def _between(tok: Token) -> Token | None:
    return _prep_object(tok, frozenset({"between", "among"}))


def _noun_actor(tok: Token) -> list[Range]:
    """Possessor, nationality or actor modifiers of an event noun: "their shelling", "Russian-Turkish talks"."""
    out: list[Range] = []
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i):
            out.extend(phrase(c))
    return out


def _governing_subject(tok: Token) -> tuple[Token | None, bool]:
    """The subject of the verb an event noun is the object of: "officials held three hours of talks"."""
    cur = tok
    for _ in range(4):
        dep, head = cur.dep_, cur.head
        if dep == "pobj" and head.dep_ == "prep":
            cur = head.head
            if _is_verb(cur):
                return _subject(cur)
            continue
        if dep in ("dobj", "attr", "nsubjpass") and _is_verb(head):
            return _subject(head)
        if dep in ("conj", "appos", "compound"):
            cur = head
            continue
        return None, False
    return None, False


def _host(noun: Token) -> Token | None:
    """Who a participant named after "with" meets: the actor of the event noun or verb the phrase hangs from."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "with":
        return None
    head = noun.head.head
    if _is_verb(head):
        subj, passive = _subject(head)
        return None if passive or subj is None or subj.lower_ in _PRONOUNS else subj
    owner = next((c for c in head.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    subj, passive = _governing_subject(head)
    return None if passive or subj is None or subj.lower_ in _PRONOUNS else subj


def _reported(tok: Token) -> tuple[Token | None, Token | None]:
    """(speaker, the verb that reports) when ``tok`` stands in what a reporting verb reports."""
    cur = tok
    for _ in range(8):
        head = cur.head
        if head is cur:
            break
        if head.lower_ in REPORT_VERBS and cur.dep_ in ("ccomp", "parataxis", "xcomp", "conj", "advcl"):
            subj = next((c for c in head.children if c.dep_ in _SUBJ), None)
            if subj is not None:
                return subj, head
        if cur.dep_ in ("ROOT",):
            break
        cur = head
    # "X killed ..., Y said": the report may hang from the trigger's clause as a parataxis or ccomp child.
    root = tok
    while root.dep_ != "ROOT" and root.head is not root:
        root = root.head
    for c in root.children:
        if c.lower_ in REPORT_VERBS and c.dep_ in ("parataxis", "ccomp", "advcl") and c.i > tok.i:
            subj = next((g for g in c.children if g.dep_ in _SUBJ), None)
            if subj is not None:
                return subj, c
    return None, None


def _according_to(tok: Token) -> Token | None:
    for t in tok.sent:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            if to is not None:
                obj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return None


_INDIRECT_PREPS = frozenset({"to", "from", "for", "into", "against", "toward", "towards"})


def _indirect_party(tok: Token, obj: Token | None) -> list[Range]:
    """Who receives when the object is a thing, not a side: the destination or origin of the verb or of its
    object ("recalled its ambassadors to X", "suspended imports from Australian abattoirs", "pledged support for
    X"), or the thing a speaker names in "condemned what it called X's provocations"."""
    out: list[Range] = []
    for owner in (tok, obj):
        if owner is None:
            continue
        target = _prep_object(owner, _INDIRECT_PREPS)
        if target is not None:
            out.extend(phrase(target))
    # "condemned what it called X's provocations": the parse hangs "what" and the thing named from "called"
    named = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if named is not None and any(c.lower_ == "what" for c in named.children):
        thing = next((c for c in named.children if c.dep_ == "oprd"), None)
        if thing is not None:
            out.extend(phrase(thing))
    return out


def _complement_party(tok: Token) -> list[Range]:
    """The party of a clause a verb takes as its object: who is asked in "demanded that China return the rifles",
    who is threatened in "warned it would strike Israeli bases" (the clause's object when its subject is the
    speaker again)."""
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return []
    subj = next((c for c in clause.children if c.dep_ in _SUBJ), None)
    if subj is None:
        return []  # "agreed to strengthen the alliances": what is agreed, not a party
    if subj.lower_ not in _PRONOUNS:
        return phrase(subj)
    obj = _object(clause) or _prep_object(clause, _RECIPIENT_PREPS)
    return phrase(obj) if obj is not None else []


def _passive_args(tok: Token, args: DepArgs) -> None:
    """The subject (or the noun a participle modifies) receives; the agent ("by X") acts."""
    agent = _agent(tok)
    subj = tok.head if tok.dep_ == "acl" else next((c for c in tok.children if c.dep_ in _PASS_SUBJ), None)
    if subj is None:
        subj, _ = _subject(tok)
    if subj is not None:
        args.recipient = phrase(subj)
    if agent is not None:
        args.actor = phrase(agent)
    elif subj is not None and (joint := _between(subj)) is not None:
        # "the patrol between Turkey and Russia was halted": they halted their joint patrol
        args.actor, args.recipient = phrase(joint), []


def _active_args(tok: Token, args: DepArgs) -> None:
    """The subject acts; the object, else a "with"/"on"/"against" object, else the party of a clause, receives."""
    subj, subj_passive = _subject(tok)
    if subj is not None and not subj_passive:
        if subj.lower_ in _PRONOUNS or any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in subj.children):
            args.actor_pronoun = True
        else:
            args.actor = phrase(subj)
    obj = _object(tok)
    target = _prep_object(tok, _RECIPIENT_PREPS)
    if obj is not None and target is None:
        # "held talks with X": the object is the event, its "with" phrase the other side
        target = _prep_object(obj, _RECIPIENT_PREPS)
        between = _between(obj)
        if between is not None and not args.actor:
            args.actor, args.between = phrase(between), True
    if obj is not None:
        args.recipient = phrase(obj)
    if target is not None:
        args.recipient = args.recipient + phrase(target)
    if obj is None and target is None:
        args.recipient = _complement_party(tok)
    args.recipient_alt = _indirect_party(tok, obj)


def _visiting_args(tok: Token, args: DepArgs) -> None:
    """ "talks with the visiting Russian delegation": the noun it modifies visits; the host is the other side of
    what it takes part in, else whoever reports it."""
    args.actor = phrase(tok.head)
    host = _host(tok.head)
    if host is not None:
        args.recipient = phrase(host)
    else:
        args.source_is_recipient = True


def _noun_agent(tok: Token) -> Token | None:
    """ "attacks by X", "an attack led by X"."""
    by = _prep_object(tok, frozenset({"by"}))
    if by is None:
        acl = next((c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
        by = _agent(acl) if acl is not None else None
    return by


def _noun_args(tok: Token, args: DepArgs) -> None:
    """An event noun: "between X and Y"; else its agent, possessor or modifiers act, its "on"/"against" object
    receives, and where the modifiers name no side, the subject of the verb it is the object of."""
    between = _between(tok)
    if between is not None:
        args.actor, args.between = phrase(between), True
        return
    by = _noun_agent(tok)
    args.actor = phrase(by) if by is not None else _noun_actor(tok)
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if by is None and owner is not None and owner.tag_ == "PRP$":
        args.actor, args.actor_pronoun = [], True  # "their shelling": the antecedent, resolved later
    target = _prep_object(tok, _RECIPIENT_PREPS)
    if target is not None:
        args.recipient = phrase(target)
    if owner is not None or by is not None:
        return
    # the modifiers may name no side ("frequent attacks"): the subject of the governing verb then
    subj, subj_passive = _governing_subject(tok)
    if subj is None:
        return
    if subj.lower_ in _PRONOUNS:
        args.actor_pronoun = not subj_passive and not args.actor
    elif subj_passive:
        args.recipient = args.recipient or phrase(subj)  # "soldiers were killed in attacks"
    else:
        args.actor_alt = phrase(subj)


def dep_args(doc: Doc, start: int, end: int, *, reporting_trigger: bool = False) -> DepArgs | None:
    """The roles the parse gives the trigger at [start, end), or None when it cannot be placed in the parse."""
    tok = trigger_token(doc, start, end)
    if tok is None:
        return None
    args = DepArgs()
    if _is_verb(tok) and tok.dep_ != "amod":
        args.verbal = True
        args.passive = _passive(tok)
        (_passive_args if args.passive else _active_args)(tok, args)
    elif tok.dep_ == "amod" and tok.tag_ in ("VBG",):
        _visiting_args(tok, args)
    else:
        _noun_args(tok, args)
    if not reporting_trigger:
        speaker, _verb = _reported(tok)
        if speaker is None:
            speaker = _according_to(tok)
        if speaker is not None and speaker.i != tok.i:
            args.source = phrase(speaker)
            if args.actor_pronoun:
                args.source_is_actor = True
    return args


_FAILED_HEADS = frozenset({"failed", "fail", "fails", "collapsed", "stalled", "foundered", "broke"})


def failed_by_head(doc: Doc, start: int, end: int) -> bool:
    """ "the talks on Sunday had failed", "talks collapsed": an event noun that is the subject of a verb of failure."""
    tok = trigger_token(doc, start, end)
    if tok is None or _is_verb(tok):
        return False
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lower_ in _FAILED_HEADS
