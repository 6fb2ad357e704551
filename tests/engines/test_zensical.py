"""sopkit on Zensical: the bilingual fixture built by the pinned Zensical, with the
Markdown extension only (no MkDocs plugin runs)."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import yaml

from tests.conftest import ZENSICAL_FIXTURE, Build, copy_project, run_zensical


def _page(build: Build, url: str) -> str:
    return (build.site_dir / url / "index.html").read_text(encoding="utf-8")


def _hrefs(html: str) -> set[str]:
    return {unescape(href) for href in re.findall(r'href="([^"]*)"', html)}


def _questions(html: str, tree_id: str) -> str:
    """The text of a tree's section (tags out), to read which language it is in."""
    start = html.index(f'data-sopkit-tree="{tree_id}"')
    return re.sub(r"<[^>]+>", " ", html[start : html.index("</section>", start)])


def test_each_guide_is_in_its_pages_language(zensical_build: Build) -> None:
    english = _questions(_page(zensical_build, "router"), "router")
    spanish = _questions(_page(zensical_build, "router.es"), "router")
    assert "Is the power light on?" in english
    assert "¿Está encendida la luz de encendido?" in spanish
    assert "Is the power light on?" not in spanish


def test_front_matter_lang_names_the_pages_language(zensical_build: Build) -> None:
    # printer.es.md says `lang: es` in its front matter (and its suffix agrees).
    assert "¿Hay papel atascado?" in _questions(_page(zensical_build, "printer.es"), "printer")
    assert "Is paper stuck?" in _questions(_page(zensical_build, "printer"), "printer")


def test_links_lead_to_the_pages_and_job_aids_of_the_pages_language(
    zensical_build: Build,
) -> None:
    spanish = _hrefs(_page(zensical_build, "router.es"))
    # the hand-off to the printer tree, the node's link to printer.md, the PDF
    assert "../printer.es/#printer--jam" in spanish
    assert "../printer.es/" in spanish
    assert "../job-aids/router.es.pdf" in spanish
    english = _hrefs(_page(zensical_build, "router"))
    assert {"../printer/#printer--jam", "../printer/", "../job-aids/router.pdf"} <= english


def test_the_job_aids_list_links_where_jobaids_build_writes(zensical_build: Build) -> None:
    hrefs = _hrefs(_page(zensical_build, "job-aids.es"))
    assert {
        "../job-aids/training-pack.es.pdf",
        "../job-aids/printer.es.pdf",
        "../job-aids/router.es.pdf",
        "../router.es/",
    } <= hrefs


def test_the_pages_load_the_player_that_sopkit_assets_shipped(zensical_build: Build) -> None:
    html = _page(zensical_build, "router.es")
    assert '<script src="../assets/sopkit/player.mjs" type="module">' in html
    assert (zensical_build.site_dir / "assets/sopkit/guide.mjs").is_file()


def test_the_build_output_says_the_plugin_did_not_run(zensical_build: Build) -> None:
    assert "sopkit: the sopkit plugin did not run" in zensical_build.log
    assert "run `sopkit jobaids build` after the build" in zensical_build.log
    # the fixture lists the player: no warning about it
    assert "extra_javascript does not list sopkit's player.mjs" not in zensical_build.log


def test_the_guides_draw_their_map(zensical_build: Build) -> None:
    html = _page(zensical_build, "router.es")
    assert "sopkit-map" in html
    assert "<svg" in html


def test_the_example_site_shows_the_demos_pages_as_they_are() -> None:
    root = Path(__file__).resolve().parents[2]
    example = root / "examples" / "zensical" / "docs" / "guides"
    copies = sorted(example.glob("*.md"))
    assert copies, "examples/zensical/docs/guides has no pages"
    for copy in copies:
        original = root / "docs" / "guides" / copy.name
        assert copy.read_text(encoding="utf-8") == original.read_text(encoding="utf-8"), (
            f"{copy.relative_to(root)} differs from {original.relative_to(root)}: copy it again"
        )


def test_the_example_builds_with_zensical(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "decision_trees", tmp_path / "decision_trees")
    project = copy_project(root / "examples/zensical", tmp_path / "examples/zensical")
    build = run_zensical(project)
    assert build.returncode == 0, build.log
    sopkit_lines = [line for line in build.log.splitlines() if line.startswith("sopkit")]
    assert len(sopkit_lines) == 1 and sopkit_lines[0].startswith(
        "sopkit: the sopkit plugin did not run"
    ), build.log
    spanish = _questions(_page(build, "guides/irate-customer.es"), "irate-customer")
    tree = yaml.safe_load((root / "decision_trees/irate-customer.yml").read_text("utf-8"))
    assert tree["nodes"]["asked"]["text"]["es"] in unescape(spanish)


def test_a_broken_tree_is_reported_at_the_page_that_shows_it(tmp_path: Path) -> None:
    project = copy_project(ZENSICAL_FIXTURE, tmp_path / "project")
    tree = project / "decision_trees/printer.yml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("next: done", "next: dne"))
    build = run_zensical(project)
    # Zensical finishes the build: the log is where the editor sees it.
    assert build.returncode == 0, build.log
    assert (
        "decision_trees/printer.yml:9:15: error[unknown-next] 'next' points to 'dne', which "
        "is not a node of this tree (did you mean 'done'?)"
    ) in build.log
    # printer.es.md has front matter: the line is the file's, not what Zensical passed on.
    assert "docs/printer.es.md:7:1: error[broken-tree] the page shows the tree 'printer'" in (
        build.log
    )
