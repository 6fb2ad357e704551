"""Page drift: a page (``x.md``) that changed since a git ref while its translation
(``x.<lang>.md``, mkdocs-static-i18n's suffix structure) did not.

Git says which files differ from the ref (committed or not); a translation that
differs too is taken as followed, the same rule as trees' texts
(:mod:`sopkit.editors.drift`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..languages import Languages
from ..model import Span
from ..problems import Problem, printable, warning
from .history import changed_files


@dataclass(frozen=True, slots=True)
class PagePair:
    """A default-language page and one language's translation of it (None: not written)."""

    page: str
    lang: str
    translation: str | None
    """Both paths are relative to the docs directory, with ``/``."""


def page_pairs(
    docs_dir: Path, languages: Languages, excluded: Callable[[str], bool] | None = None
) -> list[PagePair]:
    """For each default-language page and each other language: the pair, in name order."""
    others = [lang for lang in languages.codes if lang != languages.default]
    suffixes = {f".{lang}" for lang in languages.codes}
    pairs = []
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        stem = Path(path.stem)
        if stem.suffix in suffixes or (excluded is not None and excluded(page)):
            continue
        for lang in others:
            translated = path.with_name(f"{path.stem}.{lang}.md")
            name = translated.relative_to(docs_dir).as_posix() if translated.is_file() else None
            pairs.append(PagePair(page, lang, name))
    return pairs


def stale_pages(pairs: list[PagePair], changed: set[str]) -> list[PagePair]:
    """The pairs whose page changed while the translation did not."""
    return [
        pair
        for pair in pairs
        if pair.translation is not None and pair.page in changed and pair.translation not in changed
    ]


def check_page_drift(
    docs_dir: Path, languages: Languages, ref: str, cwd: Path, excluded: Callable[[str], bool]
) -> list[Problem]:
    """One warning per translated page that may be stale since ``ref``, at its first line."""
    pairs = page_pairs(docs_dir, languages, excluded)
    if not pairs:
        return []
    shown = os.path.relpath(docs_dir, cwd).replace(os.sep, "/")
    problems = []
    for pair in stale_pages(pairs, changed_files(docs_dir, ref)):
        assert pair.translation is not None
        problems.append(
            warning(
                "stale-page",
                Span(f"{shown}/{printable(pair.translation)}", 1, 1),
                f"{shown}/{printable(pair.page)} changed since {ref}, but its '{pair.lang}' "
                "translation did not",
                f"update this page to match the new '{languages.default}' page",
            )
        )
    return problems


def format_page_stats(pairs: list[PagePair], changed: set[str] | None) -> str:
    """A plain-text table per language: pages, translated, missing and (with a ref) stale."""
    table = [("language", "pages", "translated", "missing", "stale")]
    stale = stale_pages(pairs, changed) if changed is not None else []
    for lang in dict.fromkeys(pair.lang for pair in pairs):
        mine = [pair for pair in pairs if pair.lang == lang]
        have = sum(pair.translation is not None for pair in mine)
        drifted = "-" if changed is None else str(sum(p.lang == lang for p in stale))
        table.append((lang, str(len(mine)), str(have), str(len(mine) - have), drifted))
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    lines = []
    for line in table:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
