"""Checks of a compiled tree: its graph, languages, URLs and links.

:mod:`sopkit.compile.validate` turns a file into a :class:`~sopkit.model.Tree`; these checks
look at trees as a whole (hand-offs across trees are checked in
:mod:`sopkit.compile.handoffs`). All return problems, none raise.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import pyromark

from ..languages import Languages
from ..model import Handoff, Keywords, Span, Text, Tree
from ..problems import Problem, did_you_mean, error, one_of, warning
from .anchors import AnchorRules, PageAnchors, missing_anchor
from .decide import check_decisions
from .lookalikes import check_lookalikes
from .validate import shown

_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_DANGEROUS_SCHEMES = ("javascript", "vbscript", "data", "livescript")
_DANGEROUS_RE = re.compile(f"(?:{'|'.join(_DANGEROUS_SCHEMES)}):", re.IGNORECASE)
_INVISIBLE = r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]"
_INVISIBLE_RE = re.compile(_INVISIBLE + "+")
# The same characters as _INVISIBLE, as a set.
_INVISIBLE_CHARS = frozenset(
    "".join(map(chr, [*range(0x21), *range(0x7F, 0xA0), *range(0x200B, 0x2010)]))
    + "\u2028\u2029\ufeff"
)


def check_tree(tree: Tree, languages: Languages | None = None) -> list[Problem]:
    """Check a tree's graph (targets, answers, outcomes, reachability), its languages,
    and texts that read alike (see :mod:`sopkit.compile.lookalikes`)."""
    problems = _check_graph(tree)
    problems += _check_texts(tree, languages)
    problems += _check_stable_ids(tree, languages.default if languages is not None else "*")
    problems += check_lookalikes(tree, languages)
    problems += check_decisions(tree, languages.default if languages is not None else "*")
    return problems


def _check_stable_ids(tree: Tree, default_lang: str) -> list[Problem]:
    """Answers and checklist items need ids unique within their node: progress records them."""
    problems: list[Problem] = []
    for node in tree.nodes.values():
        items = [("answer", a.key(default_lang), a.id, a.span) for a in node.answers]
        items += [("checklist item", c.key(default_lang), c.id, c.span) for c in node.checklist]
        seen: dict[tuple[str, str], bool] = {}
        for kind, key, written, span in items:
            if (kind, key) not in seen:
                seen[(kind, key)] = True
                continue
            how = f"the id '{key}'" if written else f"the id '{key}', made from its words,"
            problems.append(
                error(
                    f"duplicate-{kind.replace(' ', '-')}-id",
                    span,
                    f"in node '{node.id}', this {kind} has {how} like an earlier one; "
                    "saved progress and case notes could not tell them apart",
                    f"give one of them its own 'id:', e.g. 'id: {key}-2'",
                )
            )
    return problems


def _check_graph(tree: Tree) -> list[Problem]:
    problems: list[Problem] = []
    nodes = tree.nodes
    if tree.start not in nodes:
        problems.append(
            error(
                "unknown-start",
                tree.start_span,
                f"'start' points to '{tree.start}', which is not a node of this tree"
                + did_you_mean(tree.start, nodes),
            )
        )
    broken: set[str] = set()
    targets: dict[str, tuple[str, ...]] = {}
    for node_id, node in nodes.items():
        targets[node_id] = node.targets
        for way in node.ways:
            if isinstance(way, Handoff) or way.next in nodes:
                continue  # hand-offs are checked across trees, in compile/handoffs.py
            broken.add(node_id)
            problems.append(
                error(
                    "unknown-next",
                    way.next_span,
                    f"'next' points to '{way.next}', which is not a node of this tree"
                    + did_you_mean(way.next, nodes),
                )
            )
    # Which nodes can end the procedure: walk the edges backwards from the outcomes.
    # Nodes with a broken edge count as ending, so one typo gives one error, not many.
    parents: dict[str, list[str]] = {node_id: [] for node_id in nodes}
    for node_id, node_targets in targets.items():
        for target in node_targets:
            if target in parents:
                parents[target].append(node_id)
    ends = [n.id for n in nodes.values() if n.terminal or n.id in broken]
    can_end = set(ends)
    stack = list(ends)
    while stack:
        for parent in parents[stack.pop()]:
            if parent not in can_end:
                can_end.add(parent)
                stack.append(parent)
    for node in nodes.values():
        if node.id not in can_end and (node.type != "question" or node.answers):
            problems.append(
                error(
                    "no-outcome",
                    node.span,
                    f"no outcome can be reached from node '{node.id}': every path from it loops",
                    "add an answer or 'next' that leads to an outcome",
                )
            )
    # With a broken edge, "unreachable" would mostly name nodes that edge was meant to reach.
    if tree.start in nodes and not broken:
        reached = {tree.start}
        stack = [tree.start]
        while stack:
            for target in targets[stack.pop()]:
                if target in nodes and target not in reached:
                    reached.add(target)
                    stack.append(target)
        for node in nodes.values():
            if node.id not in reached:
                problems.append(
                    warning(
                        "unreachable",
                        node.span,
                        f"node '{node.id}' cannot be reached from the start node '{tree.start}'",
                        "link to it from an answer or 'next', or remove it",
                    )
                )
    return problems


def _check_texts(tree: Tree, languages: Languages | None) -> list[Problem]:
    """Languages and script URLs of every text, in one pass over the tree's texts."""
    problems: list[Problem] = []
    complete: frozenset[str] = frozenset(languages.codes if languages is not None else ())
    for name, text in tree.texts():
        if languages is not None and text.values.keys() != complete:
            problems += _check_languages(name, text, languages)
    # Editor notes need no translation, but may one day be printed for editors.
    for name, text in (*tree.texts(), *tree.editor_notes()):
        for lang, value in text.values.items():
            scheme = _dangerous_in_text(value)
            if scheme is not None:
                problems.append(
                    error(
                        "dangerous-url",
                        text.span_of(lang),
                        f"'{name}' contains a '{scheme}:' URL, which is never allowed",
                        "link to a page of the site or to an https:// address",
                    )
                )
    if languages is not None and tree.keywords is not None:
        problems += _check_keyword_languages(tree.keywords, languages)
    for node in tree.nodes.values():
        for link in node.links:
            scheme = dangerous_url(link.href)
            if scheme is not None:
                problems.append(
                    error(
                        "dangerous-url",
                        link.span,
                        f"'href' is a '{scheme}:' URL, which is never allowed",
                        "link to a page of the site or to an https:// address",
                    )
                )
    return problems


