"""A site's pages and URLs worked out from its files, without a site engine.

Engines that run only the Markdown extension (Zensical) build ``docs/x.es.md`` as a
page of its own, at ``x.es/`` (``x.es.html`` without directory URLs), so a Spanish page
and its English twin are two pages of one site. This module knows that layout: the
URL of each page, which page shows each tree in each language, and where ``sopkit
jobaids build`` writes the job aids (``job-aids/<tree>.pdf``, ``job-aids/<tree>.es.pdf``),
so the guides link what that command writes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..compile.fences import tree_fences
from ..languages import Languages

JOB_AIDS_DIR = "job-aids"
"""The folder of the site that ``sopkit jobaids build`` writes into."""
PACK_NAME = "training-pack"


def language_suffix(path: str, codes: Iterable[str]) -> tuple[str, str | None]:
    """``guides/x.es.md`` -> (``guides/x.md``, ``es``); a path without one -> (path, None)."""
    stem, dot, ext = path.rpartition(".")
    base, _, code = stem.rpartition(".")
    if dot and base and code in codes:
        return f"{base}.{ext}", code
    return path, None


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site's root) of the page built from ``path`` (docs-relative)."""
    stem = path.removesuffix(".md")
    name = posixpath.basename(stem)
    if name == "index":
        folder = posixpath.dirname(stem)
        return f"{folder}/" if folder else ""
    return f"{stem}/" if use_directory_urls else f"{stem}.html"


def relative_url(target: str, base: str) -> str:
    """``target`` as linked from ``base`` (both relative to the same root; ``base`` a
    folder when it ends with ``/``, else a file in its folder)."""
    folder = base if base.endswith("/") or not base else posixpath.dirname(base)
    relative = posixpath.relpath("/" + target, "/" + folder)
    if target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/"
    return relative


def localized(path: str, lang: str, languages: Languages) -> str:
    """``path`` with ``lang``'s suffix (``x.md`` -> ``x.es.md``); the default as it is."""
    if lang == languages.default:
        return path
    stem, dot, ext = path.rpartition(".")
    return f"{stem}.{lang}.{ext}" if dot else path


def job_aid_path(tree_id: str, lang: str, languages: Languages, ext: str = "pdf") -> str:
    """Where a tree's job aid (``pdf``) or flowchart (``svg``) is in the site, in ``lang``."""
    return localized(f"{JOB_AIDS_DIR}/{tree_id}.{ext}", lang, languages)


def pack_path(lang: str, languages: Languages) -> str:
    """Where the training pack of ``lang`` is in the site."""
    return localized(f"{JOB_AIDS_DIR}/{PACK_NAME}.pdf", lang, languages)


@dataclass(frozen=True)
class SitePages:
    """The pages of a site's docs folder: their paths, and the page of each tree."""

    languages: Languages
    paths: frozenset[str]
    """Every page, relative to the docs folder (``guides/x.es.md``)."""
    tree_pages: dict[str, str] = field(default_factory=dict)
    """Tree id -> the page that shows it, without language suffix (``guides/x.md``)."""
    use_directory_urls: bool = True

    @classmethod
    def scan(
        cls,
        docs_dir: Path,
        languages: Languages,
        excluded: Callable[[str], bool],
        use_directory_urls: bool = True,
    ) -> SitePages:
        """Read every page of ``docs_dir`` (not ``excluded``) for the trees it shows."""
        paths = []
        tree_pages: dict[str, str] = {}
        for file in sorted(docs_dir.rglob("*.md")):
            path = file.relative_to(docs_dir).as_posix()
            if excluded(path):
                continue
            paths.append(path)
            text = file.read_text(encoding="utf-8", errors="replace")
            if "decision-tree" not in text:
                continue
            base, _ = language_suffix(path, languages.codes)
            for tree_id, _, _ in tree_fences(text):
                # A tree's page is the one named after it, else the first that shows it.
                named = Path(base).stem == tree_id
                if named or tree_id not in tree_pages:
                    tree_pages[tree_id] = base
        return cls(languages, frozenset(paths), tree_pages, use_directory_urls)

    def page_in(self, path: str, lang: str) -> str | None:
        """The page of ``path`` in ``lang``: its translation when there is one, else the
        page as written (None when neither exists)."""
        base, _ = language_suffix(path, self.languages.codes)
        translated = localized(base, lang, self.languages)
        if translated in self.paths:
            return translated
        return base if base in self.paths else (path if path in self.paths else None)

    def url(self, path: str) -> str:
        """The URL of page ``path`` (relative to the site's root)."""
        return page_url(path, self.use_directory_urls)

    def url_in(self, path: str, lang: str) -> str | None:
        """The URL of page ``path`` in ``lang`` (None when it is not a page)."""
        page = self.page_in(path, lang)
        return self.url(page) if page is not None else None

    def tree_url(self, tree_id: str, lang: str) -> str | None:
        """The URL of the page that shows ``tree_id`` in ``lang`` (None when none does)."""
        page = self.tree_pages.get(tree_id)
        return self.url_in(page, lang) if page is not None else None

    def language_of(self, path: str) -> str:
        """The language of a page from its file name (the default without a suffix)."""
        _, code = language_suffix(path, self.languages.codes)
        return code or self.languages.default


def nav_places(nav: object) -> dict[str, tuple[int, str | None]]:
    """Each page of a config's ``nav``: its position and the title of its section (None
    at the top level), as the job-aids list and the training pack order them."""
    places: dict[str, tuple[int, str | None]] = {}

    def walk(item: object, section: str | None) -> None:
        if isinstance(item, str):
            places.setdefault(item, (len(places), section))
        elif isinstance(item, list):
            for entry in item:
                walk(entry, section)
        elif isinstance(item, dict):
            for title, value in item.items():
                # ``Title: page.md`` names a page; ``Title: [...]`` is a section.
                walk(value, str(title) if isinstance(value, list) else section)

    walk(nav, None)
    return places
