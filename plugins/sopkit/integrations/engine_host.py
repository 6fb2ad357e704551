"""The extension's host under a site engine that runs Python-Markdown but not the sopkit
plugin (Zensical).

Zensical gives each page's Markdown instance a ``rendering_context`` preprocessor that
holds the page (its path under the docs folder, its URL and its front matter) and the
site's config. From that, this host renders each tree in the page's language, links
trees and pages as that engine builds them, and links the job aids where ``sopkit
jobaids build`` writes them. Settings are the site's (``mkdocs.yml`` or
``zensical.toml``), read as ``sopkit check`` reads them. Nothing here imports Zensical.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from markdown import Markdown

from ..compile.catalog import Catalog, UnreadableFolder, expand
from ..compile.review import overdue_trees, today
from ..editors.changes import RecentChanges, recent_changes
from ..languages import Languages
from ..locales import ui_strings
from ..model import Span, Tree
from ..render.cache import JobAidCache
from ..render.context import PageContext
from ..render.jobaid_index import JobAidEntry, PackLink, Translation
from ..render.printing import JobAidBuilder, JobAidFailed, JobAidSettings
from .plugin_off import PLUGIN_ONLY
from .site import Site, load_site, plugin_options
from .site_pages import SitePages, job_aid_path, nav_places, pack_path, page_url, relative_url

log = logging.getLogger("sopkit")

CONTEXT_PREPROCESSOR = "rendering_context"
"""The name Zensical registers the page's rendering context under."""
CACHE_ENV = "SOPKIT_CACHE_DIR"
PLAYER_SCRIPT = "player.mjs"
STALE_AFTER_SECONDS = 1.0


@dataclass(frozen=True)
class EnginePage:
    """What the engine says about the page being rendered."""

    path: str
    """The page's path under the docs folder (``guides/x.es.md``)."""
    meta: Mapping[str, Any]
    """The page's front matter."""
    root: Path
    """The folder of the site's config file."""
    config: Mapping[str, Any]
    """The engine's config of the site."""


def engine_page(md: Markdown) -> EnginePage | None:
    """The page Zensical is rendering with ``md`` (None under another engine)."""
    if CONTEXT_PREPROCESSOR not in md.preprocessors:
        return None
    context = md.preprocessors[CONTEXT_PREPROCESSOR]
    page = getattr(context, "page", None)
    config = getattr(context, "config", None)
    path = getattr(page, "path", None)
    if not isinstance(path, str) or not isinstance(config, Mapping):
        return None
    meta = getattr(page, "meta", None)
    root = config.get("root_dir")
    return EnginePage(
        path=path.replace(os.sep, "/"),
        meta=meta if isinstance(meta, Mapping) else {},
        root=Path(root if isinstance(root, str) else ".").resolve(),
        config=config,
    )


