"""``sopkit jobaids build``: the job aids of a site Zensical built, equal to the plugin's."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from sopkit.cli import main
from tests.conftest import BIN, ZENSICAL_FIXTURE, copy_project, run_build, run_zensical

PRINTER = """\
title: Printer jam
start: jam
nodes:
  jam:
    type: question
    text: Is paper stuck?
    answers:
      - {label: Yes, next: done}
      - {label: No, next: done}
  done:
    type: outcome
    result: escalate
    text: Escalate to Tier 2
"""


def _one_tree_in_english(project: Path) -> Path:
    """The fixture with one tree, in English only: two PDFs in all (job aid and pack)."""
    for name in ("decision_trees/router.yml", "docs/router.md"):
        (project / name).unlink()
    for page in project.glob("docs/*.es.md"):
        page.unlink()
    (project / "decision_trees/printer.yml").write_text(PRINTER, encoding="utf-8")
    (project / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - router.md\n", "")
    text = text.replace("        - {locale: es, name: Español, build: true}\n", "")
    config.write_text(text, encoding="utf-8")
    return project


def _pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_the_job_aids_equal_the_plugins_page_for_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _one_tree_in_english(copy_project(ZENSICAL_FIXTURE, tmp_path / "project"))
    monkeypatch.setenv("SOPKIT_CACHE_DIR", str(tmp_path / "cache"))
    plugin = run_build(project, tmp_path / "mkdocs-site")
    assert plugin.returncode == 0, plugin.log
    # Under MkDocs the plugin loads the player; the copy for Zensical is left out.
    page = (tmp_path / "mkdocs-site/printer/index.html").read_text(encoding="utf-8")
    assert page.count("player.mjs") == 1
    zensical = run_zensical(project)
    assert zensical.returncode == 0, zensical.log

    done = subprocess.run(
        [str(BIN / "sopkit"), "jobaids", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=False,
    )

    assert done.returncode == 0, done.stderr
    # Same HTML, same cache key: nothing printed again.
    assert done.stdout.strip() == (
        f"Wrote 3 job-aid files into {project / 'site'} (0 PDFs printed, the rest from the cache)."
    )
    for name in ("printer.pdf", "training-pack.pdf"):
        ours, theirs = project / "site/job-aids" / name, tmp_path / "mkdocs-site/job-aids" / name
        assert _pages(ours) == _pages(theirs), name
    assert (project / "site/job-aids/printer.svg").read_text(encoding="utf-8").startswith("<svg")


def test_without_a_built_site_it_says_to_build_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(ZENSICAL_FIXTURE, tmp_path / "project")
    monkeypatch.chdir(project)
    assert main(["jobaids", "build"]) == 1
    assert capsys.readouterr().err == (
        f"sopkit: no built site at {project / 'site'}: build the site first, or name it "
        "with --site-dir\n"
    )


def test_a_missing_config_file_is_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobaids", "build", "--config", str(tmp_path / "nope.yml")]) == 2
    assert capsys.readouterr().err == f"sopkit: error: no such file: {tmp_path / 'nope.yml'}\n"
