"""An article's sketch: what decides, from the article alone, which other articles it copies or shares a story with.

Two MinHash signatures (``datasketch``), a key of the body's words and the keys of the names it holds:
- copy: word 5-gram shingles of the body. Byte-identical folded bodies share ``body_key``; near copies share most
  shingles (estimated Jaccard of ``COPY_THRESHOLD`` and more);
- story: content words (no function words, no numbers) plus the article's people and organisations, places and
  day-precise dates. Reports of one story by different outlets share few 5-grams but many names, places and days.

The signatures travel on the enriched topic as base64 of their 32-bit values, so a sink compares articles from
any worker. ``band_keys`` and ``query_keys`` find the candidates worth comparing, few enough to look up in an index:
- copies share a band of the copy signature (8 bands of 4 values: a pair at J = 0.8 shares one with probability
  0.985), or the body key;
- stories share a name in the same fortnight: reports of one story name the same people and places, and they
  are at most a week apart (``grouping.STORY_WINDOW``), so an article looks in its own fortnight and the one on
  its nearer side. An article that names nobody and no place is found only through its copies.
Every candidate is then checked against the thresholds on its estimated Jaccard.
"""

from __future__ import annotations

import base64
import datetime as dt
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
COPY_BANDS = (8, 4)  # (bands, rows)
MAX_NAMES = 8
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


def _key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def sketch_of(body: str, names: Iterable[str] = ()) -> StorySketch:
    names = sorted(set(names))
    body_key = hashlib.sha256(" ".join(_words(body)).encode("utf-8")).hexdigest()[:32]
    return StorySketch(
        body_key=body_key,
        copy_minhash=_signature(copy_shingles(body)),
        story_minhash=_signature(story_features(body, names)),
        # the names, not the days (every article of a day names it); the smallest hashes, as a bottom-k sketch keeps
        # what two sets share
        name_keys=sorted(_key(n) for n in names if not n.startswith("D:"))[:MAX_NAMES],
    )


# Enough for a batch and its candidates, each compared with many; not every signature a long-running process met.
@lru_cache(maxsize=4096)
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


_UNDATED = -1
_FORTNIGHT = 14


def _fortnights(published: dt.date | None, *, looking: bool) -> list[int]:
    """The fortnight an article is stored under; looking, also the one on its nearer side (a week either way
    never reaches further)."""
    if published is None:
        return [_UNDATED]
    day = published.toordinal()
    own = day // _FORTNIGHT
    if not looking:
        return [own]
    return [own, own - 1 if day % _FORTNIGHT < _FORTNIGHT // 2 else own + 1]


def _name_bands(sketch: StorySketch, fortnights: list[int]) -> list[int]:
    return [_key(f"{f}:{k}") for f in fortnights for k in sketch.name_keys]


def band_keys(sketch: StorySketch, published: dt.date | None) -> list[int]:
    """The keys an article is stored under: its copy bands and its names in its fortnight (signed 64-bit)."""
    return _bands(sketch.copy_minhash, 1, *COPY_BANDS) + _name_bands(sketch, _fortnights(published, looking=False))


def query_keys(sketch: StorySketch, published: dt.date | None) -> list[int]:
    """The keys an article looks for: its copy bands, and its names in its fortnight and the nearer one."""
    return _bands(sketch.copy_minhash, 1, *COPY_BANDS) + _name_bands(sketch, _fortnights(published, looking=True))
