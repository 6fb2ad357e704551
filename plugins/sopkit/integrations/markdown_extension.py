"""The Python-Markdown extension: expands sopkit's fences into guides, job aid indexes
and "what changed" lists.

It works under MkDocs, where the sopkit plugin hands it a :class:`Host` that knows the
page being rendered; under Zensical, which tells it the page it renders (its path and
front matter) and the site (see :mod:`sopkit.integrations.engine_host`); and on its own
(plain Python-Markdown, another engine), with its config options and one language.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Protocol

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import escape

from ..compile.catalog import Catalog, UnreadableFolder, expand
from ..compile.fences import (
    CHANGES,
    DAYS,
    JOB_AIDS,
    TREE,
    Fence,
    changes_days,
    iter_fences,
    may_have_fences,
    page_heading,
)
from ..editors.changes import RecentChanges, recent_changes
from ..languages import Languages
from ..locales import ui_strings
from ..model import Span, Tree
from ..problems import Problem, error
from ..render.changes import render_changes
from ..render.context import PageContext
from ..render.guide import render_guide
from ..render.jobaid_index import JobAidEntry, PackLink, render_job_aid_index
from ..settings import OPTIONS, Settings, read_settings
from .engine_host import EnginePageHost, EngineSiteHost, engine_page

log = logging.getLogger("sopkit")


class Host(Protocol):
    """What the extension asks of the site engine adapter for the page being rendered."""

    def tree(self, tree_id: str) -> Tree | None:
        """The tree with this id, or None."""

    def page_context(self) -> PageContext:
        """How to render into the current page (language, links)."""

    def page_span(self, line: int, col: int) -> Span:
        """A position in the current page's source."""

    def job_aid_index(self) -> list[JobAidEntry]:
        """The job aids a ```` ```job-aids ```` fence lists, in order."""

    def training_pack(self) -> PackLink | None:
        """The training pack of the current page's language (None when there is none)."""

    def recent_changes(self, days: int) -> RecentChanges:
        """The trees that changed in the last ``days`` days (a ```` ```changes ```` fence)."""


class _StandaloneHost:
    """The host used without MkDocs: trees and languages from the extension's config."""

    _catalogs: ClassVar[dict[Path, Catalog]] = {}

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.settings = _settings(config)
        self.trees_dir = Path(self.settings.trees_dir).resolve()
        catalog = self._catalogs.setdefault(self.trees_dir, Catalog(self.trees_dir.parent))
        codes = list(self.settings.languages)
        languages = Languages.of(codes, self.settings.default_language) if codes else None
        try:
            # enabled: false reads no tree (the fences stay code).
            paths = expand([self.trees_dir]) if self.settings.enabled else []
        except UnreadableFolder as exc:
            log.error(str(exc))
            paths = []
        result = catalog.check(paths, languages, review_every_days=self.settings.review_every_days)
        self.trees = result.trees
        for problem in result.errors:
            log.error(str(problem))
        self.languages = languages or Languages.of(["en"])
        self.lang = config["lang"] or self.languages.default
        base = str(config["base_url"])
        self.context = PageContext(
            lang=self.lang,
            languages=self.languages,
            trees=self.trees,
            link=lambda href: base + re.sub(r"\.md(?=$|#)", ".html", href),
            case_note_lang=self.settings.case_note_language,
            call_idle_minutes=self.settings.call_idle_minutes,
            extra_ui=self.settings.ui_strings,
            insight=self.settings.insight,
        )

    def tree(self, tree_id: str) -> Tree | None:
        return self.trees.get(tree_id)

    def page_context(self) -> PageContext:
        return self.context

    def page_span(self, line: int, col: int) -> Span:
        return Span("<page>", line, col)

    def job_aid_index(self) -> list[JobAidEntry]:
        # Without MkDocs no page, section or PDF is known: the trees by title.
        return [JobAidEntry(tree) for tree in self.trees.values()]

    def training_pack(self) -> PackLink | None:
        return None  # PDFs are made by the MkDocs plugin only

    def recent_changes(self, days: int) -> RecentChanges:
        # Up to changes_as_of, else the latest commit; without MkDocs no page is known,
        # so nothing is linked.
        recent = recent_changes(
            self.trees_dir, days, self.settings.changes_as_of, self.languages.default
        )
        if recent.problem is not None:
            log.warning(recent.problem)
        return recent


class _Unset:
    """The default of every option in the extension's config: not written by the site."""

    def __repr__(self) -> str:
        return "(not set)"


UNSET = _Unset()


def _settings(config: Mapping[str, Any]) -> Settings:
    """The options written in the extension's config, read and checked by the core
    (:mod:`sopkit.settings`), as the MkDocs plugin reads them; problems are logged and
    the option keeps its default. An empty text is not set (the extension's old default).
    """
    written = {
        name: value
        for name in OPTIONS
        if (value := config.get(name, UNSET)) is not UNSET and value != ""
    }
    settings, problems = read_settings(written)
    for name, problem in problems.items():
        log.error(f"sopkit option '{name}': {problem}")
    return settings


