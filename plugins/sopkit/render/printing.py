"""Printing job aids: tree -> job-aid HTML -> PDF, fitted to the page budget.

The flowchart prints only at a legible size and never shrinks below it: when a job aid
with its chart runs over the budget, it is printed again without the chart, with a note
saying where the full map is. Results are cached by their
HTML, so ``mkdocs serve`` rebuilds only the job aids whose tree changed.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..model import Tree
from .context import PageContext
from .flowchart import GRAPHVIZ_MISSING, dot_to_svg, flowchart_dot
from .jobaid import JobAid, Paper, render_jobaid
from .pack import PackEntry, render_training_pack
from .pdf import Pdf, PdfUnavailable, check_pdf_support, render_pdf

MAX_PAGES = 2


def over_budget_message(tree: Tree, lang: str, pages: int) -> str:
    """The build warning for a job aid longer than :data:`MAX_PAGES`."""
    return (
        f"{tree.path}: the job aid of '{tree.id}' ({lang}) runs to {pages} pages, more "
        f"than {MAX_PAGES}; shorten its texts or split the tree so it prints on "
        f"{MAX_PAGES} pages"
    )


class JobAidPrinter:
    """Prints job aids, keeping the PDFs of HTML it has already printed."""

    def __init__(self) -> None:
        self._cache: dict[str, Pdf] = {}

    def _print(self, html: str) -> Pdf:
        key = hashlib.sha256(html.encode("utf-8")).hexdigest()
        pdf = self._cache.get(key)
        if pdf is None:
            pdf = render_pdf(html)
            self._cache[key] = pdf
        return pdf

    def print(self, tree: Tree, ctx: PageContext, aid: JobAid) -> Pdf:
        """The job aid as a PDF, with its flowchart when that keeps it within budget.

        When it does not fit even without the chart, the caller warns about its length.
        """
        return self.fitted(tree, ctx, aid)[1]

    def fitted(self, tree: Tree, ctx: PageContext, aid: JobAid) -> tuple[JobAid, Pdf]:
        """The job aid as printed (with or without its chart) and its PDF."""
        pdf = self._print(render_jobaid(tree, ctx, aid))
        if pdf.pages > MAX_PAGES and aid.flowchart_svg and aid.print_chart:
            aid = replace(aid, print_chart=False)
            pdf = self._print(render_jobaid(tree, ctx, aid))
        return aid, pdf


@dataclass(frozen=True)
class JobAidSettings:
    """Which printed outputs a site wants."""

    pdf: bool = True
    flowchart: bool = True
    paper: Paper = "a4"


@dataclass(frozen=True)
class BuiltJobAid:
    """The outputs of one tree in one language: its flowchart SVG and its PDF."""

    tree: Tree
    lang: str
    svg: str | None
    pdf: Pdf | None
    aid: JobAid | None = None
    """What the PDF shows (the training pack prints the same), when there is a PDF."""


def missing_tools(settings: JobAidSettings) -> list[str]:
    """Why the wanted outputs cannot be built on this machine (empty when they can)."""
    problems = []
    if settings.flowchart and shutil.which("dot") is None:
        problems.append(GRAPHVIZ_MISSING)
    if settings.pdf:
        try:
            check_pdf_support()
        except PdfUnavailable as exc:
            problems.append(str(exc))
    return problems


class JobAidBuilder(JobAidPrinter):
    """Builds the flowcharts and PDFs of every tree for one language at a time."""

    def __init__(self) -> None:
        super().__init__()
        self._charts: dict[str, str] = {}

    def flowchart(self, tree: Tree, ctx: PageContext) -> str:
        """The tree's flowchart SVG (``dot`` runs once per distinct DOT source)."""
        source = flowchart_dot(tree, ctx)
        svg = self._charts.get(source)
        if svg is None:
            svg = dot_to_svg(source)
            self._charts[source] = svg
        return svg

    def build(
        self,
        trees: Iterable[Tree],
        ctx: PageContext,
        settings: JobAidSettings,
        guide_url: Callable[[str], str | None],
    ) -> dict[str, BuiltJobAid]:
        """Flowchart and PDF of each tree in ``ctx.lang``, by tree id."""
        built = {}
        for tree in trees:
            svg = self.flowchart(tree, ctx) if settings.flowchart else None
            pdf, printed = None, None
            if settings.pdf:
                aid = JobAid(
                    source=tree.path,
                    paper=settings.paper,
                    flowchart_svg=svg,
                    guide_url=guide_url(tree.id),
                )
                printed, pdf = self.fitted(tree, ctx, aid)
            built[tree.id] = BuiltJobAid(tree=tree, lang=ctx.lang, svg=svg, pdf=pdf, aid=printed)
        return built


def print_training_pack(
    aids: Iterable[BuiltJobAid],
    ctx: PageContext,
    *,
    site_name: str,
    paper: Paper = "a4",
    url: str | None = None,
) -> Pdf | None:
    """Every printed job aid of ``aids``, in that order, as one PDF (None when none is)."""
    entries = [PackEntry(aid.tree, aid.aid) for aid in aids if aid.aid is not None]
    if not entries:
        return None
    html = render_training_pack(entries, ctx, site_name=site_name, paper=paper, url=url)
    return render_pdf(html)
