"""Job-aid benchmarks: ``.venv/bin/python -m bench.jobaids [floor|warm|cold|reload ...]``.

- ``floor``: the cold cost of one job aid against WeasyPrint printing a plain document
  of the same text and page count, side by side in one process.
- ``warm``: the demo's full build with PDFs and a filled cache against ``pdf: false``.
- ``cold``: a cold build of the 100-tree bilingual site with PDFs: wall time against
  the CPU time of every process (the pool should keep both cores busy).
- ``reload``: edit-to-reload under ``mkdocs serve`` with PDFs on against off.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .build import build_once
from .serve import measure_reload
from .sitegen import generate_site
from .stats import Sample

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


_BLOCKS = frozenset(
    ("p", "li", "td", "th", "h1", "h2", "div", "ul", "tr", "table", "header", "section")
)


class _Words(HTMLParser):
    """The text a reader sees in a job aid, a paragraph per block (a cell, a list item,
    a paragraph, a line of the flowchart's labels), its inline pieces joined."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[str] = []
        self._skip = 0
        self._words: list[str] = []
        self._label = False

    def _end_paragraph(self) -> None:
        text = " ".join("".join(self._words).split())
        if text:
            self.paragraphs.append(text)
        self._words = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "head"):
            self._skip += 1
        # A chart label is an absolutely placed line of its own; other spans are inline.
        self._label = tag == "span" and "jobaid-map__label" in (dict(attrs).get("class") or "")
        if tag in _BLOCKS or self._label:
            self._end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "head"):
            self._skip -= 1
        if tag in _BLOCKS or (tag == "span" and self._label):
            self._label = False
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._words.append(data)

    def close(self) -> None:
        super().close()
        self._end_paragraph()


