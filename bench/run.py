"""Run the whole benchmark: ``.venv/bin/python -m bench.run [--quick] [--write-docs]``.

Generates the synthetic sites under ``bench/out/``, measures everything side by side,
prints the results table and exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .build import BuildResult, PdfResult, build_once, measure_build, measure_pdf
from .compile import CompileResult, measure_compile
from .jobaids import (
    ColdResult,
    FloorResult,
    ReloadPair,
    WarmResult,
    measure_cold,
    measure_floor,
    measure_reload_pair,
    measure_warm,
)
from .player import PlayerSpeed, PlayerWeight, measure_player, player_weight
from .report import Budget, machine, markdown_report
from .scale import ScaleResult, measure_scale
from .serve import ReloadResult, measure_reload
from .sitegen import GeneratedSite, generate_site, tree_id

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"


@dataclass(frozen=True)
class Plan:
    """Sizes and repetitions of one run."""

    sizes: tuple[int, ...]
    compile_runs: dict[int, int]
    build_runs: dict[int, int]
    pdf_trees: int
    pdf_runs: int
    clicks: int
    reload_runs: int
    jobaid_trees: int
    """Trees of the cold PDF build and of edit-to-reload with PDFs on and off."""


FULL = Plan((10, 100, 1000), {10: 60, 100: 9, 1000: 5}, {10: 5, 100: 3, 1000: 2}, 3, 2, 150, 3, 100)
QUICK = Plan((10, 100), {10: 3, 100: 2}, {10: 1, 100: 1}, 1, 1, 40, 1, 10)


@dataclass(frozen=True)
class JobAidResults:
    """The job-aid measurements (bench/jobaids.py)."""

    floor: FloorResult
    warm: WarmResult
    cold: ColdResult
    reload: ReloadPair


@dataclass(frozen=True)
class Results:
    """Everything one run measured."""

    compiles: list[CompileResult]
    builds: list[BuildResult]
    weight: PlayerWeight
    player: PlayerSpeed
    pdf: PdfResult
    reload: ReloadResult
    scale: list[ScaleResult]
    seconds: float
    jobaids: JobAidResults


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def measure(plan: Plan) -> Results:
    """Generate the sites and take every measurement of ``plan``."""
    began = time.perf_counter()
    compiles, builds = [], []
    sites: dict[int, GeneratedSite] = {}
    for size in plan.sizes:
        _log(f"generating the {size}-tree sites")
        site = sites[size] = generate_site(OUT / f"site-{size}", size)
        plain = generate_site(OUT / f"plain-{size}", size, plain=True)
        _log(f"compile, {size} trees")
        compiles.append(measure_compile(site, plan.compile_runs[size]))
        _log(f"mkdocs build, {size} trees, {plan.build_runs[size]} run(s) of each variant")
        builds.append(measure_build(site, plain, plan.build_runs[size]))
    _log("player")
    big = generate_site(OUT / "player", 1, questions=333)
    build_once(big.root, OUT / "player-site")
    player = measure_player(OUT / "player-site", f"sop/{tree_id(0)}/", big.nodes, plan.clicks)
    _log("PDF job aids")
    with_pdf = generate_site(OUT / "pdf-on", plan.pdf_trees, pdf=True, flowchart=True)
    without = generate_site(OUT / "pdf-off", plan.pdf_trees)
    pdf = measure_pdf(with_pdf, without, plan.pdf_runs)
    _log("edit-to-reload under mkdocs serve")
    serve_site = sites.get(100) or generate_site(OUT / "site-100", 100)
    reload = measure_reload(serve_site, plan.reload_runs)
    _log("scaling, in one process")
    scale = measure_scale(OUT / "scale")
    _log("job aids: floor, warm demo, cold build, reload with PDFs")
    jobaids = JobAidResults(
        measure_floor(),
        measure_warm(),
        measure_cold(plan.jobaid_trees),
        measure_reload_pair(plan.jobaid_trees, plan.reload_runs),
    )
    seconds = time.perf_counter() - began
    return Results(compiles, builds, player_weight(), player, pdf, reload, scale, seconds, jobaids)


def budgets(results: Results) -> list[Budget]:
    """Every budget, with what was measured: each is a wait a user of sopkit notices.

    The compile cost (in one process, against composing the YAML) is reported but has
    no budget: it is a small part of a build, which the build budget covers.
    """
    found = [
        Budget(f"mkdocs build, {b.site.trees} trees", b.ratio, 1.10, "x the plain site")
        for b in results.builds
    ]
    pdf, reload = results.pdf, results.reload
    found.append(
        Budget(
            f"PDF job aid with flowchart ({pdf.job_aids} built, median)",
            pdf.per_job_aid.median,
            6.0,
            "s per job aid",
        )
    )
    found.append(
        Budget(
            f"edit-to-reload under mkdocs serve, {reload.trees} trees (median)",
            reload.seconds.median,
            6.0,
            "s",
        )
    )
    found.append(
        Budget(
            f"tree files loaded per save, {reload.trees}-tree site (most)",
            max(reload.loads_per_rebuild, default=float("nan")),
            1,
            "files",
        )
    )
    found += jobaid_budgets(results.jobaids)
    found.append(Budget("player JS + CSS, gzipped", results.weight.gzipped / 1024, 32.0, "KiB"))
    found.append(
        Budget(
            f"answer click -> next step, {results.player.nodes}-node tree (median)",
            results.player.click_ms.median,
            16.0,
            "ms",
        )
    )
    found += [
        Budget(f"5x the content: {s.name}", s.ratio, 10.0, "x the time") for s in results.scale
    ]
    return found


def jobaid_budgets(j: JobAidResults) -> list[Budget]:
    """Job aids: near WeasyPrint's own cost, free when cached, on every core, never blocking."""
    return [
        Budget(
            f"cold job aid against WeasyPrint's plain document ({j.floor.job_aids}, median)",
            j.floor.ratio,
            2.0,
            "x the floor",
        ),
        Budget("warm demo build with PDFs", j.warm.ratio, 1.2, "x with pdf: false"),
        Budget(
            f"cold build with PDFs, {j.cold.trees} trees, {j.cold.pdfs} PDFs",
            j.cold.ratio,
            0.65,
            "wall / CPU",
        ),
        Budget(
            f"edit-to-reload with PDFs, {j.reload.trees} trees",
            j.reload.ratio,
            1.1,
            "x with PDFs off",
        ),
    ]


def write_results(doc: Path, report: str) -> None:
    """Replace the results block of ``doc`` (the whole file when it has none)."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    start, end = text.find("<!-- results"), text.find("<!-- /results -->")
    if start < 0 or end < 0:
        doc.write_text(report, encoding="utf-8")
        return
    end += len("<!-- /results -->\n")
    doc.write_text(text[:start] + report + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when a budget is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument(
        "--write-docs", action="store_true", help=f"write the results into {DOC.name}"
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    results = measure(plan)
    checked = budgets(results)
    command = ".venv/bin/python -m bench.run" + (" --quick" if args.quick else "")
    report = markdown_report(results, checked, machine(), command)
    print(report)
    if args.write_docs:
        write_results(DOC, report)
        _log(f"wrote {DOC}")
    missed = [b for b in checked if not b.held]
    for budget in missed:
        _log(f"MISSED: {budget.name}: {budget.value:.2f} {budget.unit} > {budget.limit}")
    _log(f"done in {results.seconds:.0f} s; {len(missed)} budget(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
