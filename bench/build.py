"""``mkdocs build`` timings: with sopkit against the same site without trees, and PDFs."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .sitegen import LANGS, GeneratedSite
from .stats import Sample

BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


class BuildFailed(RuntimeError):
    """``mkdocs build`` exited non-zero."""


def build_once(project: Path, site_dir: Path, cache_dir: Path | None = None) -> float:
    """Seconds of one ``mkdocs build --strict`` in a fresh process (as an editor runs it).

    ``cache_dir``: where sopkit keeps job aids (default: the site's own ``cache_dir``).
    """
    command = [
        str(BIN / "mkdocs"),
        "build",
        "--strict",
        "-q",
        "--clean",
        "-d",
        str(site_dir.resolve()),
    ]
    start = time.perf_counter()
    env = ENV if cache_dir is None else {**ENV, "SOPKIT_CACHE_DIR": str(cache_dir)}
    done = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise BuildFailed(f"mkdocs build failed in {project}:\n{done.stdout}{done.stderr}")
    return seconds


@dataclass(frozen=True)
class BuildResult:
    """Build times of a site with sopkit and of its plain twin."""

    site: GeneratedSite
    sopkit: Sample
    plain: Sample

    @property
    def ratio(self) -> float:
        """Median sopkit build over median plain build."""
        return self.sopkit.median / self.plain.median

    @property
    def overhead_per_node_ms(self) -> Sample:
        """sopkit's extra milliseconds per node (and language), run by run."""
        pairs = zip(self.sopkit.values, self.plain.values, strict=True)
        return Sample(tuple((s - p) * 1000 / self.site.nodes for s, p in pairs))

    @property
    def sopkit_per_node_ms(self) -> Sample:
        """Milliseconds of the whole sopkit build per tree node."""
        return self.sopkit.scaled(1000 / self.site.nodes)


def measure_build(site: GeneratedSite, plain: GeneratedSite, runs: int) -> BuildResult:
    """Alternate the two builds so that both see the same machine load."""
    sopkit_times, plain_times = [], []
    with tempfile.TemporaryDirectory(prefix="sopkit-bench-") as tmp:
        out = Path(tmp)
        for _ in range(runs):
            sopkit_times.append(build_once(site.root, out / "sopkit"))
            plain_times.append(build_once(plain.root, out / "plain"))
    return BuildResult(site, Sample(tuple(sopkit_times)), Sample(tuple(plain_times)))


@dataclass(frozen=True)
class PdfResult:
    """Seconds per job aid: (build with PDFs - build without) / (trees x languages)."""

    trees: int
    with_pdf: Sample
    without: Sample

    @property
    def job_aids(self) -> int:
        """How many PDFs a build writes."""
        return self.trees * len(LANGS)

    @property
    def per_job_aid(self) -> Sample:
        """Seconds per job aid, run by run."""
        pairs = zip(self.with_pdf.values, self.without.values, strict=True)
        return Sample(tuple((w - o) / self.job_aids for w, o in pairs))


def measure_pdf(with_pdf: GeneratedSite, without: GeneratedSite, runs: int) -> PdfResult:
    """Build a site with PDFs and flowcharts on, and the same site with them off.

    Every build with PDFs starts from an empty cache: this is the cost of printing.
    """
    on, off = [], []
    with tempfile.TemporaryDirectory(prefix="sopkit-bench-") as tmp:
        out = Path(tmp)
        for run in range(runs):
            on.append(build_once(with_pdf.root, out / "pdf", out / f"cache-{run}"))
            off.append(build_once(without.root, out / "nopdf"))
        pdfs = list((out / "pdf").rglob("*.pdf"))
    if len(pdfs) < with_pdf.trees * len(LANGS):
        raise BuildFailed(f"expected {with_pdf.trees * len(LANGS)} PDFs, found {len(pdfs)}")
    return PdfResult(with_pdf.trees, Sample(tuple(on)), Sample(tuple(off)))
