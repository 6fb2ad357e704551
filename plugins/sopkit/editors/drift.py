"""Translation drift: texts whose default language changed while a translation did not.

A tree is compared, text by text (``nodes.<id>.<field>``), with the same tree at an
earlier git ref. When the default-language text changed but another language's text
is the same as before, that translation is probably stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..languages import Languages
from ..model import Text, Tree
from ..problems import Problem, printable, warning


def _value(text: Text, lang: str, default: str) -> str | None:
    if lang in text.values:
        return text.values[lang]
    if lang == default:
        return text.values.get(Text.DEFAULT)
    return None


def _field(name: str) -> tuple[str | None, str]:
    """``nodes.x.answers.0.label`` -> (``x``, ``answers.0.label``); tree texts have no node."""
    if name.startswith("nodes."):
        node_id, _, rest = name[len("nodes.") :].partition(".")
        return node_id, rest
    return None, name


def stale_texts(now: Tree, then: Tree, languages: Languages) -> Iterable[tuple[str, str, Text]]:
    """(text name, language, text) for every translation that did not follow its source."""
    default = languages.default
    before = dict(then.texts())
    for name, text in now.texts():
        old = before.get(name)
        if old is None:
            continue
        source, old_source = _value(text, default, default), _value(old, default, default)
        if source is None or old_source is None or source == old_source:
            continue
        for lang in languages.codes:
            if lang == default:
                continue
            value = _value(text, lang, default)
            if value is not None and value == _value(old, lang, default):
                yield name, lang, text


def check_drift(now: Tree, then: Tree, languages: Languages, ref: str) -> list[Problem]:
    """One warning per translation that may be stale since ``ref``."""
    problems = []
    default = languages.default
    for name, lang, text in stale_texts(now, then, languages):
        node_id, field = _field(name)
        where = f"the '{field}' of node '{node_id}'" if node_id else f"the '{field}'"
        problems.append(
            warning(
                "stale-translation",
                text.span_of(lang),
                f"{where} changed in '{default}' since {ref}, but its '{lang}' text did not",
                f"update the '{lang}' text to match the new '{default}' text",
            )
        )
    return problems


@dataclass(frozen=True, slots=True)
class LanguageStats:
    """How many of a tree's texts one language has."""

    lang: str
    texts: int
    translated: int
    missing: int
    stale: int | None


def tree_stats(tree: Tree, languages: Languages, then: Tree | None = None) -> list[LanguageStats]:
    """Per language: texts, translated, missing and (with ``then``) possibly stale."""
    names = list(tree.texts())
    stale: dict[str, int] = {}
    if then is not None:
        for _, lang, _ in stale_texts(tree, then, languages):
            stale[lang] = stale.get(lang, 0) + 1
    rows = []
    for lang in languages.codes:
        have = sum(text.has(lang, languages.default) for _, text in names)
        rows.append(
            LanguageStats(
                lang,
                len(names),
                have,
                len(names) - have,
                stale.get(lang, 0) if then is not None else None,
            )
        )
    return rows


def format_stats(rows: Iterable[tuple[str, LanguageStats]]) -> str:
    """A plain-text table: tree, language, texts, translated, missing, stale."""
    table = [("tree", "language", "texts", "translated", "missing", "stale")]
    for tree_id, row in rows:
        stale = "-" if row.stale is None else str(row.stale)
        counts = (str(row.texts), str(row.translated), str(row.missing), stale)
        table.append((printable(tree_id), row.lang, *counts))
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    lines = []
    for line in table:
        cells = [line[0].ljust(widths[0]), line[1].ljust(widths[1])]
        cells += [cell.rjust(width) for cell, width in zip(line[2:], widths[2:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
