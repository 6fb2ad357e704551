"""Missing Graphviz or WeasyPrint: a clear message naming the package, unless turned off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sopkit.render import flowchart, pdf
from sopkit.render.flowchart import GraphvizMissing, dot_to_svg
from sopkit.render.pdf import PdfUnavailable, check_pdf_support
from tests.conftest import BIN, SITE_FIXTURE, copy_project

DOT_MISSING = (
    "the flowchart needs Graphviz, but the 'dot' command was not found; install it "
    "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz) or turn "
    "flowcharts off with 'flowchart: false' under the sopkit plugin in mkdocs.yml"
)
WEASYPRINT_MISSING = (
    "the PDF job aids need WeasyPrint and the Pango library, but the Python package "
    "'weasyprint' is not installed; install them (Debian/Ubuntu: apt-get install "
    "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core, then pip install weasyprint; "
    "elsewhere follow WeasyPrint's installation guide) or turn PDFs off with 'pdf: false' "
    "under the sopkit plugin in mkdocs.yml"
)


def test_missing_dot_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flowchart.shutil, "which", lambda name: None)
    with pytest.raises(GraphvizMissing) as caught:
        dot_to_svg("digraph { a }")
    assert str(caught.value) == DOT_MISSING


def test_missing_weasyprint_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailable) as caught:
        check_pdf_support()
    assert str(caught.value) == WEASYPRINT_MISSING


def test_missing_pango_names_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError("cannot load library 'libpango-1.0-0'")

    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            broken()
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(PdfUnavailable) as caught:
        pdf.render_pdf("<p>x</p>")
    assert "the Pango library could not be loaded (cannot load library 'libpango-1.0-0')" in str(
        caught.value
    )
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in str(caught.value)


def _build_without_dot(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """Build with a PATH where no ``dot`` can be found."""
    env = {**os.environ, "PATH": str(BIN), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-d", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_build_without_dot_stops_unless_flowcharts_are_off(tmp_path: Path) -> None:
    assert not (BIN / "dot").exists()
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    done = _build_without_dot(project, tmp_path / "out")
    assert done.returncode != 0
    assert f"sopkit: {DOT_MISSING}" in done.stdout + done.stderr

    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - sopkit\n" in text
    config.write_text(text.replace("  - sopkit\n", "  - sopkit:\n      flowchart: false\n"))
    done = _build_without_dot(project, tmp_path / "out2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "out2" / "job-aids" / "router.pdf").is_file()
    assert (tmp_path / "out2" / "es" / "job-aids" / "router.pdf").is_file()
    guide = (tmp_path / "out2" / "router" / "index.html").read_text("utf-8")
    assert "sopkit-map" not in guide
