"""Shared fixtures: built sites (once per session) and a guard against stray warnings."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser

# Property tests draw the same examples on every run, so the test command never fails on
# an input no run drew before; SOPKIT_HYPOTHESIS=explore draws new ones each time.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("SOPKIT_HYPOTHESIS", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_FIXTURE = FIXTURES / "site"
FRENCH_FIXTURE = FIXTURES / "site-fr"
"""A site in English and French: a language sopkit has no words for, brought by the site."""
ZENSICAL_FIXTURE = FIXTURES / "zensical"
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("SOPKIT_CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium, started as the machine allows: no sandbox as root, and none of the
# background connections a closed network would refuse.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Build:
    """The result of one ``mkdocs build`` run in a subprocess."""

    site_dir: Path
    returncode: int
    log: str

    def problems(self) -> list[str]:
        """Log lines at WARNING or ERROR level."""
        return [
            line
            for line in self.log.splitlines()
            if line.startswith(("WARNING", "ERROR")) or " WARNING " in line
        ]


def run_build(
    project: Path, site_dir: Path, *, strict: bool = True, engine: str = "mkdocs"
) -> Build:
    """Build ``project`` (a folder with ``mkdocs.yml``) into ``site_dir``."""
    command = [str(BIN / engine), "build", "--clean", "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    # Job aids are printed into the session's cache (see shared_cache), never the
    # project's; a test that watches what is printed sets a cache of its own.
    env.setdefault("SOPKIT_CACHE_DIR", str(site_dir.parent / f"{site_dir.name}-cache"))
    done = subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, timeout=600, check=False
    )
    return Build(site_dir, done.returncode, done.stdout + done.stderr)


def copy_project(source: Path, dest: Path) -> Path:
    """Copy a site (mkdocs.yml, docs/, decision_trees/) so a test can change it."""
    shutil.copytree(
        source,
        dest,
        ignore=shutil.ignore_patterns("site", ".venv", ".git", "__pycache__", "node_modules"),
    )
    return dest


def _demo_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "glossary.yml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("docs", "decision_trees"):
        shutil.copytree(ROOT / name, dest / name)
    return dest


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The demo site, built once with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("demo") / "site"
    build = run_build(ROOT, out)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The small fixture site (tests/fixtures/site), built once."""
    out = tmp_path_factory.mktemp("fixture") / "site"
    build = run_build(SITE_FIXTURE, out)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def french_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The third-language fixture site (tests/fixtures/site-fr), built once."""
    out = tmp_path_factory.mktemp("french") / "site"
    build = run_build(FRENCH_FIXTURE, out)
    assert build.returncode == 0, build.log
    return build


def zensical() -> Path:
    """The ``zensical`` command of the test venv (the lock pins its version)."""
    command = BIN / "zensical"
    if not command.is_file():
        pytest.fail(
            f"zensical is not installed next to {sys.executable}: install the lock "
            "(pip install -r requirements/dev.txt), which pins it"
        )
    return command


def run_zensical(project: Path) -> Build:
    """Ship the player into ``project`` (``sopkit assets``), then ``zensical build`` it
    (into ``project/site``: Zensical builds only inside the project)."""
    env = dict(os.environ)
    env.setdefault("SOPKIT_CACHE_DIR", str(project.parent / f"{project.name}-cache"))
    assets = [str(BIN / "sopkit"), "assets", "--output", "docs/assets/sopkit"]
    subprocess.run(assets, cwd=project, check=True, capture_output=True, env=env)
    done = subprocess.run(
        [str(zensical()), "build", "--clean"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    return Build(project / "site", done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def zensical_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The bilingual Zensical fixture (tests/fixtures/zensical), built once by Zensical."""
    project = copy_project(ZENSICAL_FIXTURE, tmp_path_factory.mktemp("zensical") / "project")
    build = run_zensical(project)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One job-aid cache for the session's builds, in a temporary folder.

    Its entries are keyed by everything that changes a PDF (DECISIONS 6), so builds of
    the same fixture share them instead of printing each job aid again; tests about
    what is printed set ``SOPKIT_CACHE_DIR`` (or ``cache_dir``) of their own.
    """
    cache = tmp_path_factory.mktemp("sopkit-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOPKIT_CACHE_DIR", str(cache))
        yield cache


@pytest.fixture(autouse=True)
def sopkit_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture sopkit's log in every test: a warning or error it logs fails the test
    unless the test expected it and took it out (``sopkit_log.clear()``)."""
    caplog.set_level(logging.INFO)
    yield caplog
    stray = [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.WARNING and "sopkit" in r.name
    ]
    assert not stray, f"unexpected sopkit warnings: {stray}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (Debian's, never downloaded).

    Shared by every browser test: Playwright's sync API allows one instance at a time.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run scripts/setup.sh (it installs the "
            "Debian package) or set SOPKIT_CHROMIUM"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
