"""Coarse part of speech (``token.pos_``) for the few tokens the extractor asks about, without running the model's
``attribute_ruler`` over every token of every article.

In ``en_core_web_sm`` the attribute ruler maps fine tags (and some word/dependency exceptions) to coarse POS,
morphology and lemmas with a ``Matcher`` of ~180 patterns over the whole Doc: about a seventh of the model's time.
Nothing in the project reads morphology or lemmas, and the extractor reads ``pos_`` of a handful of tokens per
trigger, so the enricher leaves the ruler disabled (``nlp.py``) and ``pos_of`` applies the ruler's own POS patterns
to one token on demand, with the ruler's precedence (the last pattern added wins). The answer is the ruler's: if a
pattern uses a feature this module does not read, the real ruler runs on the Doc once and ``token.pos_`` is used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_FEATURES = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
    "ORTH": lambda t: t.text,
}


@dataclass(frozen=True)
class _NotIn:
    values: frozenset[Any]


@dataclass(frozen=True)
class _Rule:
    window: tuple[tuple[tuple[str, Any], ...], ...]  # per token: (feature, wanted value or set)
    index: int  # which token of the window gets the POS (may be negative)
    pos: str


def _token_matches(tok: Token, preds: tuple[tuple[str, Any], ...]) -> bool:
    for feature, wanted in preds:
        value = _FEATURES[feature](tok)
        if isinstance(wanted, _NotIn):
            if value in wanted.values:
                return False
        elif isinstance(wanted, frozenset):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


class PosRules:
    def __init__(self, patterns: list[dict[str, Any]]) -> None:
        rules: list[_Rule] = []
        self.exact = True
        for pattern in patterns:  # in the ruler's order: a later pattern has precedence
            pos = pattern["attrs"].get("POS")
            if pos is None:
                continue
            for alternative in pattern["patterns"]:
                window = []
                for spec in alternative:
                    preds = []
                    for feature, wanted in spec.items():
                        if feature not in _FEATURES:
                            self.exact = False
                            continue
                        if isinstance(wanted, dict):
                            if set(wanted) == {"IN"}:
                                wanted = frozenset(wanted["IN"])
                            elif set(wanted) == {"NOT_IN"}:
                                wanted = _NotIn(frozenset(wanted["NOT_IN"]))
                            else:
                                self.exact = False
                                continue
                        preds.append((feature, wanted))
                    window.append(tuple(preds))
                rules.append(_Rule(tuple(window), int(pattern.get("index", 0)), str(pos)))
        self.rules = list(reversed(rules))
        self.by_tag: dict[str, list[_Rule]] = {}

    def _for_tag(self, tag: str) -> list[_Rule]:
        """The rules that can apply to a token of fine tag ``tag``, in precedence order (built once per tag)."""
        found = self.by_tag.get(tag)
        if found is None:
            found = self.by_tag[tag] = [r for r in self.rules if _tag_allows(r, tag)]
        return found

    def pos(self, tok: Token) -> str:
        doc = tok.doc
        for rule in self._for_tag(tok.tag_):
            n = len(rule.window)
            at = _target(rule)
            start = tok.i - at
            if start < 0 or start + n > len(doc):
                continue
            if all(_token_matches(doc[start + k], preds) for k, preds in enumerate(rule.window)):
                return rule.pos
        return ""


def _target(rule: _Rule) -> int:
    return rule.index if rule.index >= 0 else len(rule.window) + rule.index


def _tag_allows(rule: _Rule, tag: str) -> bool:
    """Whether the rule's own token may have fine tag ``tag`` (rules that name no tag allow any)."""
    for feature, wanted in rule.window[_target(rule)]:
        if feature == "TAG":
            if isinstance(wanted, _NotIn):
                return tag not in wanted.values
            return tag in wanted if isinstance(wanted, frozenset) else tag == wanted
    return True


@lru_cache(maxsize=1)
def _rules() -> PosRules | None:
    from services.enricher.nlp import load_nlp

    nlp = load_nlp()
    if "attribute_ruler" not in nlp.component_names:
        return None
    ruler: Any = nlp.get_pipe("attribute_ruler")
    return PosRules(ruler.patterns)


def _run_ruler(doc: Doc) -> None:
    if not doc.user_data.get("attribute_ruler_done"):
        from services.enricher.nlp import load_nlp

        load_nlp().get_pipe("attribute_ruler")(doc)
        doc.user_data["attribute_ruler_done"] = True


def pos_of(tok: Token) -> str:
    """``tok.pos_`` as the model's attribute ruler would set it."""
    if tok.pos_:  # the ruler ran (enabled, or by ``_run_ruler``)
        return str(tok.pos_)
    rules = _rules()
    if rules is None:
        return str(tok.pos_)
    if not rules.exact:
        _run_ruler(tok.doc)
        return str(tok.pos_)
    return rules.pos(tok)
