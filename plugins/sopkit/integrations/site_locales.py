"""A site's own UI strings (the ``locales_dir`` option), read without MkDocs, and what
is wrong with them as located problems: ``sopkit check`` says what the build says.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..languages import Languages
from ..locales import LocaleError, fallback_of, missing_keys, site_locales, with_site_files
from ..model import Span
from ..problems import Problem, error, warning
from ..settings import SettingError, read_option
from .site import Site


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def site_ui(site: Site) -> dict[str, dict[str, str]]:
    """The site's UI strings by language: its locale files, then its ``ui_strings``.

    Raises :class:`sopkit.locales.LocaleError` for a locale file sopkit cannot read.
    """
    folder = site.settings.locales_dir
    own = site_locales(site.root / folder) if folder else None
    return with_site_files(own, site.settings.ui_strings)


def locale_problems(site: Site, languages: Languages, cwd: Path) -> list[Problem]:
    """What the build says about UI strings: a site locale file sopkit cannot use, and
    each language that lacks some words (they fall back to the default language)."""
    folder = site.settings.locales_dir
    if site.config_file is None:
        return []  # no site: nothing is built, so no UI string is shown
    config = _shown(site.config_file, cwd)
    shown = _shown(site.root / folder, cwd) if folder else None
    try:
        own = site_locales(site.root / folder) if folder else None
        read_option("ui_strings", with_site_files(own, {}))
    except LocaleError as exc:
        return [error("bad-locale", Span(shown or config, 1, 1), str(exc), "fix the locale file")]
    except SettingError as exc:
        where = _locale_span(site.root / str(folder), shown or config, exc.at)
        return [error("bad-locale", where, str(exc), "fix the locale file")]
    extra = with_site_files(own, site.settings.ui_strings)
    problems = []
    for lang in languages.codes:
        missing = missing_keys(lang, extra)
        if not missing:
            continue
        where = Span(f"{shown}/{lang}.json", 1, 1) if shown else Span(config, 1, 1)
        hint = (
            f"add them to {shown}/{lang}.json"
            if shown
            else f"add 'locales_dir: locales' to sopkit's options and write locales/{lang}.json"
        )
        listed = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        problems.append(
            warning(
                "missing-ui-strings",
                where,
                f"{len(missing)} UI string{'s' if len(missing) != 1 else ''} of '{lang}' "
                f"missing ({listed}): the "
                f"'{fallback_of(lang, languages.default, extra)}' words are shown instead",
                f"{hint} (sopkit translate export --lang {lang} lists every one)",
            )
        )
    return problems


def _locale_span(folder: Path, shown: str, at: tuple[str, ...]) -> Span:
    """Where the string ``at`` (language, key) is written in a site's locale file."""
    if len(at) != 2:
        return Span(shown, 1, 1)
    lang, key = at
    try:
        lines = (folder / f"{lang}.json").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    quoted = json.dumps(key, ensure_ascii=False) + ":"
    for number, line in enumerate(lines, start=1):
        if quoted in line:
            return Span(f"{shown}/{lang}.json", number, line.index(quoted) + 1)
    return Span(f"{shown}/{lang}.json", 1, 1)