def _check_keyword_languages(keywords: Keywords, languages: Languages) -> list[Problem]:
    """Keywords in a language the site is not built in: no page would get them."""
    codes = languages.codes
    return [
        warning(
            "unknown-language",
            keywords.spans.get(lang, keywords.span),
            f"'keywords' has words in '{lang}', which is not one of the site's languages "
            f"({', '.join(codes)})" + did_you_mean(lang, codes),
        )
        for lang in keywords.values
        if lang != Text.DEFAULT and lang not in codes
    ]


def _check_languages(name: str, text: Text, languages: Languages) -> list[Problem]:
    problems: list[Problem] = []
    codes = languages.codes
    for lang in text.values:
        if lang != Text.DEFAULT and lang not in codes:
            problems.append(
                warning(
                    "unknown-language",
                    text.span_of(lang),
                    f"'{name}' has a text in '{lang}', which is not one of the site's "
                    f"languages ({', '.join(codes)})" + did_you_mean(lang, codes),
                )
            )
    for lang in codes:
        if not text.has(lang, languages.default):
            problems.append(
                warning(
                    "missing-translation",
                    text.span,
                    f"'{name}' has no '{lang}' text; the '{lang}' page shows the "
                    f"'{languages.default}' text, marked as not translated",
                )
            )
    return problems


def _may_end_a_scheme(value: str) -> bool:
    """True when a ':' follows a 't' or an 'a' (invisible characters between ignored).

    Every dangerous scheme ends so: a text without entities and without such a colon
    cannot hide one, which spares normalising almost every text.
    """
    colon = value.find(":")
    while colon != -1:
        before = colon - 1
        while before >= 0 and value[before] in _INVISIBLE_CHARS:
            before -= 1
        if before >= 0 and value[before] in "tTaA":
            return True
        colon = value.find(":", colon + 1)
    return False


def dangerous_url(value: str) -> str | None:
    """The scheme of a script-running URL hidden in ``value`` (``javascript``), or None.

    Entities, whitespace and control characters are removed first, as browsers do.
    """
    if "&" not in value and not _may_end_a_scheme(value):
        return None
    normal = _INVISIBLE_RE.sub("", html.unescape(html.unescape(value)))
    found = _DANGEROUS_RE.search(normal)
    return found.group(0)[:-1].lower() if found else None


def _dangerous_in_text(value: str) -> str | None:
    """The scheme of a script-running URL in a text, written out or as a Markdown link's
    address, which Markdown reads after its escapes (``javascript\\:``)."""
    found = dangerous_url(value)
    if found is None:
        found = next(filter(None, map(dangerous_url, markdown_links(value))), None)
    return found


