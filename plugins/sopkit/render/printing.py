"""Printing job aids: tree -> job-aid HTML -> PDF, fitted to the page budget.

The flowchart prints only at a legible size and never shrinks below it: when a job aid
with its chart runs over :data:`MAX_PAGES`, it is laid out again without the chart, with
a note saying where the full map is; only the layout kept is written. PDFs missing from
the cache are printed in a pool of processes (one per CPU core), each under a time limit
and a page limit, so a tree that would take minutes to print stops with a located
message instead. The training pack of each language is printed the same way, from the
layouts its job aids were printed in.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from types import FrameType
from typing import NamedTuple

from ..model import Handoff, Tree
from .cache import JobAidCache, pdf_key, svg_key
from .context import PageContext
from .flowchart import GRAPHVIZ_MISSING, GraphvizFailed, dot_to_svg, flowchart_dot
from .jobaid import JobAid, Paper, chart_width_pt, qr_image, qr_named, render_jobaid
from .pack import PackEntry, render_training_pack
from .pdf import (
    Pdf,
    PdfUnavailable,
    TooManyPages,
    check_pdf_support,
    render_first_fitting,
    render_pdf,
)

MAX_PAGES = 2
"""The page budget of a job aid: longer ones are printed, with a warning."""
PAGE_LIMIT = 30
"""Pages past which a job aid is not printed at all (the build stops)."""
SECONDS_LIMIT = 60.0
"""Seconds one job aid may take to print before the build stops."""


def over_budget_message(tree: Tree, lang: str, pages: int) -> str:
    """The build warning for a job aid longer than :data:`MAX_PAGES`."""
    return (
        f"{tree.path}: the job aid of '{tree.id}' ({lang}) runs to {pages} pages, more "
        f"than {MAX_PAGES}; shorten its texts or split the tree so it prints on "
        f"{MAX_PAGES} pages"
    )


class JobAidFailed(RuntimeError):
    """One or more job aids could not be printed; the message says which and why."""


@dataclass(frozen=True)
class Limits:
    """How long (seconds) and how many pages one job aid may take to print."""

    seconds: float = SECONDS_LIMIT
    pages: int = PAGE_LIMIT


@dataclass(frozen=True)
class PrintJob:
    """One PDF to print: its cache key, where it comes from and its HTML documents."""

    key: str
    source: str
    """Where the tree starts, ``file:line:col``."""
    tree_id: str
    lang: str
    htmls: tuple[str, ...]
    """The layouts to try, in order; the first on at most ``fits`` pages is kept (none
    for a training pack the cache has: it is not printed)."""
    fits: int = MAX_PAGES

    def where(self) -> str:
        """The job aid named for a message: file, tree and language."""
        if self.tree_id == PACK_TREE_ID:
            return f"the training pack ({self.lang})"
        return f"{self.source}: the job aid of '{self.tree_id}' ({self.lang})"


class _TimeUp(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (where the OS has interval timers)."""
    main = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or seconds <= 0 or not main:
        yield
        return

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise _TimeUp

    before = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def print_job(job: PrintJob, limits: Limits) -> Pdf:
    """Print one job aid within ``limits`` (runs in a worker process or in this one)."""
    try:
        with _time_limit(limits.seconds):
            return render_first_fitting(job.htmls, fits=job.fits, limit=limits.pages)
    except _TimeUp:
        raise JobAidFailed(
            f"{job.where()} took more than {limits.seconds:g} seconds to print and was "
            f"stopped; shorten its texts or split the tree"
        ) from None
    except TooManyPages as exc:
        raise JobAidFailed(
            f"{job.where()} runs to {exc.pages} pages, more than the limit of "
            f"{limits.pages}; shorten its texts or split the tree"
        ) from None
    except PdfUnavailable:
        raise
    except Exception as exc:
        raise JobAidFailed(f"{job.where()} could not be printed: {exc}") from None


