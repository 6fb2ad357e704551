"""Git's "dubious ownership" refusal (a repository that belongs to another user, as in CI
containers): the "what changed" list, ``sopkit diff`` and ``sopkit check --since`` say
what happened and how to allow it, never Git's raw error nor "no history"."""

from __future__ import annotations

import logging
import os
import shutil
import stat
from pathlib import Path

import markdown
import pytest

from sopkit.cli import main
from sopkit.editors.changes import recent_changes
from sopkit.integrations.markdown_extension import SopkitExtension
from sopkit.languages import Languages
from sopkit.render.changes import render_changes
from sopkit.render.context import PageContext
from tests.conftest import SITE_FIXTURE, copy_project
from tests.editors.helpers import commit_all, init_repo

# What Git 2.35.2 and later print, and exit with, for a repository owned by another user.
REFUSAL = """\
fatal: detected dubious ownership in repository at '{root}'
To add an exception for this directory, call:

\tgit config --global --add safe.directory {root}
"""
MESSAGE = (
    "Git refuses to read the repository at {root}: it belongs to another user than the one "
    "running sopkit (Git's 'dubious ownership' check, common in CI containers and shared "
    "folders), so sopkit cannot read its history. If you trust it, run: "
    "git config --global --add safe.directory {root}"
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture site in a Git repository that Git refuses, as it does when the
    checkout belongs to another user: a ``git`` first on PATH answers as Git does then."""
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    init_repo(project)
    commit_all(project, "first", date="2026-11-01T09:00:00+00:00")
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    refusal = REFUSAL.format(root=project)
    fake.write_text(f"#!/bin/sh\ncat >&2 <<'EOF'\n{refusal}EOF\nexit 128\n", "utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    assert shutil.which("git") == str(fake)
    monkeypatch.chdir(project)
    return project


def test_the_changes_list_says_git_refused_and_how_to_allow_it(site: Path) -> None:
    recent = recent_changes(site / "decision_trees", 30, None, "en")
    assert (recent.history, recent.as_of, recent.entries) == ("refused", None, ())
    assert recent.problem == MESSAGE.format(root=site)
    ctx = PageContext(lang="es", languages=Languages.of(["en", "es"]))
    assert render_changes(recent, ctx) == (
        '<div class="sopkit-changes">\n'
        '<div class="admonition warning" role="note"><p>El historial de cambios no está '
        "disponible: Git no leyó el repositorio de este sitio al construirlo (el registro de "
        "la construcción dice por qué).</p></div>\n"
        "</div>"
    )


def test_the_extension_logs_the_fix_for_editors(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extension = SopkitExtension(trees_dir=str(site / "decision_trees"), languages=["en"])
    with caplog.at_level(logging.WARNING, logger="sopkit"):
        html = markdown.markdown("```changes\n```\n", extensions=[extension])
    assert "Git would not read this site&#39;s repository" in html
    assert [r.getMessage() for r in caplog.records] == [MESSAGE.format(root=site)]


def test_sopkit_diff_says_git_refused_and_how_to_allow_it(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "HEAD"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"sopkit: error: {MESSAGE.format(root=site)}\n")


def test_drift_says_git_refused_and_how_to_allow_it(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--since", "HEAD"]) == 2
    assert capsys.readouterr().err == f"sopkit: error: {MESSAGE.format(root=site)}\n"


def test_the_build_warns_with_the_fix(site: Path, caplog: pytest.LogCaptureFixture) -> None:
    from sopkit.integrations.mkdocs_plugin import SopkitPlugin

    plugin = SopkitPlugin()
    plugin.trees_dir = site / "decision_trees"
    with caplog.at_level(logging.WARNING):
        assert plugin.recent_changes(30).history == "refused"
        plugin.recent_changes(30)  # read once per build: one warning
    # A warning, so `mkdocs build --strict` stops and shows the fix.
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", f"sopkit: {MESSAGE.format(root=site)}")
    ]
