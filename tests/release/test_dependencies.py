"""Every package sopkit imports is declared in ``pyproject.toml``, with a range.

A package that only arrives through another one (``pathspec`` through MkDocs) would
vanish from a user's install the day that one stops needing it.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "plugins" / "sopkit"


def imported_modules() -> set[str]:
    """The top-level names of every module the package imports (not its own)."""
    found: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"sopkit", "__future__"}


def declared() -> dict[str, str]:
    """Declared runtime dependency -> its version range, names normalised (PEP 503)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    ranges: dict[str, str] = {}
    for requirement in project["dependencies"]:
        name = re.split(r"[^A-Za-z0-9._-]", requirement, maxsplit=1)[0]
        ranges[normalised(name)] = requirement[len(name) :].strip()
    return ranges


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_a_declared_dependency_with_a_range() -> None:
    distributions = packages_distributions()
    ranges = declared()
    undeclared: dict[str, list[str]] = {}
    for module in sorted(imported_modules()):
        names = [normalised(d) for d in distributions.get(module, [module])]
        if not any(name in ranges for name in names):
            undeclared[module] = names
    assert undeclared == {}
    assert {name: spec for name, spec in ranges.items() if "<" not in spec} == {}
