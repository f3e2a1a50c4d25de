"""An article's sketch: what decides, from the article alone, which other articles it copies or shares a story with.

Two MinHash signatures (``datasketch``) and a key of the body's words:
- copy: word 5-gram shingles of the body. Byte-identical folded bodies share ``body_key``; near copies share most
  shingles (estimated Jaccard of ``COPY_THRESHOLD`` and more);
- story: content words (no function words, no numbers) plus the article's people and organisations, places and
  day-precise dates. Reports of one story by different outlets share few 5-grams but many names, places and days.

The signatures travel on the enriched topic as base64 of their 32-bit values, so a sink compares articles from
any worker. ``band_keys`` are the locality-sensitive hashing bands that find the candidates worth comparing: a
band is ``rows`` values hashed together, and two articles share one with probability 1 - (1 - J^rows)^bands.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from schemas.records import StorySketch
from services.enricher.text import FUNCTION_WORDS, fold

NUM_PERM = 128
SHINGLE = 5
COPY_THRESHOLD = 0.8
STORY_THRESHOLD = 0.2
# (bands, rows): at the threshold a pair shares a band with probability 0.95 (copies, J = 0.8) and 0.93 (stories,
# J = 0.2), at J = 0.3 with 0.998; every candidate is checked against the threshold on its estimated Jaccard.
COPY_BANDS = (16, 8)
STORY_BANDS = (64, 2)
_WORD = re.compile(r"[^\W_]+")


def _words(body: str) -> list[str]:
    return _WORD.findall(fold(body))


def copy_shingles(body: str) -> set[str]:
    words = _words(body)
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def story_features(body: str, names: Iterable[str] = ()) -> set[str]:
    """Content words of the body, plus ``names``: entity ids, places, dates (already prefixed by the caller)."""
    feats = {w for w in _words(body) if len(w) > 2 and not w.isdigit() and w not in FUNCTION_WORDS}
    feats.update(names)
    return feats


def _signature(items: set[str]) -> str:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([s.encode("utf-8") for s in sorted(items)])
    return base64.b64encode(np.asarray(m.hashvalues, dtype="<u4").tobytes()).decode("ascii")


def sketch_of(body: str, names: Iterable[str] = ()) -> StorySketch:
    body_key = hashlib.sha256(" ".join(_words(body)).encode("utf-8")).hexdigest()[:32]
    return StorySketch(
        body_key=body_key,
        copy_minhash=_signature(copy_shingles(body)),
        story_minhash=_signature(story_features(body, names)),
    )


@lru_cache(maxsize=65536)
def values(signature: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(signature), dtype="<u4")


def jaccard(a: str, b: str) -> float:
    """Estimated Jaccard of two signatures: the share of their values that agree."""
    va, vb = values(a), values(b)
    return float(np.count_nonzero(va == vb)) / len(va) if len(va) == len(vb) and len(va) else 0.0


def _bands(signature: str, kind: int, bands: int, rows: int) -> list[int]:
    v = values(signature)
    out = []
    for i in range(bands):
        digest = hashlib.blake2b(v[i * rows : (i + 1) * rows].tobytes(), digest_size=8, person=bytes([kind, i % 256]))
        out.append(int.from_bytes(digest.digest(), "little", signed=True))
    return out


def band_keys(sketch: StorySketch) -> list[int]:
    """The copy and story bands of a sketch, as signed 64-bit keys (a Postgres bigint[] with a GIN index)."""
    return _bands(sketch.copy_minhash, 1, *COPY_BANDS) + _bands(sketch.story_minhash, 2, *STORY_BANDS)
