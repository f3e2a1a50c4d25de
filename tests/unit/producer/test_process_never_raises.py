"""Property: whatever text (or bytes) a file holds, ``process`` (read, clean, enrich, extract) never raises: each
file yields an article or an error object with a reason, as the stream yields a record or a dead letter."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.pipeline import process_paths

REASONS = {"empty_file", "binary_file", "undecodable_text", "too_large", "too_long", "no_article", "processing_error"}

news_words = st.sampled_from(
    ["Turkey", "Russia", "Idlib", "said", "killed", "12", "soldiers", "on", "Monday", "talks", "in", "Ankara",
     "\n", "\n\n", ".", ",", "“", "”", "-", "2020", "Feb.", "the", "Erdoğan", "Путин", "<p>", "</p>", "&amp;"]
)  # fmt: skip
texts = st.one_of(
    st.text(max_size=3000),
    st.lists(news_words, max_size=400).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=500).map(lambda t: "Title\n\n" + t),
)


def _process(data: bytes, suffix: str) -> list[dict]:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        return list(process_paths([path], max_bytes=1 << 20))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, suffix=st.sampled_from([".txt", ".html"]))
def test_random_text_never_raises(text: str, suffix: str) -> None:
    [out] = _process(text.encode("utf-8", errors="surrogatepass"), suffix)
    if "error" in out:
        assert out["error"]["reason"] in REASONS
        assert out["error"]["reason"] != "processing_error", out["error"]["message"]
    else:
        assert isinstance(out["article"]["body"], str) and isinstance(out["events"], list)


@settings(max_examples=30, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_raise(data: bytes) -> None:
    [out] = _process(data, ".txt")
    assert "error" not in out or out["error"]["reason"] != "processing_error", out["error"]["message"]