class FencePreprocessor(Preprocessor):
    """Replaces each sopkit fence with what its kind renders (stashed as raw HTML)."""

    def __init__(self, md: Markdown, extension: SopkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if not may_have_fences(lines) or not self.extension.enabled():
            return lines
        fences = list(iter_fences(lines))
        if not fences:
            return lines
        host = self.extension.active_host(self.md)
        if isinstance(host, EnginePageHost) and not host.site.settings.enabled:
            return lines  # `enabled: false`: the fences stay code, as under MkDocs
        render = {JOB_AIDS: self._index, CHANGES: self._changes}
        for fence in reversed(fences):
            # Lines above the fence are as written: fences are replaced from the last one.
            if fence.kind == TREE:
                html = self._tree(fence, host, page_heading(lines, fence.start))
            else:
                html = render[fence.kind](fence, host)
            lines[fence.start : fence.end + 1] = [fence.indent + self.md.htmlStash.store(html)]
        if isinstance(host, EnginePageHost):  # no plugin reports them: say them now
            for problem in self.extension.problems:
                log.error(str(problem))
            self.extension.problems = []
        return lines

    def _tree(self, fence: Fence, host: Host, heading: str | None) -> str:
        tree = host.tree(fence.text)
        if tree is not None:
            return render_guide(tree, host.page_context(), heading)
        span = host.page_span(fence.start + 1, len(fence.indent) + 1)
        if isinstance(host, EnginePageHost) and fence.text in host.site.failed:
            # Under MkDocs such a build stops; here the page says the guide is missing.
            problem = error(
                "broken-tree",
                span,
                f"the page shows the tree '{fence.text}', which has errors (listed above), "
                "so the page shows an error in its place",
                "fix the tree; `sopkit check` lists its errors",
            )
        else:
            problem = error(
                "unknown-tree",
                span,
                f"the page shows the tree '{fence.text}', which is not in the trees directory",
            )
        self.extension.problems.append(problem)
        ctx = host.page_context()
        message = ui_strings(ctx.lang, ctx.languages.default)["unknown_tree"]
        return (
            '<div class="admonition danger sopkit-error" role="alert"><p>'
            f"{escape(message.format(id=fence.text))}</p></div>"
        )

    def _index(self, fence: Fence, host: Host) -> str:
        return render_job_aid_index(
            host.job_aid_index(), host.page_context(), _grouped(fence), host.training_pack()
        )

    def _changes(self, fence: Fence, host: Host) -> str:
        days = changes_days(fence)
        if isinstance(days, str):
            span = host.page_span(fence.start + 1, len(fence.indent) + 1)
            self.extension.problems.append(error("bad-fence", span, days))
            days = DAYS
        return render_changes(host.recent_changes(days), host.page_context())


def _grouped(fence: Fence) -> bool:
    """A job aid index's ``group:`` option: by nav section (default) or ``none``."""
    for line in fence.body:
        key, _, value = line.partition(":")
        if key.strip() == "group":
            return value.strip() != "none"
    return True


class SopkitExtension(Extension):
    """Python-Markdown extension ``sopkit``: renders ```` ```decision-tree ````,
    ```` ```job-aids ```` and ```` ```changes ```` fences."""

    def __init__(self, **kwargs: Any) -> None:
        # Every option of the MkDocs plugin (sopkit.settings), then this extension's own.
        self.config: dict[str, list[Any]] = {
            name: [UNSET, f"The plugin's '{name}' option (see sopkit.settings.Settings)."]
            for name in OPTIONS
        }
        self.config["lang"] = ["", "Language of the page (default: the default language)."]
        self.config["base_url"] = ["", "Prefix of links to other pages (without MkDocs)."]
        super().__init__(**kwargs)
        self.host: Host | None = None
        self.problems: list[Problem] = []
        self._standalone: _StandaloneHost | None = None

    def active_host(self, md: Markdown | None = None) -> Host:
        """The MkDocs adapter when set; else, under Zensical, a host for the page ``md``
        renders; else a host built from this extension's config."""
        if self.host is not None:
            return self.host
        page = engine_page(md) if md is not None else None
        if page is not None:
            return EngineSiteHost.of(page).page_host(page)
        if self._standalone is None:
            self._standalone = _StandaloneHost(self.getConfigs())
        return self._standalone

    def enabled(self) -> bool:
        """False when the standalone config says ``enabled: false`` (fences stay code)."""
        if self.host is not None:
            return True  # the MkDocs plugin installs the extension only when enabled
        host = self.active_host()
        return not isinstance(host, _StandaloneHost) or host.settings.enabled

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the fence preprocessor after whitespace is normalised, before fenced code."""
        md.registerExtension(self)
        md.preprocessors.register(FencePreprocessor(md, self), "sopkit_fences", 28)

    def reset(self) -> None:
        """Called by Python-Markdown before each document."""
        self.problems = []


def makeExtension(**kwargs: Any) -> SopkitExtension:
    """Entry point for ``markdown.Markdown(extensions=['sopkit'])``."""
    return SopkitExtension(**kwargs)
