"""Live feedback for editors: ``sopkit check --watch`` and VS Code's Problems panel."""

from __future__ import annotations

import datetime as dt
import json
import queue
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from sopkit.cli import main
from sopkit.editors.init import repository_files
from sopkit.editors.watch import changes
from sopkit.model import Span
from sopkit.problems import Problem
from tests.conftest import BIN, ROOT, SITE_FIXTURE, copy_project


def problem(line: int, code: str, message: str) -> Problem:
    return Problem(code, "error", Span("decision_trees/t.yml", line, 3), message, None)


def test_a_save_is_told_as_what_it_fixed_and_what_it_broke() -> None:
    before = [problem(3, "unknown-next", "'next' points to 'x'"), problem(9, "empty", "no text")]
    # Two lines were added above: the second problem moved, the first was fixed.
    after = [problem(11, "empty", "no text"), problem(12, "unreachable", "'y' is lost")]
    assert changes(before, after) == [
        "fixed: decision_trees/t.yml:3:3: 'next' points to 'x'",
        "decision_trees/t.yml:12:3: error[unreachable] 'y' is lost",
    ]


class Watcher:
    """``sopkit check --watch`` running in a site, its output read line by line."""

    def __init__(self, site: Path) -> None:
        self.process = subprocess.Popen(
            [str(BIN / "sopkit"), "check", "--watch", "--interval", "0.05"],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, pattern: str, timeout: float = 30) -> list[str]:
        """The lines printed up to the first that matches ``pattern``."""
        deadline, got = time.monotonic() + timeout, []
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            got.append(line)
            if re.search(pattern, line):
                return got
        raise AssertionError(f"no line like {pattern!r} within {timeout} s, only {got}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=30)


def test_watch_prints_only_what_each_save_changed(tmp_path: Path) -> None:
    site = copy_project(SITE_FIXTURE, tmp_path / "site")
    tree = site / "decision_trees" / "printer.yml"
    good = tree.read_text(encoding="utf-8")
    watcher = Watcher(site)
    try:
        assert watcher.until("^Watching") == [
            "No problems in 2 files.",
            "Watching decision_trees/, docs/, mkdocs.yml (Ctrl+C to stop).",
        ]
        broken = good.replace("next: done", "next: doen", 1)
        assert broken != good
        tree.write_text(broken, encoding="utf-8")
        lines = watcher.until("in 2 files")
        assert re.fullmatch(r"\[\d\d:\d\d:\d\d\] checked again", lines[0])
        assert re.fullmatch(
            r"decision_trees/printer\.yml:\d+:\d+: error\[unknown-next\] "
            r"'next' points to 'doen'.*\(did you mean 'done'\?\)",
            lines[1],
        )
        assert lines[-1] == "1 error, 0 warnings in 2 files."
        tree.write_text(good, encoding="utf-8")
        lines = watcher.until("in 2 files")
        assert lines[1].startswith("fixed: decision_trees/printer.yml:")
        assert lines[-1] == "No problems in 2 files."
    finally:
        code = watcher.stop()
    assert code == 130  # Ctrl+C


def test_watch_prints_text_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(copy_project(SITE_FIXTURE, tmp_path / "site"))
    assert main(["check", "--watch", "--format", "json"]) == 2
    assert capsys.readouterr().err == "sopkit: error: --watch prints text: leave out --format\n"


def matcher() -> re.Pattern[str]:
    tasks = json.loads((ROOT / ".vscode" / "tasks.json").read_text(encoding="utf-8"))
    (task,) = tasks["tasks"]
    assert task["command"] == "sopkit check"
    pattern = task["problemMatcher"]["pattern"]
    groups = {name: pattern[name] for name in ("file", "line", "column", "severity", "code")}
    assert groups == {"file": 1, "line": 2, "column": 3, "severity": 4, "code": 5}
    assert pattern["message"] == 6
    return re.compile(pattern["regexp"])


def test_the_vs_code_task_reads_every_problem_of_real_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # init writes the same task into every content repository.
    shipped = repository_files("Support", dt.date(2026, 12, 1))
    assert shipped[".vscode/tasks.json"] == (ROOT / ".vscode/tasks.json").read_text()
    site = copy_project(SITE_FIXTURE, tmp_path / "site")
    printer, router = (site / "decision_trees" / f"{name}.yml" for name in ("printer", "router"))
    printer.write_text(printer.read_text("utf-8").replace("next: done", "next: doen", 1), "utf-8")
    lost = "  lost:\n    type: outcome\n    result: stop\n    text: {en: Lost, es: Perdido}\n"
    router.write_text(router.read_text("utf-8") + lost, "utf-8")
    with (site / "docs" / "index.md").open("a", encoding="utf-8") as page:
        page.write("\nSee [the jam step](printer.md#printer--jams).\n")  # a page's problem
    monkeypatch.chdir(site)
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [line for line in out if not line.startswith("    hint: ")]
    assert [line.split(" ")[:2] for line in problems] == [
        ["decision_trees/printer.yml:9:15:", "error[unknown-next]"],
        ["decision_trees/router.yml:57:3:", "warning[unreachable]"],
        ["docs/index.md:5:20:", "error[broken-anchor]"],
    ]
    regex = matcher()
    for line in problems:
        found = regex.match(line)
        assert found is not None, line
        file, row, col, severity, code, message = found.groups()
        assert (site / file).is_file()
        assert int(row) >= 1 and int(col) >= 1
        assert severity in ("error", "warning")
        assert line == f"{file}:{row}:{col}: {severity}[{code}] {message}"
    assert not any(regex.match(line) for line in out if line.startswith("    hint: "))
