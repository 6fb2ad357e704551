"""Growth budgets at 100, 300 and 1,000 procedures, with the configuration ``sopkit init``
writes: ``.venv/bin/python -m bench.growth [--sizes 100 300 1000] [--jobaids 100]``.

- build time at 1,000 procedures at most 11x the time at 100 (linear within 10 %);
- peak memory of a build under 1 GiB (without job aids; with them, of every process);
- edit-to-preview at 1,000 procedures (``sopkit preview``) at most 2 s;
- a warm build with job aids at most 1.2x the same build without them, measured at
  ``--jobaids`` procedures with a cache filled by a first build (DECISIONS 14). "Without
  them" is ``pdf: false`` with everything else the same: both sites draw each guide's
  Map view (the flowchart), which is part of the guide, not of the job aid, and both
  caches are filled before the runs that count.

Each build runs ``mkdocs build --strict`` in a fresh process; its peak memory is the
largest resident size of that process and of every process it waited for (the job-aid
workers), as the kernel reports it to ``wait4``. Prints a Markdown table; exits 1 when
a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

from .build import BIN, ENV, BuildFailed
from .sitegen import dump_tree, generate_site, tree_id, tree_spec

OUT = Path(__file__).resolve().parent / "out" / "growth"
GIB = 1024**3
LINEAR_BUDGET = 11.0
PREVIEW_BUDGET = 2.0
JOB_AID_BUDGET = 1.2


@dataclass(frozen=True)
class Run:
    """One ``mkdocs build``: wall seconds, peak resident memory in bytes, and CPU
    seconds of the build and every process it waited for (what a loaded machine
    moves least)."""

    seconds: float
    peak: int
    cpu: float


def build(project: Path, site_dir: Path, cache_dir: Path | None = None) -> Run:
    """Build ``project`` once in a fresh process; its time and peak memory."""
    command = [str(BIN / "mkdocs"), "build", "--strict", "-q", "--clean", "-d", str(site_dir)]
    env = ENV if cache_dir is None else {**ENV, "SOPKIT_CACHE_DIR": str(cache_dir)}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            raise BuildFailed(f"mkdocs build failed in {project}:\n{log.read().decode()}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss * 1024, cpu)  # Linux reports kilobytes


def _fetch(url: str) -> str:
    with urlopen(url, timeout=300) as answer:
        return str(answer.read().decode("utf-8"))


def edit_to_preview(project: Path, trees: int, saves: int = 5) -> tuple[float, list[float]]:
    """Seconds to the first preview page, and from each save of the tree to the page
    that shows it (``sopkit preview`` on the middle tree)."""
    index = trees // 2
    command = [str(BIN / "sopkit"), "preview", tree_id(index), "--port", "0"]
    server = subprocess.Popen(
        command, cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert server.stdout is not None
        found = re.search(r"http://\S+/", server.stdout.readline())
        if found is None:
            raise RuntimeError("sopkit preview did not say where it listens")
        url = found.group(0)
        start = time.perf_counter()
        _fetch(url)
        first = time.perf_counter() - start
        times = [_save_and_wait(project, index, url, run) for run in range(saves)]
    finally:
        server.terminate()
        server.wait(timeout=10)
    return first, times


def _save_and_wait(project: Path, index: int, url: str, run: int) -> float:
    spec = tree_spec(index, reviewed=time.strftime("%Y-%m-%d"))
    marker = f"EDIT{run}x{time.time_ns()}"
    spec["title"] = {lang: f"{title} {marker}" for lang, title in spec["title"].items()}
    path = project / "decision_trees" / f"{tree_id(index)}.yml"
    start = time.perf_counter()
    path.write_text(dump_tree(spec), encoding="utf-8")
    while marker not in _fetch(url):
        if time.perf_counter() - start > 30:
            return float("inf")
        time.sleep(0.05)
    return time.perf_counter() - start


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.0f} MiB"


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} / {five:.1f} (1 / 5 min) on {os.cpu_count()} cores"


def _say(rows: list[str], row: str) -> None:
    """Print a row of the table as soon as it is measured, and keep it."""
    print(row, flush=True)
    rows.append(row)


def measure_growth(sizes: list[int], runs_at_smallest: int) -> tuple[list[str], bool]:
    """Build each size with init's configuration; the table rows and whether budgets hold."""
    rows: list[str] = []
    ok = True
    times: dict[int, float] = {}
    cpus: dict[int, float] = {}
    for trees in sizes:
        site = generate_site(OUT / f"init-{trees}", trees, layout="init")
        runs = runs_at_smallest if trees == sizes[0] else 1
        done = [build(site.root, OUT / f"site-{trees}") for _ in range(runs)]
        seconds = statistics.median(r.seconds for r in done)
        cpu = statistics.median(r.cpu for r in done)
        peak = max(r.peak for r in done)
        times[trees] = seconds
        cpus[trees] = cpu
        ok &= peak < GIB
        _say(
            rows,
            f"| build, {trees} procedures ({runs} run{'s' * (runs > 1)}) | {seconds:.1f} s "
            f"({cpu:.1f} s CPU), peak {_mib(peak)} | < 1 GiB | "
            f"{'ok' if peak < GIB else '**missed**'} | {_load()} |",
        )
    if len(sizes) > 1:
        ratio = times[sizes[-1]] / times[sizes[0]]
        cpu_ratio = cpus[sizes[-1]] / cpus[sizes[0]]
        budget = LINEAR_BUDGET * sizes[-1] / sizes[0] / 10
        ok &= ratio <= budget
        _say(
            rows,
            f"| build {sizes[-1]} against {sizes[0]} | {ratio:.2f}x ({cpu_ratio:.2f}x in CPU "
            f"time) | ≤ {budget:g}x | {'ok' if ratio <= budget else '**missed**'} | |",
        )
    largest = sizes[-1]
    first, saves = edit_to_preview(OUT / f"init-{largest}", largest)
    worst = max(saves)
    ok &= worst <= PREVIEW_BUDGET
    shown = ", ".join(f"{s:.2f}" for s in saves)
    _say(
        rows,
        f"| edit-to-preview, {largest} procedures ({len(saves)} saves) | {shown} s "
        f"(first page {first:.1f} s) | ≤ {PREVIEW_BUDGET:g} s | "
        f"{'ok' if worst <= PREVIEW_BUDGET else '**missed**'} | {_load()} |",
    )
    return rows, ok


