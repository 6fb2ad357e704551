"""Links written in the site's pages that lead to a page or anchor that does not exist.

A page's Markdown links (``[words](policies/x.md#refund-limits)``, ``[words](#faq)``,
reference definitions) are found outside code; a link to a ``.md`` page is checked
against the docs directory, and its anchor against the ids the page it leads to has
(:class:`~sopkit.compile.anchors.PageAnchors`, in the linking page's language).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..model import Span
from ..problems import Problem, error, printable
from .anchors import PageAnchors, missing_anchor
from .fences import prose_lines

# An inline link's destination: ](href or ](<href>
_INLINE_RE = re.compile(r"\]\(\s*(?P<href><[^>\n]*>|[^\s)]+)")
# A reference definition: [label]: href
_REFERENCE_RE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*(?P<href><[^>\n]*>|\S+)")
_BACKTICKS_RE = re.compile(r"`+")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_links(text: str) -> Iterator[tuple[str, int, int]]:
    """Every link destination of a page outside code: (href, line, column), from 1."""
    lines = text.split("\n")
    for i in prose_lines(lines):
        line = without_code_spans(lines[i])
        for pattern in (_INLINE_RE, _REFERENCE_RE):
            for found in pattern.finditer(line):
                href = found.group("href")
                start = found.start("href")
                if href.startswith("<"):
                    href, start = href[1:-1], start + 1
                yield href, i + 1, start + 1


def without_code_spans(line: str) -> str:
    """``line`` with its code spans (```` `text` ````, ```` ``te`xt`` ````) blanked out,
    columns kept. As in CommonMark, a span closes with as many backticks as opened it;
    a run no later run matches is literal. Linear: a length never found is not sought
    again."""
    if "`" not in line:
        return line
    out = list(line)
    unmatched: set[int] = set()
    at = 0
    while (opening := _BACKTICKS_RE.search(line, at)) is not None:
        size = len(opening.group())
        closing = None
        if size not in unmatched:
            closing = next(
                (m for m in _BACKTICKS_RE.finditer(line, opening.end()) if len(m.group()) == size),
                None,
            )
        if closing is None:
            unmatched.add(size)
            at = opening.end()
            continue
        out[opening.start() : closing.end()] = " " * (closing.end() - opening.start())
        at = closing.end()
    return "".join(out)


def check_page_links(
    pages: list[Path], anchors: PageAnchors, root: Path, excluded: Callable[[str], bool]
) -> list[Problem]:
    """Links of ``pages`` to a page of the docs directory that does not exist, or to an
    anchor their target has not (paths in messages relative to ``root``)."""
    problems: list[Problem] = []
    for page in pages:
        try:
            text = page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # MkDocs reports unreadable pages
        if "](" not in text and "]:" not in text:
            continue
        shown = os.path.relpath(page, root).replace(os.sep, "/")
        for href, line, col in page_links(text):
            problem = _check(page, href, anchors, Span(shown, line, col), excluded)
            if problem is not None:
                problems.append(problem)
    return problems


def _check(
    page: Path, href: str, anchors: PageAnchors, span: Span, excluded: Callable[[str], bool]
) -> Problem | None:
    if _SCHEME_RE.match(href) or href.startswith(("/", "\\")):
        return None  # addresses on the web, and absolute paths, are not pages of the docs
    path, _, anchor = href.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        target = page
    elif not path.endswith(".md"):
        return None  # images and downloads: MkDocs checks them
    else:
        target = (page.parent / path).resolve()
        if not target.is_relative_to(anchors.root):
            return None  # outside the docs: MkDocs says so
        if excluded(target.relative_to(anchors.root).as_posix()):
            return None  # a page the site leaves out: MkDocs says so
        if not target.is_file():
            return error(
                "broken-link",
                span,
                f"the link points to '{printable(path)}', which is not a page in the docs "
                "directory",
            )
    if not anchor:
        return None
    lang = anchors.page_language(page)
    if not path:
        return missing_anchor(anchors, [page], href, lang, "the link", span, "this page")
    return missing_anchor(anchors, [anchors.version(target, lang)], href, lang, "the link", span)
