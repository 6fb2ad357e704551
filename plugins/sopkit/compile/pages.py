"""The pages that show trees, checked against the trees: every sopkit fence of every page
(in every language), and every tree that no page shows.

``sopkit check`` and the MkDocs plugin report the same problems from here. A tree whose
file has errors is reported once, at its file: a page that shows it gets no second error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..languages import Languages
from ..model import Span, Tree
from ..problems import Problem, did_you_mean, error, warning
from .anchors import AnchorRules, PageAnchors
from .fences import CHANGES, TREE, Fence, changes_days, iter_fences
from .pagelinks import check_page_links


@dataclass(frozen=True, slots=True)
class TreeFence:
    """A ```` ```decision-tree ```` fence of a page: the tree id as written, and where."""

    tree_id: str
    page: Path
    line: int
    col: int


Excluded = Callable[[str], bool]
"""Whether the site leaves a page out (its path relative to the docs directory, with ``/``)."""


def _page_fences(
    docs_dir: Path, kind: str, excluded: Excluded | None = None
) -> Iterator[tuple[Path, Fence]]:
    """Every fence of ``kind`` of every built page under ``docs_dir``, in name order."""
    for page in sorted(docs_dir.rglob("*.md")):
        if excluded is not None and excluded(page.relative_to(docs_dir).as_posix()):
            continue  # not built, so it shows nothing to agents
        try:
            text = page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # unreadable pages are MkDocs' to report
        if kind not in text:
            continue
        for fence in iter_fences(text.split("\n")):
            if fence.kind == kind:
                yield page, fence


def tree_fences(docs_dir: Path, excluded: Excluded | None = None) -> Iterator[TreeFence]:
    """Every tree fence of every built page under ``docs_dir``, page by page in name order."""
    for page, fence in _page_fences(docs_dir, TREE, excluded):
        yield TreeFence(fence.text, page, fence.start + 1, len(fence.indent) + 1)


def check_pages(
    docs_dir: Path,
    trees: Mapping[str, Tree],
    broken: Collection[str],
    trees_dir: str,
    root: Path,
    excluded: Excluded | None = None,
    rules: AnchorRules | None = None,
    languages: Languages | None = None,
) -> list[Problem]:
    """Problems of the pages under ``docs_dir`` with the trees they show, and links of
    the pages to pages or anchors that do not exist.

    ``broken`` names trees whose files exist but have errors; ``trees_dir`` is the trees
    directory as messages name it; paths are shown relative to ``root``. Pages the site
    leaves out (``excluded``, e.g. by MkDocs' ``exclude_docs``) are not checked.
    ``rules`` say how the site makes heading ids; ``languages`` which page translates
    which (``x.es.md``).
    """
    problems = _check_fences(docs_dir, trees, broken, trees_dir, root, excluded)
    anchors = PageAnchors(docs_dir, rules, languages)
    anchors.trees = trees
    skip = excluded or _nothing_excluded
    pages = [
        page
        for page in sorted(docs_dir.rglob("*.md"))
        if not skip(page.relative_to(docs_dir).as_posix())
    ]
    return problems + check_page_links(pages, anchors, root, skip)


def _nothing_excluded(page: str) -> bool:
    return False


def _check_fences(
    docs_dir: Path,
    trees: Mapping[str, Tree],
    broken: Collection[str],
    trees_dir: str,
    root: Path,
    excluded: Excluded | None,
) -> list[Problem]:
    """Problems of the sopkit fences of the pages, and trees no page shows."""
    problems: list[Problem] = []
    shown: set[str] = set()
    first_on_page: dict[tuple[Path, str], int] = {}
    for fence in tree_fences(docs_dir, excluded):
        shown.add(fence.tree_id)
        page = os.path.relpath(fence.page, root).replace(os.sep, "/")
        earlier = first_on_page.setdefault((fence.page, fence.tree_id), fence.line)
        if earlier != fence.line:
            problems.append(
                error(
                    "tree-twice",
                    Span(page, fence.line, fence.col),
                    f"the page already shows the tree '{fence.tree_id}' (line {earlier}); "
                    "its steps would have the same addresses twice on one page",
                    "keep one of the two fences",
                )
            )
            continue
        if fence.tree_id in trees or fence.tree_id in broken:
            continue
        problems.append(
            error(
                "unknown-tree",
                Span(page, fence.line, fence.col),
                f"the page shows the tree '{fence.tree_id}', which is not a tree in "
                f"{trees_dir}/" + did_you_mean(fence.tree_id, [*trees, *broken]),
            )
        )
    for page_path, changes in _page_fences(docs_dir, CHANGES, excluded):
        days = changes_days(changes)
        if isinstance(days, str):
            page = os.path.relpath(page_path, root).replace(os.sep, "/")
            span = Span(page, changes.start + 1, len(changes.indent) + 1)
            problems.append(error("bad-fence", span, days))
    for tree in trees.values():
        if tree.id not in shown:
            problems.append(
                warning(
                    "unused-tree",
                    Span(tree.path, 1, 1),
                    f"no page shows the tree '{tree.id}', so agents cannot open it",
                    "show it on a page with a 'decision-tree' fence, or delete the file",
                )
            )
    return problems