def measure_job_aids(trees: int, runs: int) -> tuple[list[str], bool]:
    """Warm build with job aids (cache filled by a first build) against without."""
    with_aids = generate_site(
        OUT / f"jobaids-{trees}", trees, layout="init", pdf=True, flowchart=True
    )
    without = generate_site(OUT / f"nojobaids-{trees}", trees, layout="init", flowchart=True)
    cache, plain_cache = OUT / f"cache-{trees}", OUT / f"cache-plain-{trees}"
    fill = build(with_aids.root, OUT / "site-jobaids", cache)
    build(without.root, OUT / "site-nojobaids", plain_cache)  # its Map views, drawn once
    warm, plain = [], []
    for _ in range(runs):
        warm.append(build(with_aids.root, OUT / "site-jobaids", cache))
        plain.append(build(without.root, OUT / "site-nojobaids", plain_cache))
    ratio = statistics.median(r.seconds for r in warm) / statistics.median(r.seconds for r in plain)
    cpu_ratio = statistics.median(r.cpu for r in warm) / statistics.median(r.cpu for r in plain)
    peak = max(r.peak for r in [fill, *warm])
    ok = ratio <= JOB_AID_BUDGET and peak < GIB
    return [
        f"| filling the job-aid cache, {trees} procedures | {fill.seconds:.0f} s, "
        f"peak {_mib(fill.peak)} (largest process) | < 1 GiB a process | "
        f"{'ok' if fill.peak < GIB else '**missed**'} | {_load()} |",
        f"| warm build with job aids against without, {trees} procedures ({runs} runs each) "
        f"| {statistics.median(r.seconds for r in warm):.1f} s against "
        f"{statistics.median(r.seconds for r in plain):.1f} s: {ratio:.2f}x ({cpu_ratio:.2f}x "
        "in CPU time) | "
        f"≤ {JOB_AID_BUDGET:g}x | {'ok' if ratio <= JOB_AID_BUDGET else '**missed**'} | "
        f"{_load()} |",
    ], ok


def main(argv: list[str] | None = None) -> int:
    """Run the growth budgets; print the table; 1 when one is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench.growth")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 300, 1000])
    parser.add_argument("--runs", type=int, default=2, help="builds at the smallest size")
    parser.add_argument("--jobaids", type=int, default=0, metavar="N", help="0: skip")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    print("| measure | measured | budget | | machine |\n| - | - | - | - | - |", flush=True)
    ok = True
    if args.sizes:
        _, ok = measure_growth(sorted(args.sizes), args.runs)
    if args.jobaids:
        rows, held = measure_job_aids(args.jobaids, 2)
        print("\n".join(rows), flush=True)
        ok &= held
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
