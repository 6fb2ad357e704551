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
        self.trees_dir = Path(config["trees_dir"]).resolve()
        catalog = self._catalogs.setdefault(self.trees_dir, Catalog(self.trees_dir.parent))
        codes = list(config["languages"])
        languages = Languages.of(codes, config["default_language"] or None) if codes else None
        try:
            paths = expand([self.trees_dir])
        except UnreadableFolder as exc:
            log.error(str(exc))
            paths = []
        result = catalog.check(paths, languages)
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
            case_note_lang=config["case_note_language"] or None,
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
        # Up to the latest commit; without MkDocs no page is known, so nothing is linked.
        return recent_changes(self.trees_dir, days, None, self.languages.default)


class FencePreprocessor(Preprocessor):
    """Replaces each sopkit fence with what its kind renders (stashed as raw HTML)."""

    def __init__(self, md: Markdown, extension: SopkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if not may_have_fences(lines):
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
        self.config = {
            "trees_dir": ["decision_trees", "Directory of the tree files."],
            "lang": ["", "Language of the page (default: the default language)."],
            "languages": [[], "Languages of the site, e.g. ['en', 'es']."],
            "default_language": ["", "Default language (default: the first of 'languages')."],
            "case_note_language": ["", "Language of case notes (default: the page's)."],
            "base_url": ["", "Prefix of links to other pages (without MkDocs)."],
        }
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