class EngineSiteHost:
    """Trees, pages and settings of one site, shared by every page the engine renders."""

    _sites: ClassVar[dict[Path, EngineSiteHost]] = {}
    _lock = threading.Lock()

    @classmethod
    def of(cls, page: EnginePage) -> EngineSiteHost:
        """The host of the site ``page`` belongs to, read again when a file changed."""
        with cls._lock:
            host = cls._sites.get(page.root)
            if host is None or host.stale():
                host = cls(page)
                cls._sites[page.root] = host
            return host

    def __init__(self, page: EnginePage) -> None:
        self.site: Site = load_site(page.root)
        self.settings = self.site.settings
        self.languages = self.site.languages or _languages_of(self.site)
        self.catalog = Catalog(self.site.root)
        self._signature = self._files_signature()
        self._looked_at = time.monotonic()
        for problem in self.site.problems:
            log.error(str(problem))
        self.trees, self.failed = self._read_trees()
        self.overdue = self._overdue()
        docs_dir = self.site.docs_dir or page.root / "docs"
        use_dirs = page.config.get("use_directory_urls", True) is not False
        self.pages = SitePages.scan(docs_dir, self.languages, self.site.excluded, use_dirs)
        self.nav = nav_places(self.site.config.get("nav"))
        self.nav_titles = _nav_translations(self.site.config)
        self.builder = self._flowchart_builder()
        self._warn_plugin_off(page.config)

    def _read_trees(self) -> tuple[dict[str, Tree], frozenset[str]]:
        """The trees to render, and the ids of those with errors (logged, not rendered:
        under MkDocs such a build stops)."""
        try:
            paths = expand([self.site.trees_dir])
        except UnreadableFolder as exc:
            log.error(str(exc))
            paths = []
        result = self.catalog.check(paths, self.languages, self.site.docs_dir)
        for problem in result.problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        failing = {problem.span.file for problem in result.problems if problem.is_error}
        trees = {key: tree for key, tree in result.trees.items() if tree.span.file not in failing}
        return trees, frozenset(result.broken | (result.trees.keys() - trees.keys()))

    def _overdue(self) -> Mapping[str, dt.date]:
        """The trees whose review is overdue (the guide says so), as the plugin finds them."""
        try:
            on = today()
        except ValueError as exc:
            log.error(str(exc))
            return {}
        return overdue_trees(self.trees.values(), self.settings.review_every_days, on)

    def _files_signature(self) -> tuple[tuple[str, int], ...]:
        """Every tree file and page with its modification time (a change reads all again)."""
        folders = [self.site.trees_dir, *([self.site.docs_dir] if self.site.docs_dir else [])]
        found = []
        for folder in folders:
            if folder.is_dir():
                found += [
                    (str(file), _mtime(file))
                    for file in sorted(folder.rglob("*"))
                    if file.suffix in (".yml", ".yaml", ".md")
                ]
        if self.site.config_file is not None:
            found.append((str(self.site.config_file), _mtime(self.site.config_file)))
        return tuple(found)

    def stale(self) -> bool:
        """True when a tree, a page or the config changed since this host read them
        (looked at once a second at most: every page of a build asks)."""
        now = time.monotonic()
        if now - self._looked_at < STALE_AFTER_SECONDS:
            return False
        self._looked_at = now
        return self._files_signature() != self._signature

    def _flowchart_builder(self) -> JobAidBuilder | None:
        """Draws the guides' maps (through the job-aid cache) when Graphviz is there."""
        if not self.settings.flowchart or shutil.which("dot") is None:
            return None
        folder = self.site.root / (os.environ.get(CACHE_ENV) or self.settings.cache_dir)
        settings = JobAidSettings(pdf=False, flowchart=True, paper=self.settings.paper)
        return JobAidBuilder(JobAidCache(folder.resolve()), settings)

    def _warn_plugin_off(self, config: Mapping[str, Any]) -> None:
        """Say, once per build, that the sopkit plugin did not run, and what that leaves off."""
        if not self.settings.enabled:
            return
        log.warning(
            "sopkit: the sopkit plugin did not run (this engine runs only the Markdown "
            "extension); off: " + "; ".join(PLUGIN_ONLY)
        )
        scripts = [
            str(entry.get("path") if isinstance(entry, Mapping) else entry)
            for entry in config.get("extra_javascript") or []
        ]
        if not any(script.endswith(PLAYER_SCRIPT) for script in scripts):
            log.warning(
                "sopkit: extra_javascript does not list sopkit's player.mjs, so the guides "
                "show every step as plain sections and no player; run `sopkit assets "
                "--output docs/assets/sopkit` and list its player.mjs and page.mjs "
                "(type: module) under extra_javascript, sopkit.css and print.css under "
                "extra_css"
            )

    def page_host(self, page: EnginePage) -> EnginePageHost:
        """The host for one page."""
        return EnginePageHost(self, page)


def _mtime(path: Path) -> int:
    """When ``path`` was last changed (-1 when it is gone)."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _languages_of(site: Site) -> Languages:
    """A site without languages of its own: its default language only."""
    return Languages.of([site.settings.default_language or "en"])


def _front_matter_lines(source: Path | None) -> int:
    """How many lines the YAML front matter at the top of a page and the blank lines after
    it take (0 without one)."""
    try:
        lines = source.read_text(encoding="utf-8").split("\n") if source else []
    except (OSError, UnicodeDecodeError):
        return 0
    if not lines or lines[0].rstrip() != "---":
        return 0
    for number, text in enumerate(lines[1:], start=1):
        if text.rstrip() in ("---", "..."):
            # Zensical drops the blank lines after it too.
            blank = 0
            while number + 1 + blank < len(lines) and not lines[number + 1 + blank].strip():
                blank += 1
            return number + 1 + blank
    return 0


def _nav_translations(config: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Language -> nav title -> its translation, from the i18n plugin's options."""
    found: dict[str, dict[str, str]] = {}
    for entry in (plugin_options(config, "i18n") or {}).get("languages") or []:
        if isinstance(entry, Mapping) and isinstance(entry.get("locale"), str):
            titles = entry.get("nav_translations")
            if isinstance(titles, Mapping):
                found[entry["locale"]] = {str(k): str(v) for k, v in titles.items()}
    return found


