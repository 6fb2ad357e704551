"""Tree texts (Markdown) -> safe HTML.

Texts are CommonMark, rendered by pulldown-cmark (through ``pyromark``): a native
parser, because Python-Markdown's inline processing cost more than composing the
whole tree file. Raw HTML in a text is shown as text, never passed through; the
result is then cleaned by nh3 (Ammonia), which keeps only formatting tags and safe URL
schemes. Plain texts, the vast majority, skip the Markdown parser; nh3 cleans every
text's HTML all the same.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3
import pyromark

_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "a",
    "blockquote", "hr", "kbd", "del", "sub", "sup",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto", "tel"}
_OPTIONS = pyromark.Options.ENABLE_STRIKETHROUGH
# Anything Markdown could turn into markup (and "&", "<", ">"), or a first line opening a
# list item, quote or heading: a stripped text with none of these is already HTML.
_MARKDOWN_RE = re.compile(r"[\\`*_\[\]<>&!#|~\n]|^(?:[-+=>]|\d+[.)])")
# Every "<" that does not open an autolink (<https://...>, <name@host>) stands for
# itself: it is swapped for U+FFFF, which YAML forbids in a file (so no text holds one),
# before parsing, and written back as "&lt;" after. No raw HTML can survive that.
_OPENS_RAW = re.compile(
    r"<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+>)"
)
_LT = "\uffff"
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# What a browser ignores in a URL before reading its scheme (WHATWG URL parsing).
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_TAB_NEWLINE = re.compile(r"[\t\n\r]")
# Tags that separate words when a rendered text is read as plain words.
_BREAK_TAG_RE = re.compile(r"</?(?:p|li|ul|ol|br|blockquote|h[1-6]|pre|table|tr|td|th)\b[^>]*>")
_TAG_RE = re.compile(r"<[^>]*>")

LinkResolver = Callable[[str], str]


class TextRenderer:
    """Renders tree texts; results are cached, as the same texts recur on every page."""

    def __init__(self) -> None:
        self._cleaner = nh3.Cleaner(
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            url_schemes=_SCHEMES,
            link_rel="noopener noreferrer",
        )
        self._cache: dict[tuple[str, bool], str] = {}

    def block(self, source: str, link: LinkResolver | None = None) -> str:
        """Render Markdown paragraphs and lists."""
        return self.html(source, False, link)

    def inline(self, source: str, link: LinkResolver | None = None) -> str:
        """Render one line of inline Markdown (no surrounding paragraph)."""
        return self.html(source, True, link)

    def clean(self, rendered: str) -> str:
        """Sanitise HTML with nh3: only formatting tags and safe URL schemes are kept."""
        return str(self._cleaner.clean(rendered))

    def clear(self) -> None:
        """Forget every rendered text (the benchmark measures a cold start with it)."""
        self._cache.clear()

    def html(self, source: str, inline: bool, link: LinkResolver | None = None) -> str:
        """Render ``source`` inline or as blocks; ``link`` rewrites relative hrefs."""
        source = source.strip()
        key = (source, inline)
        cached = self._cache.get(key)
        if cached is None:
            if needs_markdown(source):
                rendered = _markdown(source, inline)
            else:
                rendered = source if inline else f"<p>{source}</p>"
            cached = self.clean(rendered)
            if len(self._cache) < 20_000:
                self._cache[key] = cached
        if link is not None and "href=" in cached:
            cached = _HREF_RE.sub(lambda m: _relink(m, link), cached)
        return cached


def needs_markdown(source: str) -> bool:
    """False for a (stripped) text that Markdown would write as it is.

    An empty text goes through Markdown, which writes nothing (not an empty paragraph).
    """
    return not source or _MARKDOWN_RE.search(source) is not None


def _markdown(source: str, inline: bool) -> str:
    """Markdown -> HTML with every raw "<" shown as text (not yet cleaned)."""
    escaped = "<" in source
    if escaped:
        source = _as_text(source.replace(_LT, "\ufffd"))
    rendered = pyromark.html(source, options=_OPTIONS).strip()
    if escaped:
        rendered = rendered.replace(_LT, "&lt;")
    if inline:
        rendered = _unwrap_paragraph(rendered)
    return rendered


def _as_text(source: str) -> str:
    """``source`` with every "<" that could open raw HTML swapped for U+FFFF.

    Kept: autolinks and the brackets of a link's address (``[support](<tel:+1 555
    0100>)``), which CommonMark reads as links, never HTML. A source whose kept brackets
    would still let the parser see HTML has every "<" swapped.
    """
    swapped = _OPENS_RAW.sub(_LT, source)
    if "](" not in source:
        return swapped
    keep = _address_brackets(source)
    if not keep:
        return swapped
    chars = list(swapped)
    for position in keep:
        chars[position] = "<"
    candidate = "".join(chars)
    return swapped if _has_html(candidate) else candidate


def _address_brackets(source: str) -> set[int]:
    """Positions of the "<" that open a link's address in brackets (in no text, code
    or HTML of the parsed link)."""
    links: list[range] = []
    leaves: list[range] = []
    for event, span in pyromark.events_with_range(source, options=_OPTIONS):
        where = range(span["start"], span["end"])
        start = event.get("Start") if isinstance(event, dict) else None
        if isinstance(start, dict) and ("Link" in start or "Image" in start):
            links.append(where)
        elif not (isinstance(event, dict) and ("Start" in event or "End" in event)):
            leaves.append(where)
    return {
        at
        for at, char in enumerate(source)
        if char == "<"
        and any(at in link for link in links)
        and not any(at in leaf for leaf in leaves)
    }


def _has_html(source: str) -> bool:
    """True when Markdown would pass some of ``source`` through as raw HTML."""
    return any(
        isinstance(event, dict) and ("Html" in event or "InlineHtml" in event)
        for event, _ in pyromark.events_with_range(source, options=_OPTIONS)
    )


_HREF_RE = re.compile(r'href="([^"]*)"')


def _relink(match: re.Match[str], link: LinkResolver) -> str:
    href = html.unescape(match.group(1))
    if _SCHEME_RE.match(href) or href.startswith(("#", "/")):
        return match.group(0)
    return f'href="{html.escape(link(href))}"'


def safe_url(url: str) -> str:
    """``url`` when a browser would open it as a page, mail or phone link; else ``#``.

    Used for hrefs written outside Markdown (``links``), which nh3 never sees: a
    ``javascript:`` or ``data:`` URL there is reported by the check and, should it reach
    a renderer anyway, never becomes a live link.
    """
    normal = _URL_TAB_NEWLINE.sub("", url.strip(_URL_EDGES))
    found = _SCHEME_RE.match(normal)
    if found is None or found.group(0)[:-1].lower() in _SCHEMES:
        return url
    return "#"


def _unwrap_paragraph(rendered: str) -> str:
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def plain(source: str) -> str:
    """A text as the reader sees it, without markup, for places that take none (case
    notes, the flowchart, titles).

    The text is rendered as Markdown and its words taken from the HTML, so every
    character a reader sees is kept: "dial \\*72" is "dial *72", "line_status" stays
    "line_status", while "**Bold**" is "Bold" and a link keeps its words.
    """
    if not needs_markdown(source.strip()):
        return " ".join(source.split())
    rendered = _BREAK_TAG_RE.sub(" ", _plain_renderer.html(source, inline=False))
    return " ".join(html.unescape(_TAG_RE.sub("", rendered)).split())


_plain_renderer = TextRenderer()
