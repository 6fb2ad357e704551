"""Edit-to-reload under ``mkdocs serve``: save a tree, wait for the rebuilt page.

The server runs in a subprocess through a small wrapper that prints one line per tree
file sopkit actually loads, so the benchmark can tell whether a rebuild re-read and
re-validated the unchanged trees or only the one that was saved.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .build import ENV
from .sitegen import GeneratedSite, dump_tree, tree_id, tree_spec
from .stats import Sample

LOAD_MARK = "BENCH-LOAD "
# Counts sopkit's file loads, then runs the MkDocs command line.
_WRAPPER = f"""
import sys
import sopkit.compile.catalog as catalog
_load = catalog.load_file
def load_file(path, display=None):
    print({LOAD_MARK!r} + str(path), file=sys.stderr, flush=True)
    return _load(path, display)
catalog.load_file = load_file
from mkdocs.__main__ import cli
sys.argv = ["mkdocs"] + sys.argv[1:]
cli()
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


class Server:
    """``mkdocs serve`` on a free port, its stderr collected in the background."""

    def __init__(self, project: Path, dirty: bool) -> None:
        self.port = free_port()
        command = [sys.executable, "-c", _WRAPPER, "serve", "-a", f"127.0.0.1:{self.port}"]
        if dirty:
            command.append("--dirty")
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            command, cwd=project, env=ENV, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
            text=True,
        )  # fmt: skip
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def url(self, path: str) -> str:
        """The served address of a site path."""
        return f"http://127.0.0.1:{self.port}/{path}"

    def loads(self) -> int:
        """Tree files loaded so far."""
        return sum(line.startswith(LOAD_MARK) for line in self.lines)

    def wait_for(self, path: str, marker: str, timeout: float) -> float | None:
        """Seconds until the page at ``path`` contains ``marker`` (None on timeout)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError("mkdocs serve stopped:\n" + "\n".join(self.lines[-30:]))
            page = _fetch(self.url(path))
            if page is not None and marker in page:
                return time.perf_counter() - start
            time.sleep(0.05)
        return None

    def stop(self) -> None:
        """Stop the server (only this process)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass(frozen=True)
class ReloadResult:
    """Edit-to-reload seconds and how many tree files each rebuild loaded."""

    trees: int
    seconds: Sample
    loads_per_rebuild: tuple[int, ...]
    dirty_seconds: Sample | None
    dirty_shows_edit: bool


def _edit(site: GeneratedSite, index: int, marker: str) -> None:
    """Save the tree with ``marker`` in its title (a plain text in both languages)."""
    spec = tree_spec(index)
    spec["title"] = {lang: f"{title} {marker}" for lang, title in spec["title"].items()}
    (site.trees_dir / f"{tree_id(index)}.yml").write_text(dump_tree(spec), encoding="utf-8")


def _session(
    site: GeneratedSite, runs: int, dirty: bool, timeout: float
) -> tuple[list[float], list[int]]:
    index = site.trees // 2
    page = f"sop/{tree_id(index)}/"
    server = Server(site.root, dirty)
    times: list[float] = []
    loads: list[int] = []
    try:
        if server.wait_for(page, "sopkit-tree", 600) is None:
            raise RuntimeError("mkdocs serve did not serve the page:\n" + "\n".join(server.lines))
        for run in range(runs):
            time.sleep(1.5)  # let the watcher settle after the previous build
            before = server.loads()
            marker = f"BENCH{run}x{int(time.time())}"
            start = time.perf_counter()
            _edit(site, index, marker)
            seen = server.wait_for(page, marker, timeout)
            if seen is None:
                times.append(float("nan"))
                break
            times.append(time.perf_counter() - start)
            loads.append(server.loads() - before)
    finally:
        server.stop()
    return times, loads


def measure_reload(site: GeneratedSite, runs: int, timeout: float = 120) -> ReloadResult:
    """Edit one tree ``runs`` times under ``mkdocs serve``, then once under ``--dirty``."""
    times, loads = _session(site, runs, dirty=False, timeout=timeout)
    dirty_times, _ = _session(site, 1, dirty=True, timeout=min(timeout, 20))
    shows = bool(dirty_times) and dirty_times[0] == dirty_times[0]  # NaN when never shown
    return ReloadResult(
        site.trees,
        Sample(tuple(times)),
        tuple(loads),
        Sample(tuple(dirty_times)) if shows else None,
        shows,
    )
