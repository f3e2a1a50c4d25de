"""Render an HTML page as the plain-text dump a reader gets from select-all and copy: all visible text, in
reading order, one block per line.

Navigation, footers, teaser lists and cookie banners stay (they are what the cleaner must remove); what a
browser never shows goes: the head, scripts, styles, templates, ``hidden`` elements and inline
``display:none`` / ``visibility:hidden``. inscriptis does the layout (blocks, lists, tables).
"""

from __future__ import annotations

import re

import lxml.html
from inscriptis import Inscriptis
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg", "canvas")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")


def _drop_invisible(root: lxml.html.HtmlElement) -> None:
    doomed = root.xpath(
        " | ".join(f"//{t}" for t in _INVISIBLE_TAGS) + " | //*[@hidden] | //input[@type='hidden'] | //*[@style]"
    )
    for node in doomed:
        if node.tag == "html" or node.getparent() is None:
            continue
        styled_only = node.get("style") is not None and node.tag not in _INVISIBLE_TAGS and node.get("hidden") is None
        if styled_only and not _HIDDEN_STYLE.search(node.get("style") or ""):
            continue
        node.drop_tree()


def _unbullet(root: lxml.html.HtmlElement) -> None:
    """List items as plain blocks: a browser's copy gives each item on its line, with no bullet glyph."""
    for node in root.iter("ul", "ol", "li", "menu", "dir"):
        node.tag = "div"


def render_dump(html: str) -> str:
    """The page's visible text, one block per line, blank lines between blocks kept at most one."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    _drop_invisible(root)
    _unbullet(root)
    config = ParserConfig(css=CSS_PROFILES["strict"], display_links=False, display_images=False)
    text = Inscriptis(root, config).get_text()
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"
