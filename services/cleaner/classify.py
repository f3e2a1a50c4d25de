"""Label every line of a page: title, standfirst, caption, body, or the kind of boilerplate it is.

The rules run in passes, each on what the previous left open:

1. line-local furniture (stray symbols, cookie banners, share/subscribe/footer/navigation lines), told by
   vocabulary from the data file and by shape;
2. the anchor (where running prose starts) and the title: a headline-shaped line above the page's first
   sentence, a doubled one first; lines above the title are labels, stamps or navigation;
3. the header zone between title and anchor: copies of the title, date stamps, outlet and dateline lines,
   section labels and captions. Up to two other lines followed by such a marker are the standfirst;
4. the rest, in order: a block header ("Most read", "Related", ...; or a section-prefixed teaser) opens a
   block that swallows the teaser headlines, list items and one-paragraph teaser summaries after it;
   headline-shaped lines among the paragraphs (an embedded related story's headline, often doubled) go;
   prose stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.cleaner.dates import TOP_STAMP_LINES, PrintedDate, parse_date_line
from services.cleaner.features import (
    HEADLINE_MAX_WORDS,
    LineFeatures,
    is_headline_cased_question,
    is_headline_like,
    is_label,
    is_prose,
    is_source_like,
    line_key,
)
from services.cleaner.metadata import split_dateline_source
from services.cleaner.patterns import Patterns, footer_notice
from services.cleaner.segment import Line

TITLE = "title"
STANDFIRST = "standfirst"
CAPTION = "caption"
BODY = "body"

DUPLICATE_TITLE = "duplicate_title"
PUBLICATION_DATE = "publication_date"
SECTION_LABEL = "section_label"
DATELINE = "dateline"
BYLINE = "byline"
STRAY_SYMBOL = "stray_symbol"
COOKIE_BANNER = "cookie_banner"
NAVIGATION = "navigation"
FOOTER = "footer"
READ_MORE = "read_more"
SECTION_TEASER = "section_teaser"
TEASER_BLOCK = "teaser_block"
RELATED_HEADLINE = "related_headline"
STRAY_LABEL = "stray_label"
OUTLYING_TEXT = "outlying_text"
AUTHOR_BIO = "author_bio"

# How far below the title the header zone may reach, in content lines.
HEADER_WINDOW = 12
# A standfirst is one or two lines; more unconfirmed lines mean the body has begun.
MAX_STANDFIRST_LINES = 2
MIN_STANDFIRST_WORDS = 5
TEASER_QUESTION_MAX_WORDS = 20
# Body lines further apart than this (in content lines) belong to different runs of text; a run with less than
# this share of the longest run's words is page furniture written as prose (a comment policy, an author's bio, a
# service blurb), not a part of the article.
BODY_GAP_LINES = 6
OUTLYING_SHARE = 0.25
BIO_MAX_WORDS = 60
_LEFT = re.compile(r"[^\W_]+")
# Menu vocabulary that also glues ordinary phrases together ("Skip to the content"): never enough alone.
_CONNECTORS = frozenset({"to", "the", "and", "in", "&", "x", "more", "back", "top", "open", "close", "next"})
_CRUMB_SEPARATORS = re.compile(r"\s*[|•·›»>]\s*")
_CLOSE = " \"'”’»)"
_TEASER_ENDS = ("?", "!", "…", "...")
_ASKS = ("?", "!")  # how a question or an exclamation ends
_INNER_STOP = re.compile(r"[.?!…][\"'”’)]*\s+\S")  # a sentence ends inside the line (not "U.S." or "3.5")
# A line of menu words is navigation only when short; a title-suffix ("Title - Outlet") is short too.
NAV_MAX_WORDS = 15
BYLINE_MAX_WORDS = 8
TITLE_SUFFIX_MAX_WORDS = 5
LINE_PATTERN_MAX_WORDS = 15
_TITLE_SUFFIX_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", ": ")
_HEADER_STRIP = " :|»›>-–—▼▾▸•·"


@dataclass
class Classification:
    kinds: list[str]
    title_index: int | None
    dates: dict[int, PrintedDate] = field(default_factory=dict)  # line index → printed date, for date lines


def _one_sentence_ending(f: LineFeatures, marks: tuple[str, ...]) -> bool:
    """The line is one sentence ending with one of ``marks``: no ".", "?" or "!" before its last character."""
    end = f.text.rstrip(_CLOSE)
    return end[-1:] in marks and not any(c in end[:-1] for c in ".?!")


class _Classifier:
    def __init__(
        self, lines: list[Line], feats: list[LineFeatures], patterns: Patterns, known_title: str | None
    ) -> None:
        self.lines = lines
        self.feats = feats
        self.p = patterns
        self.known_title = known_title
        self.kinds: list[str | None] = [None] * len(lines)
        self._dates: dict[int, PrintedDate | None] = {}
        self.title_key: str | None = None

    # ---- shared predicates ------------------------------------------------------------------------------
    def date_at(self, i: int) -> PrintedDate | None:
        if i not in self._dates:
            self._dates[i] = parse_date_line(self.feats[i].text, self.p)
        return self._dates[i]

    def is_caption(self, f: LineFeatures) -> bool:
        # A caption describes a picture in a sentence or more and ends with its credit.
        return f.n_words >= 4 and bool(self.p.caption.search(f.text))

    def is_byline(self, f: LineFeatures) -> bool:
        """ "By Jane Doe": a short credit naming someone (a capitalised name), printed once."""
        m = self.p.byline_prefix.match(f.text)
        if not m or f.n_words > BYLINE_MAX_WORDS or f.terminal or f.repeats > 0:
            return False
        return f.text[m.end() - 1 :][:1].isupper()

    def block_header_kind(self, f: LineFeatures) -> str | None:
        """A short line naming a block of teasers, matched whole against the data file's headers."""
        if f.n_words > 6 or f.list_item or (f.terminal and not f.text.rstrip().endswith(":")):
            return None
        norm = f.text.casefold().strip(_HEADER_STRIP)
        norm = norm.rstrip("0123456789() ").strip(_HEADER_STRIP)
        for kind, rx in self.p.block_headers:
            if rx.fullmatch(norm):
                return kind
        return None

    def is_title_copy(self, f: LineFeatures) -> bool:
        keys = {k for k in (self.title_key, self.known_title and line_key(self.known_title)) if k}
        for key in keys:
            if f.key == key or (f.rest_key == key and f.caps_prefix):
                return True
            # "Title - Outlet" / "Title | Section": the headline with a short tail.
            if f.key.startswith(key):
                tail = f.key[len(key) :]
                for sep in _TITLE_SUFFIX_SEPARATORS:
                    if tail.startswith(sep) and 0 < len(tail[len(sep) :].split()) <= TITLE_SUFFIX_MAX_WORDS:
                        return True
        return False

    def next_open(self, i: int) -> int | None:
        """The next line after i that no earlier pass has labelled."""
        for k in range(i + 1, len(self.lines)):
            if self.kinds[k] is None:
                return k
        return None

    # ---- pass 1: line-local furniture -------------------------------------------------------------------
    def local_kind(self, f: LineFeatures) -> str | None:
        if not f.has_alnum:
            return STRAY_SYMBOL
        text = f.text
        if self.p.cookie_strong.search(text) or (
            self.p.cookie_subject.search(text) and self.p.cookie_context.search(text)
        ):
            return COOKIE_BANNER
        if self.p.inline_teaser.match(text) and (not f.terminal or f.n_words <= HEADLINE_MAX_WORDS):
            return READ_MORE
        if self.p.teaser_suffix.search(text):
            return READ_MORE  # "Summary of another story. Read more"
        if (
            f.n_words <= LINE_PATTERN_MAX_WORDS
            and self.p.relative_time.search(text)
            and len(_LEFT.findall(self.p.relative_time.sub(" ", text))) <= 1
        ):
            return STRAY_LABEL  # "3 min read", "2 hours ago"
        if f.n_words <= LINE_PATTERN_MAX_WORDS:
            for kind, rx in self.p.line_patterns:
                if rx.search(text):
                    return kind
        if footer_notice(self.p, text):
            return FOOTER  # legal, subscription and comment notices, however long
        if 2 <= f.n_words <= NAV_MAX_WORDS and not f.terminal:
            folded = [w.casefold() for w in f.words]
            if all(w in self.p.nav_words for w in folded) and not all(w in _CONNECTORS for w in folded):
                return NAVIGATION
            parts = [s for s in _CRUMB_SEPARATORS.split(text) if s.strip()]
            if len(parts) >= 2 and all(len(s.split()) <= 3 for s in parts):
                return NAVIGATION  # "News | World", "Home › Politics › Europe": breadcrumbs and menus
        return None

    def pass_local(self) -> None:
        for i, f in enumerate(self.feats):
            # A date stamp ("Jane Doe | 29.02.2020") may look like a menu; the later passes place it.
            if f.n_words <= NAV_MAX_WORDS and self.date_at(i):
                continue
            self.kinds[i] = self.local_kind(f)

    # ---- pass 2: the title --------------------------------------------------------------------------------
    def find_anchor(self) -> int:
        """Where the running text starts: the first prose line followed by another (skipping furniture), else
        the first prose line, else the end. Title and header lie above it."""
        first_prose = None
        for i, f in enumerate(self.feats):
            if self.kinds[i] is not None or not is_prose(f):
                continue
            if first_prose is None:
                first_prose = i
            nxt = self.next_open(i)
            if nxt is not None and is_prose(self.feats[nxt]):
                return i
        return first_prose if first_prose is not None else len(self.lines)

    def is_title_candidate(self, i: int) -> bool:
        f = self.feats[i]
        if not is_headline_like(f) and not (f.text.rstrip(_CLOSE).endswith("?") and f.repeats > 0):
            return False
        if f.n_words > HEADLINE_MAX_WORDS or f.list_item or is_label(f) or self.is_caption(f):
            return False
        if self.block_header_kind(f) or self.date_at(i):
            return False
        if f.repeats > 0:  # dumps double the headline: the strongest sign there is
            return f.n_words >= 2
        # Two-word lines above a headline are menus; a few capitalised words are an outlet or a byline.
        return f.n_words >= 3 and not is_source_like(f)

    def find_title(self, anchor: int) -> int | None:
        if self.known_title:
            # HTML metadata names the headline: its line in the text, if there, is the title line; if not, the
            # text is searched as any page (its headline may differ from the metadata's by a suffix).
            known = line_key(self.known_title)
            for i, f in enumerate(self.feats[:anchor]):
                if self.kinds[i] is None and f.key == known:
                    self.title_key = known
                    return i
        candidates = [i for i in range(anchor) if self.kinds[i] is None and self.is_title_candidate(i)]
        # The headline sits above the first sentence of the page (a standfirst, a caption or the text); a
        # headline-shaped line between two paragraphs is an embedded teaser, even when doubled.
        first_prose = next((i for i in range(anchor) if self.kinds[i] is None and is_prose(self.feats[i])), anchor)
        candidates = [i for i in candidates if i < first_prose]
        # Headlines run to four words and more; shorter candidates are kept only when nothing longer exists.
        candidates = [i for i in candidates if self.feats[i].n_words >= 4] or candidates
        if not candidates:
            return self._asking_headline(first_prose)
        repeated = [i for i in candidates if self.feats[i].repeats > 0]
        if repeated:
            title = repeated[0]
        else:
            # The headline is the last candidate above the text, unless it opens a run of candidates (a
            # headline over an unpunctuated standfirst): then the run's first line.
            title = candidates[-1]
            while title in candidates and candidates.index(title) > 0:
                prev = candidates[candidates.index(title) - 1]
                if self.next_open(prev) != title:
                    break
                title = prev
        self.title_key = self.feats[title].key
        return title

    def _asking_headline(self, first_prose: int) -> int | None:
        """With no headline-shaped line above the text, its first line may be a headline that asks or exclaims
        ("Will the truce hold?"): one short sentence ending with "?" or "!", on a page (furniture above it, or a
        date, byline or outlet line among the next lines; a clean text may well open with a question), with the
        text after it."""
        if first_prose >= len(self.lines):
            return None
        f = self.feats[first_prose]
        if f.n_words > HEADLINE_MAX_WORDS or not _one_sentence_ending(f, _ASKS):
            return None
        after = self._open_after(first_prose, 3)
        if not after:
            return None
        marked_below = any(self.header_marker(k, True) is not None for k in after)
        if not (marked_below or is_prose(self.feats[after[0]])):
            return None
        if not (marked_below or any(kind is not None for kind in self.kinds[:first_prose])):
            return None
        self.title_key = f.key
        return first_prose

    def _open_after(self, i: int, n: int) -> list[int]:
        """The next ``n`` lines after i that no earlier pass has labelled."""
        found: list[int] = []
        while len(found) < n and (nxt := self.next_open(found[-1] if found else i)) is not None:
            found.append(nxt)
        return found

    def mark_above_title(self, title_index: int) -> None:
        """Lines over the headline: date stamps, one section label, and otherwise site navigation."""
        section_seen = False
        for i in range(title_index):
            if self.kinds[i] is not None:
                continue
            f = self.feats[i]
            if self.date_at(i):
                self.kinds[i] = PUBLICATION_DATE
            elif is_label(f) and not section_seen:
                self.kinds[i] = SECTION_LABEL
                section_seen = True
            elif not is_prose(f):  # prose is never furniture; the body pass decides about it
                self.kinds[i] = NAVIGATION

    def mark_title_copies(self, title_index: int | None) -> None:
        for i, f in enumerate(self.feats):
            if i != title_index and self.kinds[i] in (None, SECTION_LABEL) and self.is_title_copy(f):
                self.kinds[i] = DUPLICATE_TITLE

    # ---- pass 3: the header zone ----------------------------------------------------------------------
    def _caption_date_or_byline(self, i: int) -> str | None:
        """What a line is in the header and in the body alike: a caption, the publication date, a byline."""
        f = self.feats[i]
        if self.is_caption(f):
            return CAPTION
        if self.date_at(i):
            return PUBLICATION_DATE
        if self.is_byline(f):
            return BYLINE
        return None

    def header_marker(self, i: int, first_after_title: bool) -> str | None:
        f = self.feats[i]
        marker = self._caption_date_or_byline(i)
        if marker is not None:
            return marker
        if split_dateline_source(f.text):
            return BYLINE
        if is_label(f) and f.n_words >= 2 and any(w.casefold() in self.p.outlet_words for w in f.words):
            return BYLINE  # an upper-case outlet line ("DAILY X WITH AGENCIES")
        if is_label(f):
            # Right under the title an upper-case tag is the section; a place list ("A/B") or a tag further
            # down, next to the body, is the dateline.
            if first_after_title and "/" not in f.text and "," not in f.text:
                return SECTION_LABEL
            return DATELINE
        if is_source_like(f) and f.repeats == 0:  # a doubled short line is a teaser headline, not an outlet
            return BYLINE
        return None

    def pass_header(self, title_index: int, anchor: int) -> int:
        """Label the header zone, between the title and the running text; return its last index."""
        header_end = title_index
        others: list[int] = []
        standfirst: list[int] = []
        first_after = True
        scanned = 0
        for i in range(title_index + 1, max(anchor, title_index + 1)):
            kind = self.kinds[i]
            if kind == DUPLICATE_TITLE:
                header_end, first_after = i, False
                standfirst += others
                others = []
                continue
            if kind is not None:
                continue
            scanned += 1
            f = self.feats[i]
            if scanned > HEADER_WINDOW or self.block_header_kind(f):
                break
            marker = self.header_marker(i, first_after)
            first_after = False
            if marker is None and f.n_words < MIN_STANDFIRST_WORDS and not f.terminal:
                marker = STRAY_LABEL  # "Published", "Live", "3 Min Read": header crumbs, not a summary
            if marker is None:
                others.append(i)
                if len(others) > MAX_STANDFIRST_LINES:
                    break
                continue
            self.kinds[i] = marker
            # A caption can sit anywhere in the body: it does not prove the lines above it were header.
            if marker not in (CAPTION, STRAY_LABEL):
                header_end = i
                standfirst += others
                others = []
        for i in standfirst:
            self.kinds[i] = STANDFIRST
        if not standfirst:
            self._standfirst_fallback(header_end)
        return header_end

    def _standfirst_fallback(self, header_end: int) -> None:
        """An unpunctuated summary line of some length right under the header, followed by prose."""
        k = self.next_open(header_end)
        if k is None:
            return
        f = self.feats[k]
        if f.terminal or f.list_item or f.n_words < 8 or self.is_caption(f) or self.block_header_kind(f):
            return
        nxt = self.next_open(k)
        if nxt is not None and is_prose(self.feats[nxt]):
            self.kinds[k] = STANDFIRST

    # ---- pass 4: blocks and the body ------------------------------------------------------------------
    @staticmethod
    def _is_section_teaser(f: LineFeatures) -> bool:
        return f.caps_prefix is not None and is_headline_like(f)

    def block_start_kind(self, i: int) -> str | None:
        f = self.feats[i]
        kind = self.block_header_kind(f)
        if kind:
            return kind
        if not self._is_section_teaser(f):
            return None
        if f.rest_repeats:  # "SECTION Headline" with the headline again on the next line
            return SECTION_TEASER
        # Or a run of them: "SECTION Headline", maybe its one-paragraph summary, then another "SECTION ...".
        k = self.next_open(i)
        if k is not None and is_prose(self.feats[k]):
            k = self.next_open(k)
        return SECTION_TEASER if k is not None and self._is_section_teaser(self.feats[k]) else None

    def _teaser_or_end_follows(self, j: int) -> bool:
        k = self.next_open(j)
        if k is None:
            return True
        g = self.feats[k]
        return is_headline_like(g) or g.list_item or self.block_header_kind(g) is not None

    def _pairs_ahead(self, j: int) -> bool:
        """Under a block's first teaser, paragraph j opens a run of headline-and-summary pairs: another teaser and its
        paragraph follow, then a teaser or the end. An article resuming after an inline box goes on in prose."""
        k = self.next_open(j)
        if k is None or not self._teaser_headline(self.feats[k]):
            return False
        k = self.next_open(k)
        return k is not None and is_prose(self.feats[k]) and self._teaser_or_end_follows(k)

    def _structural_header(self, i: int) -> bool:
        """A short unpunctuated line over two or more headline-shaped lines: an unnamed teaser block."""
        f = self.feats[i]
        if not is_headline_like(f) or f.n_words > 4 or f.list_item:
            return False
        k, seen = i, 0
        while seen < 2:
            nxt = self.next_open(k)
            if nxt is None:
                return False
            g = self.feats[nxt]
            if not (is_headline_like(g) or (g.list_item and g.n_words <= HEADLINE_MAX_WORDS)):
                return False
            k, seen = nxt, seen + 1
        return True

    @staticmethod
    def _teaser_headline(g: LineFeatures) -> bool:
        """Inside a block: a headline, a list item, or one short sentence that asks, exclaims or trails off ("Why
        is X doing Y?", "X warns Y!", "Five things to know…"), as teasers do and a paragraph rarely does."""
        if is_headline_like(g) or (g.list_item and g.n_words <= HEADLINE_MAX_WORDS):
            return True
        end = g.text.rstrip(_CLOSE)
        return end.endswith(_TEASER_ENDS) and g.n_words <= TEASER_QUESTION_MAX_WORDS and not _INNER_STOP.search(end)

    def consume_block(self, i: int, kind: str) -> int:
        """Label the block that line i opens; return the index after it."""
        f = self.feats[i]
        self.kinds[i] = kind
        units: set[str] = {f.rest_key} if kind == SECTION_TEASER and f.rest_key else set()
        # A named header followed straight by prose (the article resumes) must not eat that prose.
        prev_headline = kind == SECTION_TEASER
        prev_repeated = f.rest_repeats
        j = i + 1
        while j < len(self.lines):
            if self.kinds[j] is not None:
                j += 1
                continue
            g = self.feats[j]
            nested = self.block_header_kind(g)
            if nested:
                self.kinds[j] = kind = nested
                prev_headline = False
            elif self._is_section_teaser(g) and (g.rest_repeats or kind == SECTION_TEASER):
                self.kinds[j] = kind = SECTION_TEASER
                units.add(g.rest_key or g.key)
                prev_headline = prev_repeated = True
            elif self._teaser_headline(g) or self.date_at(j):
                self.kinds[j] = kind
                units.add(g.key)
                prev_headline = self._teaser_headline(g)
                prev_repeated = g.repeats > 0
            elif (
                is_prose(g)
                and prev_headline
                and (((len(units) >= 2 or prev_repeated) and self._teaser_or_end_follows(j)) or self._pairs_ahead(j))
            ):
                # One paragraph under a teaser headline, with more teasers (or nothing) after it: its summary.
                self.kinds[j] = kind
                prev_headline = False
            else:
                break
            j += 1
        return j

    def _doubled_short_question(self, i: int) -> bool:
        """One short "?"/"!" sentence printed twice on the page, as dumps print a teaser's headline."""
        f = self.feats[i]
        return f.repeats > 0 and f.n_words <= TEASER_QUESTION_MAX_WORDS and _one_sentence_ending(f, _ASKS)

    def _between_headlines(self, i: int) -> bool:
        return 0 < i < len(self.lines) - 1 and all(is_headline_like(self.feats[k]) for k in (i - 1, i + 1))

    def body_kind(self, i: int) -> str:
        f = self.feats[i]
        marker = self._caption_date_or_byline(i)
        if marker is not None:
            return marker
        if is_headline_like(f):
            # Paragraphs end sentences; a short line that does not is a headline of something else.
            return RELATED_HEADLINE if f.repeats > 0 or f.n_words >= 4 else STRAY_LABEL
        if self._doubled_short_question(i):
            return RELATED_HEADLINE  # a doubled question or exclamation: a teaser headline, not a paragraph
        if is_headline_cased_question(f) and self._between_headlines(i):
            return RELATED_HEADLINE  # inside a run of teasers; next to paragraphs it is a subheading
        if not is_prose(f) and f.n_words < MIN_STANDFIRST_WORDS and not self._short_paragraph(i):
            return STRAY_LABEL  # a fragment such as "Listen to this story:" is no paragraph
        return BODY

    def _short_paragraph(self, i: int) -> bool:
        """A statement of a few words in the run of the text ("Engoron did not agree."): after a paragraph, before
        another or a subheading, ending with a full stop and with a lower-case word (not "Photo: Reuters."). A
        short question or exclamation there is more often a widget's ("Error in the article?")."""
        f = self.feats[i]
        if f.n_words < 2 or not f.text.rstrip(_CLOSE).endswith("."):
            return False
        if not any(w[0].islower() for w in f.words):
            return False
        if i == 0 or i + 1 >= len(self.lines) or self.kinds[i - 1] != BODY or not is_prose(self.feats[i - 1]):
            return False
        g = self.feats[i + 1]
        return is_prose(g) or is_headline_like(g)

    def pass_body(self) -> None:
        i = 0
        while i < len(self.lines):
            if self.kinds[i] is not None:
                i += 1
                continue
            if i < TOP_STAMP_LINES and self.date_at(i) is not None:
                self.kinds[i] = PUBLICATION_DATE  # a stamp at the top is one, whatever short lines surround it
                i += 1
                continue
            kind = self.block_start_kind(i)
            if kind is None and self._structural_header(i):
                kind = TEASER_BLOCK
            if kind:
                i = self.consume_block(i, kind)
                continue
            self.kinds[i] = self.body_kind(i)
            i += 1

    # ---- pass 5: text far from the article ----------------------------------------------------------------
    def prune_outlying_body(self) -> None:
        """Split the body lines into runs (a gap of more than BODY_GAP_LINES lines ends a run); a run much
        shorter than the longest one stands apart from the article: a footer blurb, a comment policy, a promo."""
        runs: list[list[int]] = []
        for i, kind in enumerate(self.kinds):
            if kind != BODY:
                continue
            if runs and i - runs[-1][-1] - 1 <= BODY_GAP_LINES:
                runs[-1].append(i)
            else:
                runs.append([i])
        if len(runs) < 2:
            return
        sizes = [sum(self.feats[i].n_words for i in run) for run in runs]
        longest = max(sizes)
        for run, size in zip(runs, sizes, strict=True):
            if size < OUTLYING_SHARE * longest:
                for i in run:
                    self.kinds[i] = OUTLYING_TEXT

    # ---- pass 6: the author's note ---------------------------------------------------------------------------
    def mark_author_bio(self) -> None:
        """The last paragraph, when it introduces someone the article never names ("Jane Doe is a reporter for X
        covering Y."): the author's note, not the story (a story about a reporter names her before)."""
        body = [i for i, kind in enumerate(self.kinds) if kind == BODY]
        if len(body) < 2:
            return
        last = body[-1]
        f = self.feats[last]
        if f.n_words > BIO_MAX_WORDS or not f.words[0][:1].isupper() or not self.p.author_bio.search(f.text):
            return
        name = " ".join(f.words[:2])
        if any(name in self.feats[i].text for i in body[:-1]):
            return
        self.kinds[last] = AUTHOR_BIO

    def run(self) -> Classification:
        self.pass_local()
        anchor = self.find_anchor()
        title_index = self.find_title(anchor)
        self.mark_title_copies(title_index)
        if title_index is not None:
            self.kinds[title_index] = TITLE
            if title_index >= anchor:  # a headline that asks was the first sentence: the text starts after it
                anchor = self.find_anchor()
            self.mark_above_title(title_index)
            self.pass_header(title_index, anchor)
        self.pass_body()
        self.prune_outlying_body()
        self.mark_author_bio()
        kinds = [k or BODY for k in self.kinds]
        dates = {i: d for i, d in self._dates.items() if d is not None and kinds[i] == PUBLICATION_DATE}
        return Classification(kinds=kinds, title_index=title_index, dates=dates)


def classify(
    lines: list[Line], feats: list[LineFeatures], patterns: Patterns, known_title: str | None = None
) -> Classification:
    """Label each line; ``known_title`` (from HTML metadata) replaces the search for a headline."""
    return _Classifier(lines, feats, patterns, known_title).run()
