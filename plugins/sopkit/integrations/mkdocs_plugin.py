"""The MkDocs plugin: configuration, assets, one validation per build, watching.

It adapts only: loading, checking and rendering live in the core, so the same trees
build under MkDocs, ProperDocs, or any engine that runs the Markdown extension.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, write_file

from ..compile.anchors import AnchorRules
from ..compile.catalog import Catalog, CheckResult, UnreadableFolder, expand
from ..compile.fences import tree_fences
from ..compile.limits import check_printable
from ..compile.pages import check_pages
from ..compile.review import overdue_trees, today
from ..editors.changes import RecentChanges, recent_changes
from ..languages import Languages
from ..locales import (
    LocaleError,
    fallback_of,
    missing_keys,
    site_locales,
    ui_strings,
    with_site_files,
)
from ..model import Span, Tree
from ..problems import printable
from ..render.cache import JobAidCache, digest
from ..render.context import PageContext
from ..render.jobaid_index import JobAidEntry, PackLink, Translation
from ..render.pack import PACK_NAME
from ..render.pdf import PdfUnavailable
from ..render.printing import (
    MAX_PAGES,
    BuiltJobAid,
    JobAidBuilder,
    JobAidFailed,
    JobAidSettings,
    LanguagePlan,
    PrintJob,
    missing_tools,
    over_budget_message,
)
from ..render.search import index_json, search_index
from ..settings import SettingError, Settings, UiStrings, read_option
from .markdown_extension import SopkitExtension
from .mkdocs_config import SopkitConfig
from .site import Site, excluded_pages, terminology_problems

if TYPE_CHECKING:  # the live-reload server is imported only by `mkdocs serve`
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)
ASSETS_DIR = Path(__file__).parent.parent / "assets"
SCRIPT = "sopkit/player.mjs"
"""The player's entry module; it imports its siblings, which the theme dir ships too."""
PAGE_SCRIPT = "sopkit/page.mjs"
"""What every page needs from the theme, guide or not (the search dialog's name)."""
STYLESHEET = "sopkit/sopkit.css"
PRINT_STYLESHEET = "sopkit/print.css"
SEARCH_SCRIPT = "sopkit/search.mjs"
"""Lists search results in the page's language first."""
SEARCH_INDEX = "search/search_index.json"
JOB_AIDS_DIR = "job-aids"
CACHE_ENV = "SOPKIT_CACHE_DIR"
"""An environment variable that, when set, replaces the ``cache_dir`` option."""
QUADRATIC_SEARCH_PAGES = 200
"""Pages of one language from which the i18n plugin's ``reconfigure_search`` costs
seconds (it compares every search entry of a language with every other's)."""


