"""``sopkit check --watch``: check again whenever a file is saved, and say what changed.

The first check prints every problem; each later one prints only the problems that
are new and those that were fixed, then the summary, so an editor sees at a glance
what the last save did.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from ..compile.catalog import display_path
from ..problems import Problem, printable, summary_line

Check = Callable[[], tuple[list[Problem], int]]
"""Runs the check: every problem, sorted, and how many files were read."""


def watch(check: Check, watched: Sequence[Path], interval: float) -> NoReturn:
    """Print ``check``'s problems, then what changed after each save, until Ctrl+C."""
    problems, files = check()
    for problem in problems:
        _say(str(problem))
    _say(summary_line(problems, files))
    seen = stamps(watched)  # before saying so: a save after the line below is seen
    here = Path.cwd()
    names = [display_path(p, here) + ("/" if p.is_dir() else "") for p in watched]
    _say(f"Watching {printable(', '.join(names))} (Ctrl+C to stop).")
    while True:
        time.sleep(interval)
        now = stamps(watched)
        if now == seen:
            continue
        seen = now
        before = problems
        problems, files = check()
        _say(f"[{dt.datetime.now():%H:%M:%S}] checked again")
        for line in changes(before, problems):
            _say(line)
        _say(summary_line(problems, files))


def changes(before: Sequence[Problem], after: Sequence[Problem]) -> list[str]:
    """The lines that tell what a save changed: each fixed problem, then each new one.

    A problem whose line only moved (lines above it were added or removed) is the same
    problem, and is not repeated.
    """
    old = {_identity(p) for p in before}
    new = {_identity(p) for p in after}
    fixed = [printable(f"fixed: {p.span}: {p.message}") for p in before if _identity(p) not in new]
    return fixed + [str(p) for p in after if _identity(p) not in old]


def stamps(watched: Sequence[Path]) -> dict[Path, tuple[int, int, int]]:
    """Size, modification and change times of every file in ``watched`` (folders
    searched): ``cp -p`` keeps the first two of an edited file, never its change time."""
    files: list[Path] = []
    for path in watched:
        files += [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    found = {}
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue  # deleted between listing and looking
        found[file] = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)
    return found


def _identity(problem: Problem) -> tuple[str, str, str]:
    return (problem.span.file, problem.code, problem.message)


def _say(line: str) -> None:
    print(line, flush=True)  # at once, also when the output is a pipe (VS Code's terminal)
