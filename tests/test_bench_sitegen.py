"""The benchmark's site generator writes trees that ``sopkit check --strict`` accepts."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from bench.sitegen import fence, generate_site, tree_id

from sopkit.editors.init import repository_files

from .conftest import BIN


def check_strict(root: Path) -> subprocess.CompletedProcess[str]:
    """``sopkit check --strict`` in a generated site."""
    return subprocess.run(
        [str(BIN / "sopkit"), "check", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_generated_site_checks_clean_and_shows_every_tree(tmp_path: Path) -> None:
    site = generate_site(tmp_path / "site", 3)
    done = check_strict(site.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No problems in 3 files." in done.stdout + done.stderr
    assert site.nodes == 3 * 31
    for index in range(3):
        for page in (f"{tree_id(index)}.md", f"{tree_id(index)}.es.md"):
            assert fence(tree_id(index)) in (site.root / "docs" / "sop" / page).read_text()


def test_plain_twin_has_no_trees_and_similar_markdown(tmp_path: Path) -> None:
    site = generate_site(tmp_path / "site", 2)
    plain = generate_site(tmp_path / "plain", 2, plain=True)
    assert not plain.trees_dir.exists()
    assert "sopkit" not in (plain.root / "mkdocs.yml").read_text()
    page = (plain.root / "docs" / "sop" / "sop-0001.es.md").read_text()
    assert "```decision-tree" not in page
    assert "{#sop-0001--q1}" in page
    tree_bytes = (site.trees_dir / "sop-0001.yml").stat().st_size
    # Each language's page holds about half of the bilingual tree file's texts.
    assert 0.3 < len(page.encode()) / tree_bytes < 1.0


def test_init_layout_has_sopkit_inits_configuration_and_sections(tmp_path: Path) -> None:
    site = generate_site(tmp_path / "site", 3, layout="init", pdf=True, flowchart=True)
    written = repository_files("Benchmark 3", dt.date.today())["mkdocs.yml"]
    assert (site.root / "mkdocs.yml").read_text(encoding="utf-8") == written
    off = generate_site(tmp_path / "off", 3, layout="init").root / "mkdocs.yml"
    assert "pdf: false" in off.read_text(encoding="utf-8")
    for lang in ("", ".es"):
        index = (site.root / "docs" / "section-01" / f"index{lang}.md").read_text()
        assert f"({tree_id(2)}.md)" in index
    done = check_strict(site.root)
    assert done.returncode == 0, done.stdout + done.stderr
