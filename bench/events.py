"""``sopkit report`` on many event lines: time and peak memory.

:func:`event_lines` writes the lines a ``beacon`` endpoint would collect: calls that walk
a few made-up trees in two languages, each a start, steps, answers, and an outcome, a
hand-off or an abandon, plus a restart or a copied note now and then. The report then
runs in a subprocess on 100,000 and on 1,000,000 lines; its peak resident memory should
not grow with the number of lines (the report keeps counts, and times in fixed buckets).

    .venv/bin/python -m bench.events [--lines 1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TREES = 20
"""Made-up trees; each is a chain of questions with two answers, then an outcome."""
DEPTH = 8
RESULTS = ("escalate", "resolve", "transfer", "new-case", "stop")


def event_lines(count: int, seed: int = 21) -> Iterator[str]:
    """``count`` JSON event lines (each ending in a newline), the same for the same seed."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        for line in _call(rng):
            if made == count:
                return
            made += 1
            yield line


def _call(rng: random.Random) -> Iterator[str]:
    """The events of one call through one tree: start, steps and answers, then an end."""
    tree = f"tree-{rng.randrange(TREES)}"
    base = {
        "v": 1, "tree": tree, "hash": "0123456789ab", "lang": rng.choice(("en", "es")),
        "page": f"/guides/{tree}/", "call": f"{rng.getrandbits(96):024x}",
        "at": "2026-12-01T10:00:00.000Z",
    }  # fmt: skip

    def line(event: str, node: str, **extra: object) -> str:
        return json.dumps({**base, "event": event, "node": node, **extra}) + "\n"

    node = "q0"
    yield line("start", node, resumed=rng.random() < 0.1)
    yield line("step", node)
    for depth in range(1, DEPTH + 1):
        if rng.random() < 0.04:
            yield line("abandon", node, ms=rng.randrange(500, 600_000))
            return
        answer = rng.choice(("yes", "no"))
        yield line("answer", node, answer=answer)
        after = f"q{depth}" if depth < DEPTH else f"end-{answer}"
        yield line("step", after, **{"from": node, "ms": int(rng.lognormvariate(9, 1))})
        node = after
    if rng.random() < 0.3:
        yield line("note-copied", node)
    yield line("outcome", node, result=rng.choice(RESULTS))


@dataclass(frozen=True)
class Run:
    """One ``sopkit report`` run."""

    lines: int
    seconds: float
    """Wall-clock time, start of the process to its end."""
    cpu_seconds: float
    """User and system time of the process (what a busy machine does not inflate)."""
    peak_mb: float


def measure(lines: int, folder: Path) -> Run:
    """Write ``lines`` event lines and time ``sopkit report`` on them (its own process)."""
    events = folder / f"events-{lines}.jsonl"
    with events.open("w", encoding="utf-8") as out:
        out.writelines(event_lines(lines))
    command = [
        sys.executable, "-c",
        "import resource, sys; from sopkit.cli import main; code = main(sys.argv[1:]); "
        "u = resource.getrusage(resource.RUSAGE_SELF); "
        "print(u.ru_utime + u.ru_stime, u.ru_maxrss, file=sys.stderr); sys.exit(code)",
        "report", str(events), "--output", str(folder / "report.md"),
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    cpu, peak_kb = done.stderr.strip().splitlines()[-1].split()
    return Run(lines, seconds, float(cpu), int(peak_kb) / 1024)


def main(argv: list[str] | None = None) -> int:
    """Measure the report at a tenth of ``--lines`` and at ``--lines``; print a table."""
    parser = argparse.ArgumentParser(prog="python -m bench.events", description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sopkit-events-") as tmp:
        runs = [measure(n, Path(tmp)) for n in (args.lines // 10, args.lines)]
    print("| event lines | time (wall) | CPU time | peak memory (RSS) |")
    print("|---:|---:|---:|---:|")
    for run in runs:
        print(
            f"| {run.lines:,} | {run.seconds:.1f} s | {run.cpu_seconds:.1f} s "
            f"| {run.peak_mb:.0f} MB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
