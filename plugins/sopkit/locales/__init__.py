"""The words sopkit itself puts on a page (buttons, labels, the job aid, the case note).

Each language is one data file in this folder, ``<lang>.json``, and it is the only
source of these words: Python reads it here, and the player gets its share in each
guide's ``data-sopkit-data`` attribute. A file groups its strings by who reads them:

- ``page``: written into the guide's HTML,
- ``player``: also sent to the player (``assets/sopkit/*.mjs``), which has no words of
  its own,
- ``jobaid``: the printed job aid.

``en.json`` names every key; another language may leave keys out (English is used).
A new language is a new file; a site adds or rewords strings with the plugin's
``ui_strings`` option.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

REFERENCE = "en"
"""The language whose file names every key (and the last fallback)."""
GROUPS = ("page", "player", "jobaid")


class LocaleError(ValueError):
    """A locale file that is not what sopkit expects (named in the message)."""


class Locales:
    """The locale files of one folder, read once each."""

    def __init__(self, folder: Traversable, reference: Locales | None = None) -> None:
        self.folder = folder
        self.reference = reference
        """Where the keys come from, for a site's folder (which has no ``en.json``)."""
        self._read: dict[str, Mapping[str, Mapping[str, str]]] = {}

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """The languages that have a file, sorted (none when the folder does not exist)."""
        if not self.folder.is_dir():
            return ()
        return tuple(
            sorted(
                entry.name.removesuffix(".json")
                for entry in self.folder.iterdir()
                if entry.name.endswith(".json")
            )
        )

    def groups(self, lang: str) -> Mapping[str, Mapping[str, str]]:
        """The strings of ``lang``'s file by group (empty when there is no file)."""
        if lang not in self._read:
            self._read[lang] = self._load(lang)
        return self._read[lang]

    def strings(self, lang: str) -> dict[str, str]:
        """All strings of ``lang``'s file in one mapping (empty when there is no file)."""
        return {key: text for group in self.groups(lang).values() for key, text in group.items()}

    @cached_property
    def keys(self) -> frozenset[str]:
        """Every key sopkit knows (those of the reference file)."""
        return frozenset(self.strings(REFERENCE))

    @cached_property
    def player_keys(self) -> frozenset[str]:
        """The keys the player reads (the reference file's ``player`` group)."""
        return frozenset(self.groups(REFERENCE)["player"])

    def _load(self, lang: str) -> Mapping[str, Mapping[str, str]]:
        if lang not in self.languages:
            return {}
        name = f"{self.folder.name}/{lang}.json"
        try:
            data = json.loads((self.folder / f"{lang}.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LocaleError(f"{name}: cannot be read: {exc}") from exc
        if not isinstance(data, dict) or not data.keys() <= set(GROUPS):
            raise LocaleError(
                f"{name}: expected an object with the groups {list(GROUPS)}, "
                f"found {sorted(data) if isinstance(data, dict) else type(data).__name__}"
            )
        if self.reference is not None:
            known: Mapping[str, Mapping[str, str]] | None = self.reference.groups(REFERENCE)
        else:
            known = None if lang == REFERENCE else self.groups(REFERENCE)
        for group, strings in data.items():
            if not isinstance(strings, dict) or not all(
                isinstance(text, str) for text in strings.values()
            ):
                raise LocaleError(f"{name}: '{group}' must map keys to strings")
            if known is not None and not strings.keys() <= known.get(group, {}).keys():
                unknown = sorted(strings.keys() - known.get(group, {}).keys())
                raise LocaleError(
                    f"{name}: '{group}' has {unknown}, which locales/{REFERENCE}.json's "
                    f"'{group}' does not have"
                )
        return data


LOCALES = Locales(resources.files(__name__))
"""The locale files shipped with sopkit."""


def player_strings(strings: Mapping[str, str]) -> dict[str, str]:
    """The subset of UI strings the player needs."""
    keys = LOCALES.player_keys
    return {key: value for key, value in strings.items() if key in keys}


def ui_strings(
    lang: str, default_lang: str, extra: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, str]:
    """The UI strings for ``lang``: English, then the default language, then ``lang``.

    Missing keys fall back in that order, so a site's partial translation still works.
    ``extra`` is the site's ``ui_strings`` option: ``{language: {key: text}}``.
    """
    merged = LOCALES.strings(REFERENCE)
    extra = extra or {}
    for code in dict.fromkeys((default_lang, lang)):
        merged.update(LOCALES.strings(code))
        merged.update(extra.get(code, {}))
    return merged


def site_locales(folder: Traversable) -> Locales:
    """A site's own locale files (its ``locales_dir``), checked against sopkit's keys."""
    return Locales(folder, reference=LOCALES)


def with_site_files(
    site: Locales | None, extra: Mapping[str, Mapping[str, str]] | None
) -> dict[str, dict[str, str]]:
    """The site's UI strings by language: its locale files, then its ``ui_strings`` option."""
    merged = {lang: site.strings(lang) for lang in site.languages} if site is not None else {}
    for lang, strings in (extra or {}).items():
        merged.setdefault(lang, {}).update(strings)
    return merged


def missing_keys(lang: str, extra: Mapping[str, Mapping[str, str]] | None = None) -> list[str]:
    """The UI string keys ``lang`` has neither in sopkit's files nor in the site's."""
    have = set(LOCALES.strings(lang)) | set((extra or {}).get(lang, {}))
    return sorted(LOCALES.keys - have) if lang != REFERENCE else []


def write_locale(path: Path, lang: str, strings: Mapping[str, str]) -> None:
    """Add or change ``strings`` in a site's locale file, grouped as sopkit's are."""
    data: dict[str, dict[str, str]] = {}
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
    groups = LOCALES.groups(REFERENCE)
    for key, text in strings.items():
        group = next(name for name in GROUPS if key in groups.get(name, {}))
        data.setdefault(group, {})[key] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = {group: data[group] for group in GROUPS if group in data}
    path.write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def fallback_of(lang: str, default: str, extra: Mapping[str, Mapping[str, str]] | None) -> str:
    """The language whose words show where ``lang`` has none: the default language when
    it has every word, else English (see :func:`ui_strings`)."""
    if lang != default and not missing_keys(default, extra):
        return default
    return REFERENCE
