"""Find the site a tree belongs to and read sopkit's settings from it.

This reads ``mkdocs.yml`` as plain YAML (no MkDocs import), so the command line and
other site engines get the same settings (:class:`sopkit.settings.Settings`), languages
and directories as the MkDocs plugin, and the same problems, located in the file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pathspec
import yaml

from ..compile.anchors import AnchorRules, python_value
from ..compile.terminology import check_terminology, read_glossary
from ..languages import Languages
from ..model import Span, Tree
from ..problems import Problem, error
from ..settings import GLOSSARY, SettingError, Settings, read_settings

CONFIG_NAMES = (
    "mkdocs.yml",
    "mkdocs.yaml",
    "properdocs.yml",
    "properdocs.yaml",
    "zensical.toml",
)
"""The config files a site may have, in the order they are looked for."""


class _ConfigLoader(yaml.CSafeLoader):
    """Safe loader that reads MkDocs' custom tags (``!ENV``, ``!!python/name:``) as None."""


def _ignore_tag(loader: yaml.Loader, suffix: str, node: yaml.Node) -> None:
    return None


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    # A date that does not exist (2026-13-01) stays text: the option that reads it says
    # what is wrong, where PyYAML would raise.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_ConfigLoader.add_multi_constructor("!", _ignore_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class _MarkdownLoader(_ConfigLoader):
    """Reads ``markdown_extensions`` as MkDocs does: ``!!python/name:`` and
    ``!!python/object/apply:`` values loaded (a ``slugify`` function, say)."""


def _python(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = None
    return python_value("python/" + suffix, value)


_MarkdownLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python)


def anchor_rules(config_file: Path) -> AnchorRules:
    """How the site's Markdown makes ids, from ``markdown_extensions`` in its config."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_MarkdownLoader)
    except (OSError, ValueError, yaml.YAMLError):  # UnicodeDecodeError is a ValueError
        return AnchorRules()
    entries = data.get("markdown_extensions") if isinstance(data, dict) else None
    if isinstance(entries, dict):
        entries = [{name: options} for name, options in entries.items()]
    return AnchorRules.from_config(entries if isinstance(entries, list) else [])


@dataclass(frozen=True)
class Site:
    """The settings of the site that holds some trees."""

    root: Path
    config_file: Path | None
    trees_dir: Path
    docs_dir: Path | None
    languages: Languages | None
    settings: Settings = field(default_factory=Settings)
    problems: list[Problem] = field(default_factory=list)
    """What is wrong with the sopkit options in the config file, located."""
    exclude_docs: str | None = None
    """The site's ``exclude_docs`` patterns (gitignore style), as written."""
    anchors: AnchorRules = field(default_factory=AnchorRules)
    """How the site's Markdown makes the ids that links lead to."""
    config: Mapping[str, Any] = field(default_factory=dict)
    """The config file as read (``zensical.toml``: its ``project`` table)."""

    def excluded(self, page: str) -> bool:
        """True for a page (relative to the docs directory) the site does not build."""
        return excluded_pages(self.exclude_docs)(page)

    @property
    def review_every_days(self) -> int | None:
        """The default review period in days (the plugin's ``review_every_days``), or None."""
        return self.settings.review_every_days


MKDOCS_EXCLUDED = (".*", "/templates/")
"""Pages MkDocs never builds, whatever ``exclude_docs`` says."""