class SopkitPlugin(BasePlugin[SopkitConfig]):
    """Validates trees once per build and renders them in pages through the extension."""

    def __init__(self) -> None:
        self.extension = SopkitExtension()
        self.settings = Settings()
        self.ui: UiStrings = {}
        """The site's UI strings by language: its locale files and its ``ui_strings``."""
        self.catalog: Catalog | None = None
        self.result = CheckResult({}, [], 0)
        self.overdue: dict[str, dt.date] = {}
        self.languages = Languages.of(["en"])
        self.trees_dir = Path("decision_trees")
        self.docs_dir = Path("docs")
        self.root = Path(".")
        self.config_file: Path | None = None
        self._page: Page | None = None
        self._files: Files | None = None
        self._tree_pages: dict[str, File] = {}
        self._fence_cache: dict[str, tuple[bytes, list[tuple[str, int, int]]]] = {}
        self.job_aid_builder: JobAidBuilder | None = None
        self.job_aids: dict[str, BuiltJobAid] = {}
        self._serving = False
        self._background: threading.Thread | None = None
        self._pdf_files: dict[str, File] = {}
        self._nav_order: dict[str, tuple[int, str | None]] = {}
        self._pack: tuple[File, int | None] | None = None
        self._pack_order: dict[str, int] | None = None  # set before the build (on_pre_build)
        self._changes: dict[int, RecentChanges] = {}
        self._keywords: dict[str, tuple[str, ...]] = {}
        self._exclude_docs: Any = None  # MkDocs' exclude_docs (a pathspec), or None
        self._anchor_rules = AnchorRules()  # how the site's Markdown makes heading ids
        self._search_warned = False

    # -- configuration --------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Declared so MkDocs keeps this plugin between ``mkdocs serve`` rebuilds.

        The instance then keeps its catalog and job-aid caches: a rebuild re-reads
        and re-validates only the tree files that changed. Under ``serve``, job aids
        are printed in the background (see :meth:`_add_job_aids`).
        """
        self._serving = command == "serve"

    @event_priority(-90)  # after i18n has configured the languages
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Set up languages, the extension and assets; check every tree and page once."""
        self.settings = self.config.settings()
        if not self.settings.enabled:
            return config
        self.config_file = Path(config.config_file_path) if config.config_file_path else None
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.trees_dir = (self.root / self.settings.trees_dir).resolve()
        self.docs_dir = Path(config.docs_dir).resolve()
        self.languages = self._languages(config)
        self.ui = self._ui_strings(warn=not self._nested_build(config))
        if self.catalog is None or self.catalog.root != self.root:
            self.catalog = Catalog(self.root)
        self._set_up_job_aids()
        self._install_extension(config)
        if str(ASSETS_DIR) not in config.theme.dirs:
            config.theme.dirs.append(str(ASSETS_DIR))
        _drop_copied_assets(config)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if PRINT_STYLESHEET not in config.extra_css:
            config.extra_css.append(PRINT_STYLESHEET)
        scripts = [str(s) for s in config.extra_javascript]
        for script in (SCRIPT, PAGE_SCRIPT):
            if script not in scripts:
                config.extra_javascript.append(_module_script(script))
        several = len(self.languages.codes) > 1  # results to order by language
        if several and _material_search(config) is not None and SEARCH_SCRIPT not in scripts:
            config.extra_javascript.append(_module_script(SEARCH_SCRIPT))
        self._exclude_docs = config.exclude_docs
        self._anchor_rules = AnchorRules.from_config(
            [{name: config.mdx_configs.get(name) or {}} for name in config.markdown_extensions]
        )
        if not self._nested_build(config):
            self._changes = {}  # read from Git once per build, for every language
            self._keywords = {}  # gathered by every language's build
            self._validate()
        return config

    def _languages(self, config: MkDocsConfig) -> Languages:
        own = list(self.settings.languages)
        if own:
            return Languages.of(own, self.settings.default_language)
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            codes = [lang.locale for lang in i18n.config.languages if lang.locale]
            default = getattr(i18n, "default_language", None)
            if codes:
                return Languages.of(codes, self.settings.default_language or default)
        return Languages.of([self.settings.default_language or "en"])

    def _ui_strings(self, *, warn: bool) -> UiStrings:
        """The site's UI strings; a warning for each language that lacks some of them
        (once per build, not again in the per-language builds of the i18n plugin)."""
        folder = self.settings.locales_dir
        try:
            site = site_locales(self.root / folder) if folder else None
            merged: UiStrings = read_option(
                "ui_strings", with_site_files(site, self.settings.ui_strings)
            )
        except (LocaleError, SettingError) as exc:
            raise PluginError(f"sopkit: locales_dir {folder}: {printable(str(exc))}") from None
        for lang in self.languages.codes if warn else ():
            missing = missing_keys(lang, merged)
            if missing:
                shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
                log.warning(
                    f"{len(missing)} UI string{'s' if len(missing) != 1 else ''} "
                    f"of '{lang}' missing ({shown}): the "
                    f"'{fallback_of(lang, self.languages.default, merged)}' words "
                    f"are shown instead; add them to {folder or 'locales_dir'}/{lang}.json"
                )
        return merged

    def _install_extension(self, config: MkDocsConfig) -> None:
        # MkDocs types the list as names, but Python-Markdown takes instances too.
        extensions: list[Any] = config.markdown_extensions
        if "sopkit" in extensions:
            options = config.mdx_configs.pop("sopkit", {}) or {}
            extensions.remove("sopkit")
            self.extension.setConfigs(options)
        if self.extension not in extensions:
            extensions.append(self.extension)
        self.extension.host = self

    @staticmethod
    def _nested_build(config: MkDocsConfig) -> bool:
        """True inside the extra per-language builds that mkdocs-static-i18n runs."""
        i18n = config.plugins.get("i18n")
        return bool(getattr(i18n, "building", False))

    def _validate(self) -> None:
        assert self.catalog is not None
        try:
            on = today()
        except ValueError as exc:
            raise PluginError(f"sopkit: {printable(str(exc))}") from None
        every = self.settings.review_every_days
        try:
            paths = expand([self.trees_dir])
        except UnreadableFolder as exc:
            raise PluginError(f"sopkit: {printable(str(exc))}") from None
        rules = self._anchor_rules
        result = self.catalog.check(paths, self.languages, self.docs_dir, every, on, anchors=rules)
        self.overdue = dict(overdue_trees(result.trees.values(), every, on))
        trees_dir = os.path.relpath(self.trees_dir, self.root).replace(os.sep, "/")
        problems = list(result.problems) + check_pages(
            self.docs_dir,
            result.trees,
            result.broken,
            trees_dir,
            self.root,
            self._excluded,
            rules,
            self.languages,
        )
        problems += check_printable(result.trees.values(), self.settings.pdf)
        problems += terminology_problems(
            self._site(), result.trees.values(), self.languages, self.root, self._excluded
        )
        self.result = result
        for problem in problems:
            (log.error if problem.is_error else log.warning)(str(problem))
        errors = sum(p.is_error for p in problems)
        if errors:
            raise PluginError(
                f"{errors} error{'s' if errors != 1 else ''} in decision trees or the pages "
                f"that show them; the site was not built"
            )

    def _site(self) -> Site:
        """The site as the core sees it: its folders and settings."""
        return Site(self.root, None, self.trees_dir, self.docs_dir, self.languages, self.settings)

    def _excluded(self, page: str) -> bool:
        """True for a page MkDocs leaves out of this build (``exclude_docs``, dot files)."""
        spec = self._exclude_docs
        return excluded_pages()(page) or (spec is not None and spec.match_file(page))

    def _fences(self, path: Path) -> list[tuple[str, int, int]]:
        """The tree fences of a page, parsed again only when its content changed
        (DECISIONS 6: an edit that keeps the file's size and mtime is seen)."""
        try:
            data = path.read_bytes()
        except OSError:
            return []
        key = hashlib.sha256(data).digest()
        cached = self._fence_cache.get(str(path))
        if cached is not None and cached[0] == key:
            return cached[1]
        text = data.decode("utf-8", errors="replace")
        fences = tree_fences(text) if "decision-tree" in text else []
        self._fence_cache[str(path)] = (key, fences)
        return fences

    # -- pages ----------------------------------------------------------------------

    @event_priority(-110)  # after i18n has chosen this language's files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Note which page shows each tree in this build's language (for ``goto``)."""
        if not self.settings.enabled:
            return files
        self._files = files
        self._tree_pages = {}
        for file in files.documentation_pages():
            if file.abs_src_path is None:
                continue
            for tree_id, _, _ in self._fences(Path(file.abs_src_path)):
                # A tree's page is the one named after it, else the first that shows it.
                named = Path(file.src_uri).stem.split(".")[0] == tree_id
                if named or tree_id not in self._tree_pages:
                    self._tree_pages[tree_id] = file
        self._gather_keywords(config)
        self._add_job_aids(files, config)
        self._warn_quadratic_search(files, config)
        return files

    def _warn_quadratic_search(self, files: Files, config: MkDocsConfig) -> None:
        """Say once when mkdocs-static-i18n's search de-duplication will cost minutes."""
        i18n = config.plugins.get("i18n")
        options = getattr(i18n, "config", None)
        if self._search_warned or not getattr(options, "reconfigure_search", False):
            return
        pages = len(files.documentation_pages())
        if pages < QUADRATIC_SEARCH_PAGES or _material_search(config) is None:
            return
        self._search_warned = True
        log.warning(
            f"this site has {pages} pages in '{self._build_language(config)}', and the "
            "i18n plugin's 'reconfigure_search: true' compares every search entry with "
            "every other: its build time grows with the square of the pages (minutes "
            "at 1,000 procedures). Set 'reconfigure_search: false' under the i18n "
            "plugin in mkdocs.yml: sopkit writes the search index of every language "
            "itself, in linear time"
        )

    def _build_language(self, config: MkDocsConfig) -> str:
        """The language of this build (mkdocs-static-i18n builds one at a time)."""
        i18n = config.plugins.get("i18n")
        lang = getattr(i18n, "current_language", None) or self.languages.default
        return lang if lang in self.languages.codes else self.languages.default

    def _gather_keywords(self, config: MkDocsConfig) -> None:
        """Note the keywords of each tree's page in this build's language (for search)."""
        lang = self._build_language(config)
        for tree_id, file in self._tree_pages.items():
            tree = self.result.trees.get(tree_id)
            if tree is None or tree.keywords is None:
                continue
            words = tree.keywords.get(lang, self.languages.default)
            if words:
                before = self._keywords.get(file.url, ())
                self._keywords[file.url] = tuple(dict.fromkeys(before + words))

    # -- job aids -------------------------------------------------------------------

    def _job_aid_settings(self) -> JobAidSettings:
        return JobAidSettings(self.settings.pdf, self.settings.flowchart, self.settings.paper)

    def _set_up_job_aids(self) -> None:
        """The job-aid builder, its cache in ``cache_dir`` (kept between rebuilds)."""
        settings = self._job_aid_settings()
        # The environment wins, so CI and tests can keep the cache elsewhere.
        folder = (self.root / (os.environ.get(CACHE_ENV) or self.settings.cache_dir)).resolve()
        builder = self.job_aid_builder
        if builder is None or builder.cache.folder != folder or builder.settings != settings:
            self.job_aid_builder = JobAidBuilder(JobAidCache(folder), settings)

    def _builder(self) -> JobAidBuilder:
        assert self.job_aid_builder is not None
        return self.job_aid_builder

    @event_priority(-90)  # after i18n has set up its languages
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Print every language's job aids into the cache, before MkDocs cleans the site.

        A job aid that cannot be printed stops the build here, so the site folder of
        the last good build is left as it was. Under ``mkdocs serve`` nothing is printed
        here (see :meth:`_add_job_aids`).
        """
        if not self.settings.enabled or self._nested_build(config):
            return
        self._pack_order = None
        settings = self._job_aid_settings()
        if not (settings.pdf or settings.flowchart):
            return
        # WeasyPrint takes a second to load: a build that prints nothing does not.
        problems = missing_tools(settings if self._serving else replace(settings, pdf=False))
        if problems:
            raise PluginError("sopkit: " + "; ".join(problems))
        if self._serving or not settings.pdf:
            return
        plans = {}
        for lang in self._site_languages(config):
            urls, tree_pages = self._planned_urls(config, lang)
            ctx = self._job_aid_context(config, lang, urls.get)
            context = self._context_key(config, lang, urls, tree_pages)
            guide_urls = _guide_urls(tree_pages, config)
            plans[lang] = LanguagePlan(self.result.trees.values(), ctx, guide_urls, context)
        built = self._run_builder(lambda builder: builder.build_languages(plans))
        # The training packs too: the site folder is not touched before all is printed.
        order = self._pack_order = self._tree_order(config)
        packs = [
            self._pack_job(
                config, self._pack_path(config, lang), built[lang].values(), plan.ctx, order
            )
            for lang, plan in plans.items()
        ]
        jobs = [job for job in packs if job is not None]
        self._run_builder(lambda builder: builder.print_packs(jobs))

    def _pack_path(self, config: MkDocsConfig, lang: str) -> str:
        """Where the training pack of ``lang`` is written in the site."""
        i18n = config.plugins.get("i18n")
        default = getattr(i18n, "default_language", None) or self.languages.default
        prefix = f"{lang}/" if i18n is not None and lang != default else ""
        return f"{prefix}{JOB_AIDS_DIR}/{PACK_NAME}.pdf"

    def _run_builder(self, work: Callable[[JobAidBuilder], Any]) -> Any:
        """Run ``work`` on the builder; a failure stops the build with its located message."""
        try:
            return work(self._builder())
        except JobAidFailed as exc:
            raise PluginError(
                f"sopkit: {exc}\nThe site folder was left as the last build wrote it."
            ) from None
        except PdfUnavailable as exc:
            raise PluginError(f"sopkit: {exc}") from None
        except Exception as exc:
            raise PluginError(f"sopkit: could not build the job aids: {exc}") from exc

    def _site_languages(self, config: MkDocsConfig) -> list[str]:
        """The languages this build writes pages in (every i18n language it builds)."""
        i18n = config.plugins.get("i18n")
        building = getattr(i18n, "build_languages", None) or ()
        built = [lang for lang in self.languages.codes if lang in building]
        return built or [self.languages.default]

    def _planned_urls(
        self, config: MkDocsConfig, lang: str
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Before MkDocs reads the files: the URL in ``lang`` of each page by its path
        (without a language suffix), and of the page that shows each tree.

        These are the URLs :meth:`on_files` will see; should one differ, the job aids
        it changes are printed there (found by their new content key).
        """
        i18n = config.plugins.get("i18n")
        default = getattr(i18n, "default_language", None) or self.languages.default
        prefix = f"{lang}/" if i18n is not None and lang != default else ""
        sources: dict[str, str] = {}
        for file in get_files(config).documentation_pages():
            if file.abs_src_path is None:
                continue
            path, code = _language_suffix(file.src_uri, self.languages.codes, i18n is not None)
            if code is not None and code != lang:
                continue
            if code is not None or path not in sources:
                sources[path] = file.abs_src_path
        use_dirs = config.use_directory_urls
        urls = {
            path: prefix + File(path, config.docs_dir, config.site_dir, use_dirs).url
            for path in sources
        }
        tree_pages: dict[str, str] = {}
        for path, src in sources.items():
            for tree_id, _, _ in self._fences(Path(src)):
                named = Path(path).stem.split(".")[0] == tree_id
                if named or tree_id not in tree_pages:
                    tree_pages[tree_id] = urls[path]
        return urls, tree_pages

    def _job_aid_context(
        self, config: MkDocsConfig, lang: str, url_of: Callable[[str], str | None]
    ) -> PageContext:
        """How to render job aids in ``lang``, with ``url_of`` a docs path's site URL."""

        def link(href: str) -> str:
            """A docs-relative link as seen from ``job-aids/`` (absolute with site_url)."""
            path, hash_, anchor = href.partition("#")
            url = url_of(path) if path else None
            if url is None:
                return href
            return posixpath.join(config.site_url or "../", url) + hash_ + anchor

        return PageContext(
            lang=lang,
            languages=self.languages,
            trees=self.result.trees,
            link=link,
            extra_ui=self.ui,
        )

    def _context_key(
        self,
        config: MkDocsConfig,
        lang: str,
        urls: Mapping[str, str | None],
        tree_pages: Mapping[str, str],
    ) -> str:
        """Everything of a build's context that shows in a job aid, hashed: the URL of
        every page, every tree's page, ``site_url``, the words, the languages."""
        return digest(
            lang,
            config.site_url or "",
            repr(sorted(urls.items())),
            repr(sorted(tree_pages.items())),
            repr({k: dict(v) for k, v in self.ui.items()}),
            repr(self.languages),
        )

    def _file_url(self, path: str) -> str | None:
        target = self._files.get_file_from_path(path) if self._files else None
        return target.url if target is not None else None

    def _add_job_aids(self, files: Files, config: MkDocsConfig) -> None:
        """Flowcharts and PDFs of every tree, in this build's language only.

        The PDFs come from the cache (printed by :meth:`on_pre_build`); MkDocs copies
        them into the site with the other files. Under ``mkdocs serve``, PDFs not in
        the cache are printed in the background after the pages and written into the
        served site when ready; the pages link them from the start.
        """
        settings = self._job_aid_settings()
        self.job_aids, self._pdf_files = {}, {}
        if not (settings.pdf or settings.flowchart):
            return
        i18n = config.plugins.get("i18n")
        lang = getattr(i18n, "current_language", None) or self.languages.default
        # mkdocs-static-i18n puts every other language's files under <lang>/.
        prefix = f"{lang}/" if i18n is not None and lang != i18n.default_language else ""
        lang = self._build_language(config)
        ctx = self._job_aid_context(config, lang, self._file_url)
        planned, _ = self._planned_urls(config, lang)
        urls = {path: self._file_url(path) for path in planned}
        tree_pages = self._tree_urls()
        context = self._context_key(config, lang, urls, tree_pages)
        trees = self.result.trees.values()
        plan = {lang: LanguagePlan(trees, ctx, _guide_urls(tree_pages, config), context)}
        if self._serving:
            built, pending = self._run_builder(lambda builder: builder.plan(plan))
            self._print_in_background(pending, config, prefix)
        else:
            built = self._run_builder(lambda builder: builder.build_languages(plan))
        self.job_aids = built[lang]
        for tree_id, aid in self.job_aids.items():
            if aid.path is None:
                continue
            path = f"{prefix}{JOB_AIDS_DIR}/{tree_id}.pdf"
            if aid.pdf is None:  # printed in the background; linked already
                self._pdf_files[tree_id] = File.generated(config, path, content=b"")
                continue
            file = File.generated(config, path, abs_src_path=str(aid.path))
            files.append(file)
            self._pdf_files[tree_id] = file
            if aid.pdf.pages > MAX_PAGES:
                log.warning(over_budget_message(aid.tree, aid.lang, aid.pdf.pages))

    def _tree_urls(self) -> dict[str, str]:
        return {tree_id: file.url for tree_id, file in self._tree_pages.items()}

    def _print_in_background(
        self, jobs: list[PrintJob], config: MkDocsConfig, prefix: str, *, pack: bool = False
    ) -> None:
        """Print ``jobs`` after this rebuild, then write each PDF into the served site
        (``pack``: the one job is the training pack, and ``prefix`` its path)."""
        if not jobs:
            return
        site_dir = Path(config.site_dir)
        builder = self._builder()
        before = self._background

        def work() -> None:
            if before is not None:
                before.join()  # one batch at a time: the pool uses every core
            try:
                if pack:
                    builder.print_packs(jobs, background=True)
                else:
                    builder.print(jobs, background=True)
            except (JobAidFailed, PdfUnavailable) as exc:
                log.warning(f"{exc}; the page links a PDF that is not there")
                return
            for job in jobs:
                path = prefix if pack else f"{prefix}{JOB_AIDS_DIR}/{job.tree_id}.pdf"
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(builder.cache.pdf_path(job.key), target)

        self._background = threading.Thread(target=work, name="sopkit-job-aids", daemon=True)
        self._background.start()

    def _pdf_pages(self, tree_id: str) -> int | None:
        aid = self.job_aids.get(tree_id)
        return aid.pdf.pages if aid is not None and aid.pdf is not None else None

    def _pdf_url(self, tree_id: str, page: Page | None) -> str | None:
        target = self._pdf_files.get(tree_id)
        if target is None or page is None:
            return None
        return target.url_relative_to(page.file)

    @event_priority(-110)  # after i18n has translated the section titles
    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Note the nav position and section of the page that shows each tree."""
        if not self.settings.enabled:
            return nav
        self._nav_order = {}
        for position, page in enumerate(nav.pages):
            if page.file.abs_src_path is None:
                continue
            section = page.parent.title if page.parent is not None else None
            for tree_id, _, _ in self._fences(Path(page.file.abs_src_path)):
                self._nav_order.setdefault(tree_id, (position, section))
        self._pack = self._add_training_pack(files, config)
        return nav

    # -- the training pack (issue 16): one PDF per language, in nav order ----------------

    def _add_training_pack(
        self, files: Files, config: MkDocsConfig
    ) -> tuple[File, int | None] | None:
        """This language's job aids as one PDF next to them (from the cache, printed
        there if missing); its file and pages (None while ``serve`` prints it)."""
        if not self._pdf_files:
            return None
        folder = posixpath.dirname(next(iter(self._pdf_files.values())).src_uri)
        path = posixpath.join(folder, f"{PACK_NAME}.pdf")
        lang = self._build_language(config)
        ctx = self._job_aid_context(config, lang, self._file_url)
        order = self._pack_order or {tree: at for tree, (at, _) in self._nav_order.items()}
        builder = self._builder()
        job = self._pack_job(config, path, self.job_aids.values(), ctx, order)
        if job is None:  # no PDF, or serve still prints some job aid
            return None
        pdf = builder.cache.get_pdf(job.key)
        if pdf is None and self._serving:
            self._print_in_background([job], config, path, pack=True)
            file = File.generated(config, path, content=b"")
            return file, None
        if pdf is None:
            self._run_builder(lambda builder: builder.print_packs([job]))
        file = File.generated(config, path, abs_src_path=str(builder.cache.pdf_path(job.key)))
        files.append(file)
        pdf = builder.cache.get_pdf(job.key)
        return file, pdf.pages if pdf is not None else None

    def _pack_job(
        self,
        config: MkDocsConfig,
        path: str,
        aids: Iterable[BuiltJobAid],
        ctx: PageContext,
        order: Mapping[str, int],
    ) -> PrintJob | None:
        """The training pack at ``path`` of ``aids``, in ``order`` (tree id -> position)."""
        last = len(order)
        ordered = sorted(aids, key=lambda aid: (order.get(aid.tree.id, last), aid.tree.id))
        url = posixpath.join(config.site_url, path) if config.site_url else None
        return self._builder().pack_job(ordered, ctx, site_name=config.site_name, url=url)

    def _tree_order(self, config: MkDocsConfig) -> dict[str, int]:
        """Before MkDocs reads the files: each tree's position in the nav (the position
        of the first page that shows it), as :meth:`on_nav` will see it."""
        order: dict[str, int] = {}
        nav = get_navigation(get_files(config), config)
        for position, page in enumerate(nav.pages):
            if page.file.abs_src_path is not None:
                for tree_id, _, _ in self._fences(Path(page.file.abs_src_path)):
                    order.setdefault(tree_id, position)
        return order

    def training_pack(self) -> PackLink | None:
        """The training pack of the page being rendered's language, for the index."""
        if self._pack is None or self._page is None:
            return None
        file, pages = self._pack
        folder = posixpath.basename(posixpath.dirname(file.src_uri))
        translations = self._translations(f"{folder}/{PACK_NAME}.pdf")
        return PackLink(file.url_relative_to(self._page.file), pages, translations)

    def _translations(self, path: str) -> tuple[Translation, ...]:
        """The file at ``path`` (under the language's root) in the site's other languages,
        as linked from the page being rendered (mkdocs-static-i18n puts them in <lang>/)."""
        if self._page is None or self._files is None:
            return ()
        page_lang = self._page_language(self._page)
        default = self.languages.default
        links = []
        for lang in self.languages.codes:
            if lang == page_lang:
                continue
            target = path if lang == default else f"{lang}/{path}"
            name = ui_strings(lang, default, self.ui)["jobaid.language"]
            links.append(Translation(lang, name, get_relative_url(target, self._page.url)))
        return tuple(links)

    def job_aid_index(self) -> list[JobAidEntry]:
        """Every tree's job aid for the page being rendered, in nav order (for the index)."""
        page = self._page
        last = len(self._nav_order)
        order = sorted(
            self.result.trees.values(),
            key=lambda tree: (self._nav_order.get(tree.id, (last, None))[0], tree.id),
        )
        return [
            JobAidEntry(
                tree,
                self._nav_order.get(tree.id, (last, None))[1],
                self._tree_page_url(tree.id, page),
                self._pdf_url(tree.id, page),
                self._pdf_pages(tree.id),
                self._translations(f"{JOB_AIDS_DIR}/{tree.id}.pdf")
                if tree.id in self._pdf_files
                else (),
            )
            for tree in order
        ]

    def recent_changes(self, days: int) -> RecentChanges:
        """The trees that changed in the last ``days`` days, read from Git once per build."""
        if days not in self._changes:
            recent = recent_changes(
                self.trees_dir, days, self.settings.changes_as_of, self.languages.default
            )
            if recent.problem is not None:  # a warning, so --strict stops with the fix
                log.warning(printable(recent.problem))
            self._changes[days] = recent
        return self._changes[days]

    def _map_svg(self, tree_id: str) -> str | None:
        aid = self.job_aids.get(tree_id)
        return aid.svg if aid is not None else None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Remember the page being rendered, for the extension."""
        self._page = page
        self.extension.problems = []
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Report what the extension found wrong while rendering the page."""
        for problem in self.extension.problems:
            log.error(str(problem))
        self.extension.problems = []
        self._page = None
        return html

    @event_priority(-120)  # after mkdocs-static-i18n has built every language (-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the search index of every language, with the trees' keywords."""
        if not self.settings.enabled or self._nested_build(config):
            return
        if not self._serving and self.job_aid_builder is not None:
            self.job_aid_builder.cache.clean()
        search = _material_search(config)
        if search is None:
            return
        entries = getattr(search.search_index, "entries", None)
        if not isinstance(entries, list):
            return
        # mkdocs-static-i18n builds each language but the default in <lang>/; without
        # it the pages are in the default language only.
        i18n = config.plugins.get("i18n")
        building = getattr(i18n, "build_languages", None) or ()
        built = tuple(lang for lang in self.languages.codes if lang in building)
        index = search_index(
            {key: search.config[key] for key in ("lang", "separator", "pipeline", "fields")},
            entries,
            site_languages=built or (self.languages.default,),
            prefixes=[f"{lang}/" for lang in built if lang != self.languages.default],
            keywords=self._keywords,
        )
        path = os.path.join(config.site_dir, *SEARCH_INDEX.split("/"))
        write_file(index_json(index).encode("utf-8"), path)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when a tree changes under ``mkdocs serve``."""
        if self.settings.enabled and self.trees_dir.is_dir():
            server.watch(str(self.trees_dir))
        return server

    # -- the extension's Host -------------------------------------------------------

    def tree(self, tree_id: str) -> Tree | None:
        """The tree with this id (None when unknown)."""
        return self.result.trees.get(tree_id)

    def page_span(self, line: int, col: int) -> Span:
        """A position in the page being rendered."""
        src = self._page.file.src_uri if self._page is not None else "<page>"
        return Span(f"{posixpath.basename(str(self.docs_dir))}/{src}", line, col)

    def page_context(self) -> PageContext:
        """How to render trees into the page being rendered."""
        page = self._page
        lang = self._page_language(page)
        return PageContext(
            lang=lang,
            languages=self.languages,
            trees=self.result.trees,
            link=lambda href: self._link(href, page),
            tree_page=lambda tree_id: self._tree_page_url(tree_id, page),
            case_note_lang=self.settings.case_note_language,
            call_idle_minutes=self.settings.call_idle_minutes,
            extra_ui=self.ui,
            overdue=self.overdue,
            pdf_url=lambda tree_id: self._pdf_url(tree_id, page),
            map_svg=self._map_svg,
            insight=self.settings.insight,
            page_url=_page_address(page),
        )

    def _page_language(self, page: Page | None) -> str:
        locale = getattr(page.file, "locale", None) if page is not None else None
        if isinstance(locale, str) and locale in self.languages.codes:
            return locale
        return self.languages.default

    def _link(self, href: str, page: Page | None) -> str:
        path, hash_, anchor = href.partition("#")
        if page is None or self._files is None or not path:
            return href
        target = self._files.get_file_from_path(path)
        if target is None:
            return href
        return target.url_relative_to(page.file) + hash_ + anchor

    def _tree_page_url(self, tree_id: str, page: Page | None) -> str | None:
        target = self._tree_pages.get(tree_id)
        if target is None or page is None:
            return None
        if target.src_uri == page.file.src_uri:
            return ""
        return target.url_relative_to(page.file)


def _guide_urls(tree_pages: dict[str, str], config: MkDocsConfig) -> Callable[[str], str | None]:
    """A tree id's guide page as an absolute URL (for the QR code; None without site_url)."""

    def guide_url(tree_id: str) -> str | None:
        url = tree_pages.get(tree_id)
        if url is None or not config.site_url:
            return None
        return posixpath.join(config.site_url, url)

    return guide_url