class EnginePageHost:
    """The extension's :class:`~sopkit.integrations.markdown_extension.Host` for one page."""

    def __init__(self, site: EngineSiteHost, page: EnginePage) -> None:
        self.site = site
        self.page = page
        self.lang = page_language(page, site)
        self.context = PageContext(
            lang=self.lang,
            languages=site.languages,
            trees=site.trees,
            link=self._link,
            tree_page=self._tree_page,
            case_note_lang=site.settings.case_note_language,
            call_idle_minutes=site.settings.call_idle_minutes,
            extra_ui=site.settings.ui_strings,
            pdf_url=self._pdf_url,
            map_svg=self._map_svg,
            overdue=site.overdue,
            insight=site.settings.insight,
            page_url=self._page_address(),
        )

    def tree(self, tree_id: str) -> Tree | None:
        """The tree with this id, or None."""
        return self.site.trees.get(tree_id)

    def page_context(self) -> PageContext:
        """How to render into this page."""
        return self.context

    def page_span(self, line: int, col: int) -> Span:
        """A position in this page's source (Zensical passes the page without its front
        matter: the lines it took are added back)."""
        docs = self.site.site.docs_dir
        folder = docs.name if docs is not None else "docs"
        source = docs / self.page.path if docs is not None else None
        return Span(f"{folder}/{self.page.path}", line + _front_matter_lines(source), col)

    # Links are written relative to the page's source file, as a Markdown link would be:
    # Zensical rewrites every relative link of the page's HTML to its built URL (a page's
    # ``.md`` to its URL, any other file one folder up when the page is a folder).

    def _page_address(self) -> str:
        """The page's address for a problem report: absolute with ``site_url``, else its path."""
        config = self.page.config
        url = page_url(self.page.path, bool(config.get("use_directory_urls", True)))
        site_url = config.get("site_url")
        if isinstance(site_url, str) and site_url:
            return site_url.rstrip("/") + "/" + url
        return "/" + url

    def _link(self, href: str) -> str:
        path, hash_, anchor = href.partition("#")
        target = self.site.pages.page_in(path, self.lang) if path else None
        if target is None:
            return href
        return relative_url(target, self.page.path) + hash_ + anchor

    def _tree_page(self, tree_id: str) -> str | None:
        pages = self.site.pages
        shown = pages.tree_pages.get(tree_id)
        target = pages.page_in(shown, self.lang) if shown is not None else None
        if target is None:
            return None
        return "" if target == self.page.path else relative_url(target, self.page.path)

    def _pdf_url(self, tree_id: str) -> str | None:
        if not self.site.settings.pdf:
            return None
        return relative_url(job_aid_path(tree_id, self.lang, self.site.languages), self.page.path)

    def _map_svg(self, tree_id: str) -> str | None:
        builder, tree = self.site.builder, self.site.trees.get(tree_id)
        if builder is None or tree is None:
            return None
        try:
            return builder.flowchart(tree, self.context)
        except JobAidFailed as exc:
            log.warning(str(exc))
            return None

    def job_aid_index(self) -> list[JobAidEntry]:
        """Every tree's job aid, in the order and sections of the nav (no page counts)."""
        pages, places = self.site.pages, self.site.nav
        last = (len(places), None)

        def place(tree: Tree) -> tuple[int, str | None]:
            page = pages.tree_pages.get(tree.id)
            return places.get(page, last) if page is not None else last

        order = sorted(self.site.trees.values(), key=lambda tree: (place(tree)[0], tree.id))
        return [
            JobAidEntry(
                tree,
                section=self._section(place(tree)[1]),
                guide_url=self._tree_page(tree.id),
                pdf_url=self._pdf_url(tree.id),
                translations=self._translations(partial(self._job_aid_path, tree.id)),
            )
            for tree in order
        ]

    def _section(self, title: str | None) -> str | None:
        """A nav section's title in this page's language (mkdocs-static-i18n's
        ``nav_translations``, which Zensical does not apply itself)."""
        if title is None:
            return None
        return self.site.nav_titles.get(self.lang, {}).get(title, title)

    def _job_aid_path(self, tree_id: str, lang: str) -> str:
        return job_aid_path(tree_id, lang, self.site.languages)

    def training_pack(self) -> PackLink | None:
        """The training pack of this page's language (where ``sopkit jobaids build`` puts it)."""
        if not self.site.settings.pdf:
            return None
        languages = self.site.languages
        url = relative_url(pack_path(self.lang, languages), self.page.path)
        return PackLink(url, None, self._translations(lambda lang: pack_path(lang, languages)))

    def _translations(self, path_in: Callable[[str], str]) -> tuple[Translation, ...]:
        if not self.site.settings.pdf:
            return ()
        languages = self.site.languages
        extra = self.site.settings.ui_strings
        return tuple(
            Translation(
                lang,
                ui_strings(lang, languages.default, extra)["jobaid.language"],
                relative_url(path_in(lang), self.page.path),
            )
            for lang in languages.codes
            if lang != self.lang
        )

    def recent_changes(self, days: int) -> RecentChanges:
        """The trees that changed in the last ``days`` days (from Git)."""
        settings = self.site.settings
        return recent_changes(
            self.site.site.trees_dir, days, settings.changes_as_of, self.site.languages.default
        )


def page_language(page: EnginePage, site: EngineSiteHost) -> str:
    """The page's language: its front matter's ``lang:`` when it is a site language, else
    its file name's suffix (``x.es.md``), else the site's default."""
    declared = page.meta.get("lang")
    if isinstance(declared, str) and declared in site.languages.codes:
        return declared
    return site.pages.language_of(page.path)
