"""``mkdocs serve`` survives a tree edited into an invalid state, and recovers.

MkDocs' livereload server catches what a rebuild raises (a ``PluginError`` from
``on_config`` ends as ``Abort``, a ``SystemExit``, printed without a traceback), logs
it and keeps running; page requests wait until a build succeeds, and the next valid
save rebuilds. This runs the real server on a free local port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import BIN, SITE_FIXTURE, copy_project

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """A running ``mkdocs serve`` and its log (stdout and stderr, merged)."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.log_path = project / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            env=env,
        )

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> str:
        url = f"http://127.0.0.1:{self.port}{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            body: bytes = response.read()
            return body.decode("utf-8")

    def wait_for(self, what: str, done: Callable[[], bool], timeout: float = 90) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            assert self.process.poll() is None, f"the server stopped:\n{self.log}"
            try:
                if done():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log_file.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = copy_project(SITE_FIXTURE, tmp_path / "project")
    config = project / "mkdocs.yml"
    # PDFs are not what this test is about; they only slow every rebuild down.
    config.write_text(config.read_text().replace("  - sopkit\n", "  - sopkit:\n      pdf: false\n"))
    running = Server(project)
    try:
        running.wait_for("the first build", lambda: "Restart the router" in running.get("/router/"))
        yield running
    finally:
        running.stop()


def test_serve_survives_an_invalid_tree_and_recovers(server: Server, tmp_path: Path) -> None:
    tree = tmp_path / "project" / "decision_trees" / "router.yml"
    good = tree.read_text(encoding="utf-8")
    assert "    next: fixed\n" in good

    tree.write_text(good.replace("    next: fixed\n", "    next: fixd\n"), encoding="utf-8")
    server.wait_for(
        "the rebuild error", lambda: "An error happened during the rebuild" in server.log
    )
    assert (
        "decision_trees/router.yml:41:11: error[unknown-next] 'next' points to 'fixd', which "
        "is not a node of this tree (did you mean 'fixed'?)"
    ) in server.log
    assert "1 error in decision trees or the pages that show them; the site was not built" in (
        server.log
    )
    assert "Traceback" not in server.log
    # Still running and accepting connections; MkDocs holds page requests until a build
    # succeeds ("the server will appear stuck"), so none is made here.
    assert server.process.poll() is None
    socket.create_connection(("127.0.0.1", server.port), timeout=5).close()

    fixed = good.replace("Restart the router", "Unplug the router")
    tree.write_text(fixed, encoding="utf-8")
    server.wait_for("the recovered page", lambda: "Unplug the router" in server.get("/router/"))
    assert "Reinicie el router" in server.get("/es/router/")
    assert "Reloading browsers" in server.log.split("An error happened during the rebuild")[-1]
