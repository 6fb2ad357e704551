"""The anchors of the site's pages, computed as the site's Markdown makes them.

A link such as ``policies/escalation-criteria.md#refund-limits`` works only when that
page has an element with the id ``refund-limits``: a heading (its id made by the ``toc``
extension's ``slugify``, with the site's ``toc`` settings), an id set with ``attr_list``
(``## Refunds {#refund-limits}``), an id in raw HTML (``<a id="..."></a>``), or a step of
a guide the page shows (``<tree-id>--<node-id>``). :class:`PageAnchors` renders each
page once with Python-Markdown and the extensions that make ids, and answers which
anchors it has.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from ..languages import Languages
from ..model import Span, Tree
from ..problems import Problem, did_you_mean, error, printable
from .fences import TREE, iter_fences

# Extensions of the site that add ids or decide what is a heading; others are left out
# (they cannot add a heading id, and may need settings only the site engine has).
ID_EXTENSIONS = (
    "attr_list",
    "md_in_html",
    "admonition",
    "def_list",
    "footnotes",
    "tables",
    "pymdownx.details",
)
# No HTML id holds a space, so neither marker can be a real id of a page.
ANY_STEP = " any step"
"""Marks, in a page's ids, a guide whose steps are not known (any step counts)."""
ANY_ID = " any id"
"""A page's ids when its Markdown could not be rendered: every anchor counts (the site
engine reports the page itself)."""
_ID_RE = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class AnchorRules:
    """How the site makes ids: the ``toc`` extension's settings and the id extensions.

    ``toc`` holds the site's ``toc`` options as Python values (``slugify`` a function);
    ``extensions`` the names of :data:`ID_EXTENSIONS` the site uses, with their options.
    """

    toc: Mapping[str, Any] = field(default_factory=dict)
    extensions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_config(cls, entries: Sequence[Any]) -> AnchorRules:
        """The rules of a ``markdown_extensions`` list as written in ``mkdocs.yml``
        (names, or ``{name: options}``), with ``!!python/name:`` values already loaded."""
        toc: dict[str, Any] = {}
        extensions: dict[str, Mapping[str, Any]] = {}
        for entry in entries:
            items = entry.items() if isinstance(entry, Mapping) else [(entry, None)]
            for name, options in items:
                given = dict(options) if isinstance(options, Mapping) else {}
                if name in ("toc", "markdown.extensions.toc"):
                    toc = given
                elif isinstance(name, str) and name.removeprefix("markdown.extensions.") in (
                    ID_EXTENSIONS
                ):
                    extensions[name.removeprefix("markdown.extensions.")] = given
        return cls(toc, extensions)

    def markdown(self) -> markdown.Markdown:
        """A Python-Markdown instance that makes the ids the site makes."""
        toc = {k: v for k, v in self.toc.items() if k in ("slugify", "separator")}
        if not callable(toc.get("slugify", len)):
            del toc["slugify"]  # a value sopkit could not load: toc's own
        configs: dict[str, Any] = {"toc": toc, **{k: dict(v) for k, v in self.extensions.items()}}
        return markdown.Markdown(
            extensions=["toc", "fenced_code", *self.extensions], extension_configs=configs
        )


def python_value(tag: str, value: Any) -> Any:
    """The value of a ``!!python/name:dotted.name`` or ``!!python/object/apply:...``
    tag of ``mkdocs.yml`` (as MkDocs loads it), or None when it cannot be loaded."""
    kind, _, name = tag.partition(":")
    module, _, attribute = name.rpartition(".")
    try:
        found = getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError):
        return None
    if kind == "python/name":
        return found
    if kind == "python/object/apply" and callable(found):
        args = value.get("args", []) if isinstance(value, Mapping) else value or []
        kwds = value.get("kwds", {}) if isinstance(value, Mapping) else {}
        try:
            return found(*args, **kwds)
        except Exception:  # a setting of the site's own code; MkDocs reports it
            return None
    return None