def default_workers() -> int:
    """One worker per CPU core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def print_all(
    jobs: Sequence[PrintJob], limits: Limits, workers: int, *, background: bool = False
) -> dict[str, Pdf]:
    """Print ``jobs`` (in a pool of ``workers`` processes when it pays); PDFs by key.

    In the ``background`` (under ``mkdocs serve``) every job is printed in another
    process, at a lower priority, so the server's rebuilds keep the interpreter and
    the cores. Every job is tried; when any fails, :class:`JobAidFailed` names each.
    """
    if not jobs:
        return {}
    if not background and (workers <= 1 or len(jobs) <= 1):
        return _collect(jobs, [_run_here(job, limits) for job in jobs])
    # spawn, not fork: the parent may hold threads (mkdocs serve) and open files.
    with ProcessPoolExecutor(
        max(1, min(workers, len(jobs))),
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(), BACKGROUND_NICENESS if background else 0),
    ) as pool:
        futures = [pool.submit(print_job, job, limits) for job in jobs]
        return _collect(jobs, futures)


BACKGROUND_NICENESS = 10
"""How much lower the priority of background printing is (``nice``)."""


def _start_worker(parent: int, niceness: int) -> None:
    """In each worker process: lower its priority, and end it when its parent ends
    (a build or server that is killed leaves no printer behind)."""
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="sopkit-parent-watch", daemon=True).start()


def _run_here(job: PrintJob, limits: Limits) -> Future[Pdf]:
    future: Future[Pdf] = Future()
    try:
        future.set_result(print_job(job, limits))
    except (JobAidFailed, PdfUnavailable) as exc:
        future.set_exception(exc)
    return future


def _collect(jobs: Sequence[PrintJob], futures: Sequence[Future[Pdf]]) -> dict[str, Pdf]:
    pdfs: dict[str, Pdf] = {}
    failures: list[str] = []
    for job, future in zip(jobs, futures, strict=True):
        try:
            pdfs[job.key] = future.result()
        except (JobAidFailed, PdfUnavailable) as exc:
            failures.append(str(exc))
    if failures:
        raise JobAidFailed("\n".join(dict.fromkeys(failures)))
    return pdfs


@dataclass(frozen=True)
class JobAidSettings:
    """Which printed outputs a site wants, and how they are printed."""

    pdf: bool = True
    flowchart: bool = True
    paper: Paper = "a4"
    workers: int = 0
    """Processes printing PDFs at once; 0: one per CPU core."""
    limits: Limits = Limits()


@dataclass(frozen=True)
class BuiltJobAid:
    """The outputs of one tree in one language: its flowchart SVG and its PDF."""

    tree: Tree
    lang: str
    svg: str | None
    pdf: Pdf | None
    key: str | None = None
    """The PDF's cache key (None without PDFs)."""
    path: Path | None = None
    """The PDF's file in the cache (None without PDFs)."""
    aid: JobAid | None = None
    """What the PDF shows, once printed (the training pack prints the same)."""


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


def layouts(aid: JobAid) -> tuple[JobAid, ...]:
    """The layouts of a job aid to try, in order: with its chart, then without it."""
    if chart_width_pt(aid) is not None:
        return (aid, replace(aid, print_chart=False))
    return (aid,)


def jobaid_htmls(
    tree: Tree, ctx: PageContext, aid: JobAid, qr: Callable[[str], str] = qr_image
) -> tuple[str, ...]:
    """The job aid's HTML in each of its :func:`layouts` (``qr``: see
    :func:`~sopkit.render.jobaid.render_jobaid_body`)."""
    return tuple(render_jobaid(tree, ctx, layout, qr) for layout in layouts(aid))


class JobAidPrinter:
    """Prints job aids one at a time, in this process (tests, a single PDF)."""

    def print(self, tree: Tree, ctx: PageContext, aid: JobAid) -> Pdf:
        """The job aid as a PDF, with its flowchart when that keeps it within budget.

        When it does not fit even without the chart, the caller warns about its length.
        """
        return self.fitted(tree, ctx, aid)[1]

    def fitted(self, tree: Tree, ctx: PageContext, aid: JobAid) -> tuple[JobAid, Pdf]:
        """The job aid as printed (with or without its chart) and its PDF."""
        job = PrintJob("", str(tree.span), tree.id, ctx.lang, jobaid_htmls(tree, ctx, aid))
        pdf = print_job(job, Limits())
        return layouts(aid)[pdf.layout], pdf


class LanguagePlan(NamedTuple):
    """What to build in one language: the trees, how to render them, their guides' URLs.

    ``context`` names everything in ``ctx`` and ``guide_url`` that shows in a job aid
    (links, site URL, words); when set, a tree object seen before with the same context
    and hand-off titles is not rendered again to find its PDF.
    """

    trees: Iterable[Tree]
    ctx: PageContext
    guide_url: Callable[[str], str | None]
    context: str = ""


Plans = Mapping[str, LanguagePlan | tuple[Iterable[Tree], PageContext, Callable[[str], str | None]]]