@lru_cache(maxsize=8)
def excluded_pages(patterns: str | None = None) -> Callable[[str], bool]:
    """Whether a page (its path relative to the docs directory) is left out of the site:
    it matches ``exclude_docs``'s gitignore-style ``patterns`` or MkDocs' own."""
    lines = [*MKDOCS_EXCLUDED, *(patterns or "").splitlines()]
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    return spec.match_file


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
    """``mkdocs.yml`` as a dictionary (empty when it cannot be read); for a
    ``zensical.toml``, its ``project`` table (where its ``plugins.sopkit`` table holds
    sopkit's options, which Zensical itself ignores)."""
    if path.suffix == ".toml":
        return _read_toml(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    project = data.get("project", data)
    return project if isinstance(project, dict) else {}


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


def languages_from_config(
    config: Mapping[str, Any], settings: Settings | None = None
) -> Languages | None:
    """Languages from sopkit's own options, else from the i18n plugin, else None."""
    if settings is None:
        settings, _ = read_settings(plugin_options(config, "sopkit") or {})
    if settings.languages:
        return Languages.of(settings.languages, settings.default_language)
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
    settings, found = read_settings(options)
    docs = config.get("docs_dir", "docs")
    exclude = config.get("exclude_docs")
    return Site(
        root=root,
        config_file=config_file,
        trees_dir=(root / settings.trees_dir).resolve(),
        docs_dir=(root / str(docs)).resolve(),
        languages=languages_from_config(config, settings),
        settings=settings,
        problems=_located(found, config_file, root),
        exclude_docs=exclude if isinstance(exclude, str) else None,
        anchors=anchor_rules(config_file),
        config=config,
    )


def _located(found: Mapping[str, SettingError], config_file: Path, root: Path) -> list[Problem]:
    """Problems with sopkit's options, at the option's key in the config file (or at the
    key inside it that holds the wrong value)."""
    spans = setting_spans(config_file, found)
    return [
        error(
            "bad-setting",
            spans[name],
            f"sopkit option '{name}': {problem}",
            "the options are listed in the README's quick reference",
        )
        for name, problem in found.items()
    ]


def setting_spans(config_file: Path, found: Mapping[str, SettingError]) -> dict[str, Span]:
    """Where each option with a problem is written: its key, or the key inside it that
    holds the wrong value (the file is named as in its own folder, ``mkdocs.yml``)."""
    if not found:
        return {}
    options = _options_node(config_file)
    return {
        name: Span(config_file.name, *_key_position(options, (name, *problem.at)))
        for name, problem in found.items()
    }


def _options_node(config_file: Path) -> yaml.MappingNode | None:
    """The composed mapping of sopkit's options in the config file, if it has one."""
    if config_file.suffix == ".toml":
        return None  # no positions in TOML: the problem points at the file's start
    try:
        root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    plugins = _value_of(root, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    for entry in entries:
        options = _value_of(entry, "sopkit")
        if isinstance(options, yaml.MappingNode):
            return options
    return None


def _key_position(node: yaml.Node | None, keys: tuple[str, ...]) -> tuple[int, int]:
    """Where (line, column) the innermost of ``keys`` is written, as deep as they lead."""
    position = (1, 1)
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        entry = next(((k, v) for k, v in node.value if str(k.value) == key), None)
        if entry is None:
            break
        position = (entry[0].start_mark.line + 1, entry[0].start_mark.column + 1)
        node = entry[1]
    return position


def _value_of(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for k, value in node.value if k.value == key), None)


def terminology_problems(
    site: Site,
    trees: Iterable[Tree],
    languages: Languages,
    shown_from: Path,
    excluded: Callable[[str], bool] | None = None,
) -> list[Problem]:
    """The site's glossary problems, or else the avoided terms in its trees and pages.

    Paths are shown relative to ``shown_from``, as the tree check shows the trees' own;
    pages that ``excluded`` (default: the site's ``exclude_docs``) leaves out are skipped.
    """
    path = site.root / site.settings.glossary
    shown = _shown(path, shown_from)
    if not path.is_file():
        if site.settings.glossary == GLOSSARY or site.config_file is None:
            return []  # a site without a glossary checks no terms
        found = {"glossary": SettingError(f"there is no file {shown}")}
        return _located(found, site.config_file, site.root)
    glossary, problems = read_glossary(path, shown)
    if problems:
        return problems
    tree_files = [(_source(tree.path, shown_from), tree.path) for tree in trees]
    return check_terminology(glossary, tree_files, _pages(site, shown_from, excluded), languages)


def _pages(
    site: Site, shown_from: Path, excluded: Callable[[str], bool] | None
) -> list[tuple[Path, str]]:
    """The site's built pages, each with its shown path."""
    if site.docs_dir is None or not site.docs_dir.is_dir():
        return []
    leaves_out = excluded or site.excluded
    return [
        (page, _shown(page, shown_from))
        for page in sorted(site.docs_dir.rglob("*.md"))
        if not leaves_out(page.relative_to(site.docs_dir).as_posix())
    ]


def _shown(path: Path, shown_from: Path) -> str:
    return os.path.relpath(path, shown_from).replace(os.sep, "/")


def _source(shown_path: str, shown_from: Path) -> Path:
    path = Path(shown_path)
    return path if path.is_absolute() else shown_from / path