class PageAnchors:
    """The anchors of each page under a docs directory, each page rendered once.

    ``trees`` are the trees a page's ``decision-tree`` fences may show: their steps'
    ids are anchors of that page.
    """

    def __init__(
        self,
        docs_dir: Path,
        rules: AnchorRules | None = None,
        languages: Languages | None = None,
    ) -> None:
        self.root = docs_dir.resolve()
        self.rules = rules or AnchorRules()
        self.languages = languages
        self.trees: Mapping[str, Tree] = {}
        self._markdown: markdown.Markdown | None = None
        self._found: dict[Path, frozenset[str]] = {}
        self._shown_on: dict[str, list[Path]] | None = None

    def of(self, page: Path) -> frozenset[str]:
        """The ids of ``page`` (a file under the docs directory)."""
        found = self._found.get(page)
        if found is None:
            try:
                text = page.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            found = self._found[page] = self._ids(text)
        return found

    def _ids(self, text: str) -> frozenset[str]:
        if self._markdown is None:
            self._markdown = self.rules.markdown()
        self._markdown.reset()
        try:
            rendered = self._markdown.convert(text)
        except Exception:  # an extension's own failure: MkDocs reports it, with the page
            return frozenset({ANY_ID})
        ids = {a or b for a, b in _ID_RE.findall(rendered)}
        for fence in iter_fences(text.split("\n")):
            if fence.kind == TREE:
                ids |= guide_ids(fence.text, self.trees.get(fence.text))
        return frozenset(html.unescape(i) for i in ids if i)

    def version(self, page: Path, lang: str | None) -> Path:
        """The file a link to ``page`` shows in a page of language ``lang``: its
        ``.<lang>.md`` translation when there is one (mkdocs-static-i18n's suffix
        layout), else ``page``."""
        if self.languages is None or lang is None or lang == self.languages.default:
            return page
        if page.name.count(".") > 1:
            return page  # written with its language: x.es.md
        translated = page.with_name(f"{page.stem}.{lang}{page.suffix}")
        return translated if translated.is_file() else page

    def page_language(self, page: Path) -> str | None:
        """The language of a page from its suffix (``x.es.md``), else the default."""
        if self.languages is None:
            return None
        parts = page.name.split(".")
        if len(parts) > 2 and parts[-2] in self.languages.codes:
            return parts[-2]
        return self.languages.default

    def pages_showing(self, tree_id: str) -> list[Path]:
        """The pages whose ``decision-tree`` fences show ``tree_id``."""
        if self._shown_on is None:
            self._shown_on = {}
            for page in sorted(self.root.rglob("*.md")):
                try:
                    text = page.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                if TREE not in text:
                    continue
                for fence in iter_fences(text.split("\n")):
                    if fence.kind == TREE:
                        self._shown_on.setdefault(fence.text, []).append(page)
        return self._shown_on.get(tree_id, [])


def guide_ids(tree_id: str, tree: Tree | None) -> set[str]:
    """The ids a guide gives its title and steps (``<tree-id>--<node-id>``).

    Without the tree (it did not compile, or was not checked), every id of the form
    ``<tree-id>--...`` counts as one: the tree's own errors are reported at its file.
    """
    if tree is None:
        return {f"{tree_id}--{ANY_STEP}"}
    return {f"{tree_id}--title", *(f"{tree_id}--{node}" for node in tree.nodes)}


def has_anchor(ids: frozenset[str], anchor: str) -> bool:
    """True when ``anchor`` is one of ``ids`` (or a step of a guide whose steps are unknown)."""
    if anchor in ids or ANY_ID in ids:
        return True
    tree_id, sep, _ = anchor.partition("--")
    return bool(sep) and f"{tree_id}--{ANY_STEP}" in ids


def _docs_path(anchors: PageAnchors, page: Path) -> str:
    try:
        return page.relative_to(anchors.root).as_posix()
    except ValueError:
        return page.as_posix()


def missing_anchor(
    anchors: PageAnchors,
    pages: Sequence[Path],
    href: str,
    lang: str | None,
    subject: str,
    span: Span,
    named: str | None = None,
) -> Problem | None:
    """An error when one of ``pages`` (what a link leads to, one per language it is
    shown in) has no element with the id ``anchor``; ``lang`` is the link's language
    (None: a link shown in every language). ``subject`` says which link it is, ``named``
    (if given) how the message names the page."""
    anchor = href.partition("#")[2]
    for page in pages:
        ids = anchors.of(page)
        if has_anchor(ids, anchor):
            continue
        shown_page = named or _docs_path(anchors, page)
        page_lang = anchors.page_language(page)
        translated = (
            page_lang is not None
            and anchors.languages is not None
            and (page_lang != anchors.languages.default)
        )
        where = f"the '{page_lang}' page it leads to, {shown_page}," if translated else shown_page
        near = did_you_mean(anchor, [i for i in ids if not i.endswith(ANY_STEP)])
        hint = (
            f"give the heading the same id in every language: '## ... {{#{anchor}}}' "
            f"in {shown_page}"
            if translated and lang is None
            else f"link to the id of one of its headings, or give a heading that id: "
            f"'## ... {{#{anchor}}}'"
        )
        return error(
            "broken-anchor",
            span,
            f"{subject} points to '{printable(href)}', but {where} has no heading or "
            f"anchor '{printable(anchor)}'" + near,
            hint,
        )
    return None