class DocsFiles:
    """Where paths under a docs directory lead, each looked up once per check run, and
    the anchors of its pages (:class:`PageAnchors`, made as ``rules`` say)."""

    def __init__(
        self,
        docs_dir: Path,
        rules: AnchorRules | None = None,
        languages: Languages | None = None,
    ) -> None:
        self.root = docs_dir.resolve()
        self._found: dict[str, str] = {}
        self.anchors = PageAnchors(docs_dir, rules, languages)

    def where(self, path: str) -> str:
        """``file``, ``missing`` or ``outside`` (the docs directory) for a relative path."""
        found = self._found.get(path)
        if found is None:
            target = (self.root / path).resolve()
            if not target.is_relative_to(self.root):
                found = "outside"
            else:
                found = "file" if target.is_file() else "missing"
            self._found[path] = found
        return found


def check_links(tree: Tree, docs: Path | DocsFiles) -> list[Problem]:
    """Check that every ``links`` href, and every link written in Markdown in a text, is a
    page or file inside the docs directory (or an address on the web).

    ``docs`` is the directory, or a :class:`DocsFiles` shared by the trees of one run.
    """
    problems: list[Problem] = []
    files = docs if isinstance(docs, DocsFiles) else DocsFiles(docs)
    for node in tree.nodes.values():
        for link in node.links:
            where = TreeLink(tree.id, None)
            problem = _check_href(link.href, link.span, files, "'href'", where)
            if problem is not None:
                problems.append(problem)
    for name, text in tree.texts():
        for lang, value in text.values.items():
            where = TreeLink(tree.id, None if lang == Text.DEFAULT else lang)
            for href in markdown_links(value):
                subject = f"a link in '{name}'"
                problem = _check_href(href, text.span_of(lang), files, subject, where)
                if problem is not None:
                    problems.append(problem)
    return problems


@dataclass(frozen=True, slots=True)
class TreeLink:
    """Where a tree's link is shown: the tree's pages in ``lang`` (None: every language)."""

    tree_id: str
    lang: str | None


def markdown_links(source: str) -> list[str]:
    """Where the links of a Markdown text lead (``[words](href)``, reference links)."""
    if "](" not in source and "]:" not in source and "][" not in source:
        return []  # no link can be written without one of these
    found: list[str] = []
    for event in pyromark.events(source):
        start = event.get("Start") if isinstance(event, dict) else None
        if isinstance(start, dict) and "Link" in start:
            found.append(str(start["Link"]["dest_url"]))
    return found


def _check_href(
    href: str, span: Span, files: DocsFiles, subject: str, where: TreeLink
) -> Problem | None:
    """What is wrong with a link to ``href``, if anything; ``subject`` names the link."""
    if dangerous_url(href) is not None:
        return None  # reported by check_tree
    if _SCHEME_RE.match(href):
        scheme = href.split(":", 1)[0].lower()
        if scheme in _SAFE_SCHEMES:
            return None
        return error(
            "invalid-link",
            span,
            f"{subject} uses the scheme '{shown(scheme)}:'; expected a page of the site or one "
            f"of {one_of(_SAFE_SCHEMES)}",
        )
    path = href.split("#", 1)[0].split("?", 1)[0]
    if "\x00" in path or path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path):
        return error(
            "invalid-link",
            span,
            f"{subject} must be a path relative to the docs directory, found '{shown(href)}'",
        )
    if not path:
        return _check_own_anchor(href, span, files, subject, where)
    found = files.where(path)
    if found == "outside":
        return error(
            "invalid-link",
            span,
            f"{subject} points to '{shown(href)}', which is outside the docs directory",
        )
    if found == "missing":
        return error(
            "broken-link",
            span,
            f"{subject} points to '{shown(path)}', which is not a file in the docs directory",
        )
    if "#" not in href or not path.endswith(".md"):
        return None
    anchors = files.anchors
    page = (files.root / path).resolve()
    langs = [where.lang] if where.lang is not None else _codes(anchors.languages)
    pages = list(dict.fromkeys(anchors.version(page, lang) for lang in langs))
    return missing_anchor(anchors, pages, href, where.lang, subject, span)


def _codes(languages: Languages | None) -> list[str | None]:
    return list(languages.codes) if languages is not None else [None]


def _check_own_anchor(
    href: str, span: Span, files: DocsFiles, subject: str, where: TreeLink
) -> Problem | None:
    """A link to ``#anchor`` in a tree: an anchor of the pages that show the tree (in the
    link's language, when it has one)."""
    anchor = href.partition("#")[2]
    if not anchor:
        return None
    anchors = files.anchors
    pages = anchors.pages_showing(where.tree_id)
    if where.lang is not None:
        own = [p for p in pages if anchors.page_language(p) == where.lang]
        if not own and anchors.languages is not None:
            own = [p for p in pages if anchors.page_language(p) == anchors.languages.default]
        pages = own
    return missing_anchor(anchors, pages, href, where.lang, subject, span)
