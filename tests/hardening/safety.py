"""An HTML/SVG safety inspector for the hardening tests: parse, then look at everything.

Grepping output for ``<script`` misses encoded and split forms; this walks every start
tag and attribute the way a browser's tokenizer sees them (``html.parser`` unescapes
attribute values), so what it reports is what would actually run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements that run code, load documents or change where links and forms go.
EXECUTABLE_TAGS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
        "form", "meta", "link", "style", "template", "noscript", "portal", "math",
        "foreignobject", "animate", "set", "animatemotion", "animatetransform", "handler",
        "listener", "textarea", "xmp", "plaintext", "noembed", "noframes",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "data", "xlink:href", "srcset", "poster",
        "background", "cite", "longdesc", "usemap", "ping", "codebase", "dynsrc", "lowsrc",
    }
)  # fmt: skip
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
# Browsers trim C0 controls and spaces around a URL and drop tabs and newlines inside it.
_URL_EDGES = "".join(map(chr, range(0x21)))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would use for an attribute value (after unescaping), if any."""
    normal = _TAB_NEWLINE.sub("", value.strip(_URL_EDGES))
    found = _SCHEME.match(normal)
    return found.group(1).lower() if found else None


def live_dangerous_url(value: str) -> bool:
    """True when a URL attribute value would navigate to a non-web scheme."""
    scheme = url_scheme(value)
    return scheme is not None and scheme not in SAFE_SCHEMES


@dataclass
class _Inspector(HTMLParser):
    """Collects what is unsafe, optionally only inside elements matching ``scope``."""

    scope_class: str | None = None
    allowed_tags: frozenset[str] = frozenset()
    findings: list[str] = field(default_factory=list)
    depth: int = 0
    _stack: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    @property
    def active(self) -> bool:
        return self.scope_class is None or self.depth > 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        entering = self.scope_class is not None and self.scope_class in classes
        if entering or self.depth:
            self.depth += 1
            self._stack.append(tag)
        if self.active:
            self._inspect(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.active or (self.scope_class is not None and self.scope_class in classes):
            self._inspect(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in self._stack:
            while self._stack:
                self.depth -= 1
                if self._stack.pop() == tag:
                    break

    def _inspect(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in EXECUTABLE_TAGS and tag not in self.allowed_tags:
            self.findings.append(f"<{tag}> element")
        for name, given in attrs:
            value = given or ""
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}={value!r}> event handler")
            if name in URL_ATTRIBUTES and live_dangerous_url(value):
                self.findings.append(f"<{tag} {name}={value!r}> dangerous URL")
            if name == "style" and re.search(r"expression\(|url\(|javascript:", value, re.I):
                self.findings.append(f"<{tag} style={value!r}> active CSS")
            if name in ("srcdoc", "is"):
                self.findings.append(f"<{tag} {name}=...> attribute")


def unsafe_markup(
    html: str, *, scope_class: str | None = None, allowed_tags: Iterable[str] = ()
) -> list[str]:
    """Everything in ``html`` that could run script or navigate to a script URL.

    With ``scope_class``, only elements inside an element of that class are inspected
    (the page around a guide belongs to the theme).
    """
    inspector = _Inspector(scope_class=scope_class, allowed_tags=frozenset(allowed_tags))
    inspector.feed(html)
    inspector.close()
    return inspector.findings


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline: list[str] = []
        self.sources: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            found = dict(attrs)
            kind = (found.get("type") or "").lower()
            if kind not in ("", "text/javascript", "module"):
                return  # data (``application/json``), never run
            if found.get("src"):
                self.sources.append(found["src"] or "")
            else:
                self._in_script = True
                self.inline.append("")

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def scripts(html: str) -> tuple[list[str], list[str]]:
    """(inline script bodies, script ``src`` values) of a page; data blocks are left out."""
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.inline, parser.sources


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(html: str) -> str:
    """The text content of ``html`` (entities decoded), as one string."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