class JobAidBuilder:
    """Builds the flowcharts and PDFs of every tree, through a cache on disk.

    ``printed`` counts the PDFs printed (not found in the cache) since it was made.
    """

    def __init__(self, cache: JobAidCache, settings: JobAidSettings) -> None:
        self.cache = cache
        self.settings = settings
        self.printed = 0
        self._charts: dict[str, str] = {}
        # (id of the tree, language, context, guide URL, hand-off titles) -> (the tree,
        # its SVG, its PDF key): rendering every job aid to find its key costs seconds
        # on a large site, on every rebuild under serve.
        self._seen: dict[tuple[object, ...], tuple[Tree, str | None, str | None]] = {}
        self._packs: dict[tuple[object, ...], PrintJob] = {}

    def flowchart(self, tree: Tree, ctx: PageContext) -> str:
        """The tree's flowchart SVG (``dot`` runs once per distinct DOT source)."""
        source = flowchart_dot(tree, ctx)
        svg = self._charts.get(source)
        if svg is None:
            key = svg_key(source)
            svg = self.cache.get_svg(key)
            if svg is None:
                try:
                    svg = dot_to_svg(source)
                except GraphvizFailed as exc:
                    raise JobAidFailed(
                        f"{tree.span}: the flowchart of "
                        f"'{tree.id}' ({ctx.lang}) could not be drawn: {exc}"
                    ) from None
                self.cache.put_svg(key, svg)
            self._charts[source] = svg
        return svg

    def plan(self, languages: Plans) -> tuple[dict[str, dict[str, BuiltJobAid]], list[PrintJob]]:
        """Every language's job aids as far as the cache has them (lang -> tree id -> aid;
        a PDF not in the cache is None), and the PDFs still to print."""
        built: dict[str, dict[str, BuiltJobAid]] = {}
        jobs: dict[str, PrintJob] = {}
        for lang, value in languages.items():
            plan = LanguagePlan(*value)
            built[lang] = {}
            for tree in plan.trees:
                svg, key = self._seen_before(tree, lang, plan)
                if key is None:
                    svg, key = self._render(tree, plan, jobs)
                aid = BuiltJobAid(tree=tree, lang=lang, svg=svg, pdf=None)
                if key is not None:
                    pdf = self.cache.get_pdf(key)
                    if pdf is None and key not in jobs:
                        self._render(tree, plan, jobs)  # the HTML to print
                    aid = replace(aid, key=key, path=self.cache.pdf_path(key))
                    aid = self._with_pdf(aid, pdf, plan)
                built[lang][tree.id] = aid
        return built, list(jobs.values())

    def _memo_key(self, tree: Tree, plan: LanguagePlan) -> tuple[object, ...] | None:
        if not plan.context:
            return None
        titles = tuple(
            (way.tree, tuple(sorted(other.title.values.items())))
            for node in tree.nodes.values()
            for way in node.ways
            if isinstance(way, Handoff) and (other := plan.ctx.trees.get(way.tree)) is not None
        )
        return (id(tree), plan.ctx.lang, plan.context, plan.guide_url(tree.id), titles)

    def _seen_before(
        self, tree: Tree, lang: str, plan: LanguagePlan
    ) -> tuple[str | None, str | None]:
        memo = self._memo_key(tree, plan)
        seen = self._seen.get(memo) if memo is not None else None
        if seen is None or seen[0] is not tree:
            return None, None
        return seen[1], seen[2]

    def _render(
        self, tree: Tree, plan: LanguagePlan, jobs: dict[str, PrintJob]
    ) -> tuple[str | None, str | None]:
        """The tree's flowchart and PDF key (adding the PDF to ``jobs`` if not cached)."""
        settings, ctx = self.settings, plan.ctx
        svg = self.flowchart(tree, ctx) if settings.flowchart else None
        key = None
        if settings.pdf:
            aid = self._job_aid(tree, svg, plan)
            # The key names the QR code by its URL: most builds find every PDF in the
            # cache, and need no code drawn.
            key = pdf_key(jobaid_htmls(tree, ctx, aid, qr_named))
            if key not in jobs and not self.cache.pdf_path(key).is_file():
                htmls = jobaid_htmls(tree, ctx, aid)
                jobs[key] = PrintJob(key, str(tree.span), tree.id, ctx.lang, htmls)
        memo = self._memo_key(tree, plan)
        if memo is not None and (key is not None or not settings.pdf):
            self._seen[memo] = (tree, svg, key)
        return svg, key

    def _job_aid(self, tree: Tree, svg: str | None, plan: LanguagePlan) -> JobAid:
        return JobAid(tree.path, self.settings.paper, svg, plan.guide_url(tree.id))

    def _with_pdf(self, aid: BuiltJobAid, pdf: Pdf | None, plan: LanguagePlan) -> BuiltJobAid:
        """``aid`` with its printed PDF and the layout that PDF shows."""
        if pdf is None:
            return aid
        shown = layouts(self._job_aid(aid.tree, aid.svg, plan))[pdf.layout]
        return replace(aid, pdf=pdf, aid=shown)

    def print(self, jobs: Sequence[PrintJob], *, background: bool = False) -> None:
        """Print the ``jobs`` the cache does not have yet, into the cache
        (``background``: see :func:`print_all`)."""
        self._print(jobs, self.settings.limits, background)

    def _print(self, jobs: Sequence[PrintJob], limits: Limits, background: bool) -> None:
        """Print what the cache lacks of ``jobs`` within ``limits``, into the cache."""
        todo = [job for job in jobs if not self.cache.pdf_path(job.key).is_file()]
        if todo:  # WeasyPrint is loaded only when there is something to print
            check_pdf_support()
        workers = self.settings.workers or default_workers()
        printed = print_all(todo, limits, workers, background=background)
        for key, pdf in printed.items():
            self.cache.put_pdf(key, pdf)
        self.printed += len(todo)

    def build_languages(self, languages: Plans) -> dict[str, dict[str, BuiltJobAid]]:
        """Every language's job aids, printing what the cache lacks (one pool for all)."""
        built, jobs = self.plan(languages)
        self.print(jobs)
        return {
            lang: {
                tree_id: self._complete(aid, LanguagePlan(*languages[lang]))
                for tree_id, aid in aids.items()
            }
            for lang, aids in built.items()
        }

    def build(
        self, trees: Iterable[Tree], ctx: PageContext, guide_url: Callable[[str], str | None]
    ) -> dict[str, BuiltJobAid]:
        """Flowchart and PDF of each tree in ``ctx.lang``, by tree id."""
        return self.build_languages({ctx.lang: (trees, ctx, guide_url)})[ctx.lang]

    def _complete(self, aid: BuiltJobAid, plan: LanguagePlan) -> BuiltJobAid:
        if aid.pdf is not None or aid.key is None:
            return aid
        return self._with_pdf(aid, self.cache.get_pdf(aid.key), plan)

    # -- the training pack --------------------------------------------------------------

    def pack_job(
        self, aids: Iterable[BuiltJobAid], ctx: PageContext, *, site_name: str, url: str | None
    ) -> PrintJob | None:
        """The training pack of ``aids`` (in that order) to print; None when no job aid
        of them is printed yet (under serve) or none has a PDF."""
        aids = list(aids)
        if not aids or any(aid.key is not None and aid.aid is None for aid in aids):
            return None
        entries = [PackEntry(aid.tree, aid.aid) for aid in aids if aid.aid is not None]
        if not entries:
            return None
        # Each job aid's PDF key names everything it prints; the pack adds its own words,
        # the site's name and URL. The same memo key is the same pack, not rendered again
        # on every rebuild under serve.
        memo = (
            ctx.lang,
            tuple((aid.key, aid.aid.print_chart) for aid in aids if aid.aid is not None),
            site_name,
            url,
            tuple(sorted(ctx.ui.items())),
        )
        job = self._packs.get(memo)
        if job is None or not (job.htmls or self.cache.pdf_path(job.key).is_file()):
            job = self._pack(entries, ctx, site_name, url)
            self._packs[memo] = job
        return job

    def _pack(
        self, entries: list[PackEntry], ctx: PageContext, site_name: str, url: str | None
    ) -> PrintJob:
        """The pack's print job; its HTML is rendered only when the cache lacks its PDF
        (the key names each QR code by its URL, as a job aid's does)."""

        def html(qr: Callable[[str], str]) -> str:
            paper = self.settings.paper
            return render_training_pack(
                entries, ctx, site_name=site_name, paper=paper, url=url, qr=qr
            )

        key = pdf_key(("pack", html(qr_named)))
        htmls = () if self.cache.pdf_path(key).is_file() else (html(qr_image),)
        return PrintJob(key, "", PACK_TREE_ID, ctx.lang, htmls, fits=PACK_PAGE_LIMIT)

    def print_packs(self, jobs: Sequence[PrintJob], *, background: bool = False) -> None:
        """Print the training packs the cache lacks, into the cache (one per language)."""
        limits = Limits(self.settings.limits.seconds * 10, PACK_PAGE_LIMIT)
        self._print(jobs, limits, background)


PACK_TREE_ID = "training-pack"
"""How a training pack is named in messages (in place of a tree id)."""
PACK_PAGE_LIMIT = 2000
"""Pages past which a training pack is not printed (a site of a thousand job aids)."""


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
