"""The release as a support team meets it: the wheel, installed alone, makes a site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sopkit import __version__
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def test_the_wheel_alone_makes_a_content_repository_that_builds_strict(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # The sdist first, then the wheel from it: both are complete.
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)], ROOT)
    wheel = dist / f"sopkit-{__version__}-py3-none-any.whl"
    assert sorted(p.name for p in dist.iterdir()) == [wheel.name, f"sopkit-{__version__}.tar.gz"]

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    pip = [str(venv / "bin/python"), "-m", "pip", "install", "-q"]
    run([*pip, "--require-hashes", "-r", str(ROOT / "requirements/runtime.txt")], tmp_path)
    run([*pip, "--no-deps", str(wheel)], tmp_path)
    run([str(venv / "bin/python"), "-m", "pip", "check"], tmp_path)
    assert run([str(venv / "bin/sopkit"), "--version"], tmp_path) == f"sopkit {__version__}\n"

    repo = tmp_path / "support-kb"
    run([str(venv / "bin/sopkit"), "init", str(repo)], tmp_path)
    assert run([str(venv / "bin/sopkit"), "check", "--strict"], repo) == "No problems in 1 file.\n"
    log = run([str(venv / "bin/mkdocs"), "build", "--strict"], repo)
    assert not [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]

    site = repo / "site"
    for prefix in ("", "es/"):
        pdf = site / f"{prefix}job-aids/escalate-to-tier-2.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf
        page = (site / f"{prefix}index.html").read_text(encoding="utf-8")
        assert 'data-sopkit-tree="escalate-to-tier-2"' in page
        # The Map view: Graphviz's flowchart with a box for each of the starter's 4 nodes.
        chart = re.search(r'<svg class="sopkit-flowchart".*?</svg>', page, re.S)
        assert chart is not None
        assert chart.group().count('class="node sopkit&#45;map__node') == 4
    spanish = (site / "es/index.html").read_text(encoding="utf-8")
    assert "¿Puede resolver el problema durante la llamada?" in spanish
    assert (site / "sopkit/player.mjs").is_file()
    assert (site / "sopkit/guide.mjs").is_file()  # the modules it imports ship too
