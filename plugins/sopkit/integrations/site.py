"""Find the site a tree belongs to and read the few settings sopkit needs from it.

This reads ``mkdocs.yml`` as plain YAML (no MkDocs import), so the command line and
other site engines get the same languages and directories as the MkDocs plugin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..languages import Languages

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")


class _ConfigLoader(yaml.CSafeLoader):
    """Safe loader that reads MkDocs' custom tags (``!ENV``, ``!!python/name:``) as None."""


def _ignore_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


@dataclass(frozen=True)
class Site:
    """The settings of the site that holds some trees."""

    root: Path
    config_file: Path | None
    trees_dir: Path
    docs_dir: Path | None
    languages: Languages | None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def review_every_days(self) -> int | None:
        """The default review period in days (the plugin's ``review_every_days``), or None."""
        value = self.options.get("review_every_days")
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        return None


def find_config(start: Path) -> Path | None:
    """The ``mkdocs.yml`` in ``start`` or the nearest directory above it."""
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else start.parents:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def read_config(path: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as a dictionary (empty when it cannot be read)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def plugin_options(config: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    """The options of plugin ``name`` in an MkDocs config, or None when it is not used."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            options = entry[name]
            return options if isinstance(options, dict) else {}
    return None


def languages_from_config(config: Mapping[str, Any]) -> Languages | None:
    """Languages from sopkit's own options, else from the i18n plugin, else None."""
    sopkit = plugin_options(config, "sopkit") or {}
    codes = sopkit.get("languages")
    if isinstance(codes, list) and codes and all(isinstance(c, str) for c in codes):
        default = sopkit.get("default_language")
        return Languages.of(codes, default if isinstance(default, str) else None)
    i18n = plugin_options(config, "i18n")
    if not i18n:
        return None
    found: list[str] = []
    default = None
    for entry in i18n.get("languages") or []:
        if isinstance(entry, dict) and isinstance(entry.get("locale"), str):
            locale = entry["locale"]
            if locale not in found:
                found.append(locale)
            if entry.get("default"):
                default = locale
    return Languages.of(found, default) if found else None


def load_site(start: Path) -> Site:
    """The site around ``start`` (a directory or file); without ``mkdocs.yml``, ``start``."""
    config_file = find_config(start)
    if config_file is None:
        root = start.resolve() if start.is_dir() else start.resolve().parent
        return Site(root, None, root / "decision_trees", None, None)
    root = config_file.parent
    config = read_config(config_file)
    options = plugin_options(config, "sopkit") or {}
    trees = options.get("trees_dir", "decision_trees")
    docs = config.get("docs_dir", "docs")
    return Site(
        root=root,
        config_file=config_file,
        trees_dir=(root / str(trees)).resolve(),
        docs_dir=(root / str(docs)).resolve(),
        languages=languages_from_config(config),
        options=options,
    )
