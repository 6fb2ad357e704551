"""End-to-end builds: the demo site, the fixture site, ProperDocs, and failing builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape

from tests.conftest import ROOT, SITE_FIXTURE, Build, copy_project, run_build

pytestmark = pytest.mark.slow


def read(build: Build, path: str) -> str:
    return (build.site_dir / path).read_text(encoding="utf-8")


def test_demo_site_builds_strict_without_warnings(demo_build: Build) -> None:
    assert demo_build.problems() == []
    assert (demo_build.site_dir / "index.html").is_file()
    assert (demo_build.site_dir / "es" / "index.html").is_file()


def test_demo_pages_show_their_tree_in_their_language(demo_build: Build) -> None:
    english = read(demo_build, "guides/tier1-escalation/index.html")
    spanish = read(demo_build, "es/guides/tier1-escalation/index.html")
    assert 'data-sopkit-tree="tier1-escalation"' in english
    assert 'data-sopkit-tree="tier1-escalation"' in spanish
    assert '<section class="sopkit-tree" lang="en"' in english
    assert '<section class="sopkit-tree" lang="es"' in spanish
    assert "Step 1</span>" in english and "Paso 1</span>" in spanish
    assert "Paso 1</span>" not in english and "Step 1</span>" not in spanish


def test_demo_what_changed_page_lists_changes_in_each_language(demo_build: Build) -> None:
    english = read(demo_build, "changes/index.html")
    spanish = read(demo_build, "es/changes/index.html")
    # What it lists follows this repository's history; the words and links do not.
    assert '<div class="sopkit-changes">' in english
    assert '<div class="sopkit-changes">' in spanish
    assert re.search(r"<p>(Procedures|No procedure) changed from \d{4}-\d\d-\d\d to ", english)
    assert re.search(r"<p>(Procedimientos que cambiaron|Ningún procedimiento cambió) del ", spanish)
    assert "Qué cambió" in spanish and "What changed" in english
    for html in (english, spanish):
        for href in re.findall(r'<strong><a href="([^"]*)"', html):
            assert href.startswith("../guides/"), href


def test_demo_site_makes_no_requests_to_the_internet(demo_build: Build) -> None:
    external = re.compile(r'(?:src|href)="(?:https?:)?//(?!127\.0\.0\.1)[^"]*"')
    for page in demo_build.site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        loaded = [
            m.group(0)
            for m in external.finditer(html)
            # A canonical link names the page's address (site_url); it loads nothing.
            if re.search(
                r'<(?:script|img|iframe|link(?! rel="canonical"))[^>]*' + re.escape(m.group(0)),
                html,
            )
        ]
        assert loaded == [], page
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_assets_are_shipped_once_per_page(fixture_build: Build) -> None:
    for page in ("router/index.html", "es/router/index.html"):
        html = read(fixture_build, page)
        assert html.count("sopkit/player.mjs") == 1
        assert re.search(r'<script src="[^"]*sopkit/player\.mjs" type="module">', html)
        assert html.count("sopkit/sopkit.css") == 1
        for asset in re.findall(r'(?:src|href)="([^"]*sopkit/(?:player\.mjs|sopkit\.css))"', html):
            target = (fixture_build.site_dir / page).parent / asset
            assert target.resolve().is_file(), asset
    # The entry module imports the others by relative path: each one is in the site.
    todo, found = ["player.mjs"], set()
    while todo:
        module = fixture_build.site_dir / "sopkit" / todo.pop()
        assert module.is_file(), module
        found.add(module.name)
        imports = re.findall(r'^import .* from "\./([\w-]+\.mjs)";$', module.read_text(), re.M)
        todo += [name for name in imports if name not in found]
    assert len(found) > 5


def test_links_and_gotos_resolve_per_language(fixture_build: Build) -> None:
    english = read(fixture_build, "router/index.html")
    spanish = read(fixture_build, "es/router/index.html")
    assert '<a href="../printer/">Printer guide</a>' in english
    assert '<a href="../printer/">Guía de impresoras</a>' in spanish
    assert 'href="../printer/#printer--jam" data-sopkit-goto="printer"' in spanish
    assert "Continuar en: Atasco de impresora" in spanish


def test_trees_are_validated_once_per_build(tmp_path: Path) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    tree = project / "decision_trees" / "printer.yml"
    tree.write_text(
        tree.read_text()
        + "  lost:\n    type: outcome\n    result: stop\n    text: {en: Lost, es: Perdido}\n"
    )
    build = run_build(project, tmp_path / "out", strict=False)
    assert build.returncode == 0, build.log
    assert build.problems() == [
        "WARNING -  sopkit: decision_trees/printer.yml:16:3: warning[unreachable] node 'lost' "
        "cannot be reached from the start node 'jam'"
    ]
    strict = run_build(project, tmp_path / "out2", strict=True)
    assert strict.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in strict.log


def test_an_invalid_tree_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    tree = project / "decision_trees" / "router.yml"
    tree.write_text(tree.read_text().replace("next: fixed", "next: fixd"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.html").write_text("previous build")
    build = run_build(project, out, strict=False)
    assert build.returncode == 1
    assert build.problems() == [
        "ERROR   -  sopkit: decision_trees/router.yml:41:11: error[unknown-next] 'next' points "
        "to 'fixd', which is not a node of this tree (did you mean 'fixed'?)",
        "ERROR   -  1 error in decision trees or the pages that show them; the site was not built",
    ]
    assert "Traceback" not in build.log
    assert sorted(p.name for p in out.iterdir()) == ["old.html"]


def test_a_page_naming_an_unknown_tree_is_an_error_at_the_page(tmp_path: Path) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    page = project / "docs" / "printer.es.md"
    page.write_text("# Impresora\n\nTexto.\n\n```decision-tree\nprinterr\n```\n")
    build = run_build(project, tmp_path / "out", strict=False)
    assert build.returncode == 1
    assert build.problems()[0] == (
        "ERROR   -  sopkit: docs/printer.es.md:5:1: error[unknown-tree] the page shows the "
        "tree 'printerr', which is not a tree in decision_trees/ (did you mean 'printer'?)"
    )
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_tree_that_cannot_be_read_is_reported_once_by_the_build(tmp_path: Path) -> None:
    # Its two pages and the router's goto to it add nothing ("not a tree in ..." would
    # make the editor think the file was renamed).
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    (project / "decision_trees" / "printer.yml").write_text("title: [unclosed\n")
    build = run_build(project, tmp_path / "out", strict=False)
    assert build.returncode == 1
    assert build.problems() == [
        "ERROR   -  sopkit: decision_trees/printer.yml:1:8: error[yaml-syntax] the '[' that "
        "opens here is never closed with ']'",
        "ERROR   -  1 error in decision trees or the pages that show them; the site was not built",
    ]


def test_properdocs_builds_the_fixture_site(tmp_path: Path) -> None:
    build = run_build(SITE_FIXTURE, tmp_path / "out", engine="properdocs")
    assert build.returncode == 0, build.log
    assert build.problems() == []
    spanish = (tmp_path / "out" / "es" / "router" / "index.html").read_text()
    assert "¿Está encendida la luz de encendido?" in spanish


def test_the_extension_works_without_mkdocs(tmp_path: Path) -> None:
    import markdown

    html = markdown.markdown(
        "# Page\n\n```decision-tree\nprinter\n```\n",
        extensions=["sopkit"],
        extension_configs={
            "sopkit": {
                "trees_dir": str(SITE_FIXTURE / "decision_trees"),
                "languages": ["en", "es"],
                "lang": "es",
            }
        },
    )
    assert 'data-sopkit-tree="printer"' in html
    assert "¿Hay papel atascado?" in html


def test_only_the_mkdocs_integration_imports_mkdocs() -> None:
    package = ROOT / "plugins" / "sopkit"
    importers = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if re.search(r"^\s*(from|import) mkdocs", path.read_text(), re.MULTILINE)
    ]
    assert sorted(importers) == ["integrations/mkdocs_config.py", "integrations/mkdocs_plugin.py"]


@pytest.mark.parametrize(
    ("fence", "expanded"),
    [
        ("```decision-tree\nprinter\n```", "data-sopkit-tree"),
        ("```job-aids\n```", "sopkit-job-aids"),
    ],
)
def test_fences_shown_inside_code_blocks_are_left_alone(fence: str, expanded: str) -> None:
    import markdown

    config = {"sopkit": {"trees_dir": str(SITE_FIXTURE / "decision_trees")}}
    shown = markdown.markdown(
        f"````markdown\n{fence}\n````\n\n~~~\n{fence}\n~~~\n",
        extensions=["sopkit", "fenced_code"],
        extension_configs=config,
    )
    assert expanded not in shown
    assert shown.count(escape(fence)) == 2  # both examples shown as written
    # The same fence outside a code block is expanded, once.
    used = markdown.markdown(f"{fence}\n", extensions=["sopkit"], extension_configs=config)
    assert used.count(expanded) >= 1