def plain_document(html: str, pages: int, foot: list[str], paper: str = "A4") -> str:
    """The floor: the job aid's words as plain paragraphs, split evenly over ``pages``
    pages of the same paper, margins and type, each page ending with the words of the
    job aid's footer (``foot``: its lines, ``{page}`` and ``{pages}`` filled in)."""
    words = _Words()
    words.feed(html)
    words.close()
    paragraphs = words.paragraphs
    per_page = max(1, -(-len(paragraphs) // pages))
    chunks = [paragraphs[i : i + per_page] for i in range(0, len(paragraphs), per_page)]
    body = '<div style="break-after: page"></div>'.join(
        "".join(f"<p>{_escape(text)}</p>" for text in chunk)
        + "".join(f"<p>{_escape(line.format(page=number, pages=len(chunks)))}</p>" for line in foot)
        for number, chunk in enumerate(chunks, start=1)
    )
    style = (
        f"@page {{ size: {paper}; margin: 12mm 12mm 16mm 12mm }}"
        ' html { font: 9pt/1.3 "DejaVu Sans", sans-serif } p { margin: 0 }'
    )
    return f"<!doctype html><html><head><style>{style}</style></head><body>{body}</body></html>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@dataclass(frozen=True)
class FloorResult:
    """Seconds to print each demo job aid, and WeasyPrint's for its plain twin."""

    job_aids: int
    sopkit: Sample
    floor: Sample
    other_pages: tuple[str, ...] = ()
    """The job aids whose plain twin printed on another number of pages."""

    @property
    def ratio(self) -> float:
        """Median cost of a job aid over the median floor."""
        return self.sopkit.median / self.floor.median


def measure_floor(tree_ids: tuple[str, ...] | None = None, runs: int = 3) -> FloorResult:
    """Print the demo's job aids (all by default, in both languages; flowchart and QR
    code included) and their plain twins, in CPU seconds of this process: printing is
    single-threaded, so the other processes of a shared machine do not count. Each job
    aid and its twin are printed ``runs`` times, one after the other, and the least of
    each is kept: on a loaded machine one print can cost half as much again as the next
    (other processes share the cores' caches), and the least is the print's own cost.
    Nothing the job aid computes is kept from one run to the next (its QR code is drawn
    again), so each run is cold."""
    from sopkit import Languages, PageContext, check_paths
    from sopkit.compile.catalog import tree_files
    from sopkit.render.flowchart import render_flowchart
    from sopkit.render.jobaid import JobAid, footer_line, qr_image
    from sopkit.render.pdf import render_pdf
    from sopkit.render.printing import JobAidPrinter, jobaid_htmls

    langs = Languages.of(["en", "es"])
    trees = check_paths(tree_files(ROOT / "decision_trees"), langs, root=ROOT).trees
    render_pdf("<p>warm up: fonts and imports</p>")
    ours, floor, other_pages = [], [], []
    for tree_id in tree_ids or sorted(trees):
        for lang in ("en", "es"):
            tree = trees[tree_id]
            ctx = PageContext(lang=lang, languages=langs, trees=trees)
            aid = JobAid(
                tree.path,
                flowchart_svg=render_flowchart(tree, ctx),
                guide_url=f"https://sop.example/{tree_id}/",
            )
            foot = [*footer_line(tree, ctx, aid.guide_url).split("\n"), ctx.ui["jobaid.page"]]
            mine, theirs = [], []
            for _ in range(runs):
                qr_image.cache_clear()
                start = time.process_time()
                pdf = JobAidPrinter().print(tree, ctx, aid)
                mine.append(time.process_time() - start)
                html = jobaid_htmls(tree, ctx, aid)[pdf.layout]
                twin = plain_document(html, pdf.pages, foot)
                start = time.process_time()
                plain = render_pdf(twin)
                theirs.append(time.process_time() - start)
            if plain.pages != pdf.pages:
                other_pages.append(f"{tree_id} ({lang}): {plain.pages} against {pdf.pages}")
            ours.append(min(mine))
            floor.append(min(theirs))
    return FloorResult(len(ours), Sample(tuple(ours)), Sample(tuple(floor)), tuple(other_pages))


def _demo_copy(dest: Path, pdf: bool) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("docs", "decision_trees"):
        shutil.copytree(ROOT / name, dest / name)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    if not pdf:
        config = re.sub(r"^  - sopkit$", "  - sopkit:\n      pdf: false", config, flags=re.M)
    (dest / "mkdocs.yml").write_text(config, "utf-8")
    return dest


@dataclass(frozen=True)
class WarmResult:
    """The demo built with PDFs from a filled cache, and with ``pdf: false``."""

    with_pdf: Sample
    without: Sample

    @property
    def ratio(self) -> float:
        """Median warm build with PDFs over the median without."""
        return self.with_pdf.median / self.without.median


def measure_warm(runs: int = 3) -> WarmResult:
    """Fill the cache once, then alternate the two builds of the demo."""
    on, off = _demo_copy(OUT / "demo-pdf", True), _demo_copy(OUT / "demo-nopdf", False)
    with tempfile.TemporaryDirectory(prefix="sopkit-bench-") as tmp:
        build_once(on, Path(tmp) / "fill")
        with_pdf, without = [], []
        for _ in range(runs):
            with_pdf.append(build_once(on, Path(tmp) / "on"))
            without.append(build_once(off, Path(tmp) / "off"))
    return WarmResult(Sample(tuple(with_pdf)), Sample(tuple(without)))


@dataclass(frozen=True)
class ColdResult:
    """A cold build with PDFs: wall seconds and the CPU seconds of every process."""

    trees: int
    pdfs: int
    wall: float
    cpu: float

    @property
    def ratio(self) -> float:
        """Wall over CPU: 0.5 when two cores were busy all along."""
        return self.wall / self.cpu


def measure_cold(trees: int = 100) -> ColdResult:
    """Build the ``trees``-tree bilingual site with PDFs and an empty cache."""
    site = generate_site(OUT / f"pdf-cold-{trees}", trees, pdf=True, flowchart=True)
    with tempfile.TemporaryDirectory(prefix="sopkit-bench-") as tmp:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = build_once(site.root, Path(tmp) / "site")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        pdfs = len(list((Path(tmp) / "site").rglob("*.pdf")))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return ColdResult(trees, pdfs, wall, cpu)


@dataclass(frozen=True)
class ReloadPair:
    """Edit-to-reload seconds under ``mkdocs serve``, PDFs on and off."""

    trees: int
    with_pdf: Sample
    without: Sample

    @property
    def ratio(self) -> float:
        """Median with PDFs over the median without."""
        return self.with_pdf.median / self.without.median


def measure_reload_pair(trees: int = 100, runs: int = 3) -> ReloadPair:
    """Edit-to-reload with PDFs (cache filled by one build first) and without."""
    on = generate_site(OUT / f"serve-pdf-{trees}", trees, pdf=True, flowchart=True)
    off = generate_site(OUT / f"serve-nopdf-{trees}", trees, flowchart=True)
    with tempfile.TemporaryDirectory(prefix="sopkit-bench-") as tmp:
        build_once(on.root, Path(tmp) / "fill")
    with_pdf = measure_reload(on, runs).seconds
    without = measure_reload(off, runs).seconds
    return ReloadPair(trees, with_pdf, without)


def main(argv: list[str] | None = None) -> int:
    """Run the parts named (all by default) and print what they measured."""
    parser = argparse.ArgumentParser(prog="python -m bench.jobaids", description=__doc__)
    parser.add_argument("parts", nargs="*", default=["floor", "warm", "cold", "reload"])
    parser.add_argument("--trees", type=int, default=100, help="trees for cold and reload")
    args = parser.parse_args(argv)
    for part in args.parts:
        if part == "floor":
            f = measure_floor()
            print(f"floor: {f.job_aids} job aids {f.sopkit.fmt()} against the plain "
                  f"document {f.floor.fmt()}: {f.ratio:.2f}x (budget 2x)")  # fmt: skip
            for pages in f.other_pages:
                print(f"  the plain twin of {pages} pages")
        elif part == "warm":
            w = measure_warm()
            print(f"warm: demo with PDFs {w.with_pdf.fmt()} against pdf: false "
                  f"{w.without.fmt()}: {w.ratio:.2f}x (budget 1.2x)")  # fmt: skip
        elif part == "cold":
            c = measure_cold(args.trees)
            print(f"cold: {c.trees} trees, {c.pdfs} PDFs, {c.wall:.1f} s wall, {c.cpu:.1f} s "
                  f"CPU: {c.ratio:.2f} (budget 0.65)")  # fmt: skip
        elif part == "reload":
            r = measure_reload_pair(args.trees)
            print(f"reload: {r.trees} trees, PDFs on {r.with_pdf.fmt()} against off "
                  f"{r.without.fmt()}: {r.ratio:.2f}x (budget 1.1x)")  # fmt: skip
        else:
            parser.error(f"unknown part {part!r}: floor, warm, cold or reload")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
