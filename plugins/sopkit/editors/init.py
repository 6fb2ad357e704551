"""``sopkit init``: a content repository a team can build, check and extend at once.

The files are templates in ``init_files/`` (shipped in the package) with three markers
filled in; the starter tree is :func:`sopkit.editors.starter.starter_tree` and the JSON Schema
is :func:`sopkit.compile.schema.schema_text`, so what ``init`` writes is what ``sopkit new`` and
``sopkit schema`` write. Nothing is written when any target already exists, unless the
caller says to overwrite.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path, PurePosixPath

from .. import __version__
from ..compile.schema import schema_text
from ..languages import Languages
from .starter import REPO_SCHEMA, starter_tree

STARTER_TREE = "escalate-to-tier-2"
STARTER_TITLE = {"en": "Escalate to Tier 2", "es": "Escalar al Nivel 2"}
SCHEMA_PATH = REPO_SCHEMA.as_posix()
LANGUAGES = Languages.of(["en", "es"])

# Template file (under init_files/) -> where it goes in the new repository.
_TEMPLATES = {
    "mkdocs.yml": "mkdocs.yml",
    "docs/index.md": "docs/index.md",
    "docs/index.es.md": "docs/index.es.md",
    "requirements.txt": "requirements.txt",
    ".pre-commit-config.yaml": ".pre-commit-config.yaml",
    ".vscode/settings.json": ".vscode/settings.json",
    ".vscode/tasks.json": ".vscode/tasks.json",
    ".github/workflows/sopkit.yml": ".github/workflows/sopkit.yml",
    "gitignore": ".gitignore",  # not named .gitignore in the package, where git would obey it
}


class ExistingFiles(Exception):
    """Some files ``init`` would write exist already; nothing was written."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(", ".join(paths))
        self.paths = paths


class LinkedFiles(Exception):
    """Some files ``init`` would write are symbolic links; nothing was written."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(", ".join(paths))
        self.paths = paths


def repository_files(site_name: str, today: dt.date) -> dict[str, str]:
    """Every file of a new content repository: relative POSIX path -> text."""
    files = {
        target: _fill(_template(name), _markers(target, site_name))
        for name, target in _TEMPLATES.items()
    }
    files[f"decision_trees/{STARTER_TREE}.yml"] = starter_tree(
        STARTER_TREE, LANGUAGES, today, f"../{SCHEMA_PATH}", STARTER_TITLE
    )
    files[SCHEMA_PATH] = schema_text()
    return files


def _markers(target: str, site_name: str) -> dict[str, str]:
    if target.endswith(".yml"):
        name = json.dumps(site_name, ensure_ascii=False)  # a JSON string is valid YAML
    else:
        name = html.escape(site_name, quote=False)  # Markdown passes HTML through
    return {"__SITE_NAME__": name, "__TREE_ID__": STARTER_TREE, "__SOPKIT_VERSION__": __version__}


def write_repository(
    root: Path, site_name: str, today: dt.date, *, overwrite: bool = False
) -> list[str]:
    """Write a new content repository into ``root``; the relative paths written, in order.

    Raises :class:`ExistingFiles` (and writes nothing) when a file exists and
    ``overwrite`` is false, and :class:`LinkedFiles` when one is a symbolic link: writing
    through it would change a file elsewhere, even with ``overwrite``.
    """
    files = repository_files(site_name, today)
    linked = [path for path in files if (root / path).is_symlink()]
    if linked:
        raise LinkedFiles(linked)
    existing = [path for path in files if (root / path).exists()]
    if existing and not overwrite:
        raise ExistingFiles(existing)
    for path, text in files.items():
        target = root.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return list(files)


def _template(name: str) -> str:
    return (
        resources.files("sopkit.editors").joinpath("init_files", name).read_text(encoding="utf-8")
    )


def _fill(text: str, markers: Mapping[str, str]) -> str:
    for marker, value in markers.items():
        text = text.replace(marker, value)
    return text
