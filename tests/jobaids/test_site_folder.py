"""``mkdocs build``: job aids come from the cache, and a failed build leaves the site as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from sopkit.render import printing

from ..conftest import SITE_FIXTURE, copy_project


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build_in_process(project: Path, site: Path) -> None:
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOPKIT_CACHE_DIR", raising=False)
    project = copy_project(SITE_FIXTURE, tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  - sopkit\n", "  - sopkit:\n      cache_dir: kept\n"),
        "utf-8",
    )
    return project


def test_a_failing_job_aid_leaves_the_last_site_intact(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sopkit_log: pytest.LogCaptureFixture,
) -> None:
    site = tmp_path / "site"
    build_in_process(project, site)
    before = site_files(site)
    assert "job-aids/router.pdf" in before and "es/job-aids/router.pdf" in before
    assert list((project / "kept").glob("*.pdf")), "the PDFs are kept in cache_dir"

    tree = project / "decision_trees" / "printer.yml"
    tree.write_text(tree.read_text("utf-8").replace("Is paper stuck?", "Is a sheet stuck?"))

    def broken(*args: object, **kwargs: object) -> printing.Pdf:
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr(printing, "render_first_fitting", broken)
    monkeypatch.setattr(printing, "default_workers", lambda: 1)
    sopkit_log.clear()
    with pytest.raises(Abort):
        build_in_process(project, site)
    errors = [r.getMessage() for r in sopkit_log.records if r.levelname == "ERROR"]
    assert errors == [
        "sopkit: decision_trees/printer.yml:1:1: the job aid of 'printer' (en) could not be "
        "printed: the printer caught fire\n"
        "decision_trees/printer.yml:1:1: the job aid of 'printer' (es) could not be "
        "printed: the printer caught fire\n"
        "The site folder was left as the last build wrote it."
    ]
    assert site_files(site) == before


def test_a_second_build_prints_nothing(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_in_process(project, tmp_path / "first")
    printed: list[str] = []
    real = printing.print_all

    def counting(
        jobs: list[printing.PrintJob], *args: object, **kwargs: object
    ) -> dict[str, printing.Pdf]:
        printed.extend(f"{job.tree_id} ({job.lang})" for job in jobs)
        return real(jobs, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(printing, "print_all", counting)
    build_in_process(project, tmp_path / "second")
    assert printed == []
    assert (
        site_files(tmp_path / "second")["es/job-aids/printer.pdf"]
        == (site_files(tmp_path / "first")["es/job-aids/printer.pdf"])
    )


def test_a_build_without_graphviz_leaves_the_last_site_intact(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sopkit_log: pytest.LogCaptureFixture,
) -> None:
    """Graphviz uninstalled since the last build: the build stops with the fix before
    MkDocs cleans the site folder."""
    site = tmp_path / "site"
    build_in_process(project, site)
    before = site_files(site)
    real_which = printing.shutil.which
    monkeypatch.setattr(
        printing.shutil, "which", lambda name: None if name == "dot" else real_which(name)
    )
    sopkit_log.clear()
    with pytest.raises(Abort):
        build_in_process(project, site)
    errors = [r.getMessage() for r in sopkit_log.records if r.levelname == "ERROR"]
    assert errors == [
        "sopkit: the flowchart needs Graphviz, but the 'dot' command was not found; install "
        "it (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz) or turn "
        "flowcharts off with 'flowchart: false' under the sopkit plugin in mkdocs.yml"
    ]
    assert site_files(site) == before


def test_a_failing_training_pack_leaves_the_last_site_intact(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sopkit_log: pytest.LogCaptureFixture,
) -> None:
    """The training packs are printed with the job aids, before MkDocs cleans the site."""
    site = tmp_path / "site"
    build_in_process(project, site)
    before = site_files(site)
    assert "job-aids/training-pack.pdf" in before and "es/job-aids/training-pack.pdf" in before
    tree = project / "decision_trees" / "printer.yml"
    tree.write_text(tree.read_text("utf-8").replace("Is paper stuck?", "Is a sheet stuck?"))
    real = printing.print_job

    def no_packs(job: printing.PrintJob, limits: printing.Limits) -> printing.Pdf:
        if job.tree_id == printing.PACK_TREE_ID:
            raise printing.JobAidFailed(f"{job.where()} ran out of paper")
        return real(job, limits)

    monkeypatch.setattr(printing, "print_job", no_packs)
    monkeypatch.setattr(printing, "default_workers", lambda: 1)
    sopkit_log.clear()
    with pytest.raises(Abort):
        build_in_process(project, site)
    errors = [r.getMessage() for r in sopkit_log.records if r.levelname == "ERROR"]
    assert errors == [
        "sopkit: the training pack (en) ran out of paper\n"
        "the training pack (es) ran out of paper\n"
        "The site folder was left as the last build wrote it."
    ]
    assert site_files(site) == before