def _language_suffix(src_uri: str, codes: tuple[str, ...], i18n: bool) -> tuple[str, str | None]:
    """``guides/x.es.md`` -> (``guides/x.md``, ``es``) on an i18n site; else no language."""
    stem, dot, ext = src_uri.rpartition(".")
    base, _, code = stem.rpartition(".")
    if i18n and dot and base and code in codes:
        return f"{base}.{ext}", code
    return src_uri, None


def _material_search(config: MkDocsConfig) -> Any:
    """Material's search plugin when it is on, else None (sopkit then writes no index)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is None:
            continue
        if not type(plugin).__module__.startswith("material.") or not plugin.config.enabled:
            return None
        return plugin
    return None


def _drop_copied_assets(config: MkDocsConfig) -> None:
    """Leave out the player's files that ``sopkit assets`` copied for Zensical: the plugin
    adds its own, and a second copy of the player would run on every guide."""
    own = (SCRIPT, PAGE_SCRIPT, STYLESHEET, PRINT_STYLESHEET)

    def copied(path: str) -> bool:
        return any(path != name and path.endswith("/" + name) for name in own)

    config.extra_javascript[:] = [s for s in config.extra_javascript if not copied(str(s))]
    config.extra_css[:] = [s for s in config.extra_css if not copied(str(s))]


def _module_script(path: str) -> ExtraScriptValue:
    """An ``extra_javascript`` entry loaded as ``<script type="module">``.

    MkDocs gives a ``.mjs`` the module type when it reads ``mkdocs.yml``; an entry added
    after that needs it set.
    """
    script = ExtraScriptValue(path)
    script.type = "module"
    return script


def _page_address(page: Page | None) -> str:
    """A page's address for a problem report: absolute with ``site_url``, else its path."""
    if page is None:
        return ""
    return page.canonical_url or "/" + page.url
