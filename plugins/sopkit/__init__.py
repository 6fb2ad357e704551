"""sopkit: escalation procedures as decision trees, for MkDocs sites.

The public functions load, check and render trees without MkDocs; the MkDocs plugin
(``sopkit.integrations.mkdocs_plugin``) and the Markdown extension
(``sopkit.integrations.markdown_extension``) adapt them.
"""

from __future__ import annotations

from pathlib import Path

from .compile.catalog import CheckResult, check_paths
from .compile.checks import check_tree
from .compile.loader import load_file
from .compile.validate import build_tree
from .languages import Languages
from .model import Tree
from .problems import Problem
from .render.context import PageContext
from .render.guide import render_guide

__version__ = "0.2.0"

__all__ = [
    "CheckResult",
    "Languages",
    "PageContext",
    "Problem",
    "Tree",
    "__version__",
    "check_paths",
    "check_tree",
    "load_tree",
    "render_guide",
]


def load_tree(path: Path | str, display: str | None = None) -> tuple[Tree | None, list[Problem]]:
    """Load one tree file: the tree (None when it cannot be built) and its file problems.

    Graph and language checks are done by :func:`check_tree`; checks across trees by
    :func:`check_paths`.
    """
    path = Path(path)
    document, problems = load_file(path, display)
    tree, more = build_tree(document, path.stem)
    return tree, problems + more
