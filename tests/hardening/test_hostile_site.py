"""A whole site built with hostile trees: every page and the search index stay inert.

The theme owns the page around a guide, so the guide's section is inspected strictly
and the rest of the page for anything the content could have put there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sopkit.compile.checks import dangerous_url
from tests.conftest import SITE_FIXTURE, Build, copy_project, run_build
from tests.hardening.corpus import DANGEROUS_HREFS, DANGEROUS_URLS, XSS_TEXTS, hostile_tree
from tests.hardening.safety import scripts, unsafe_markup, visible_text

# Texts the check lets through (raw HTML with a script URL in it is refused by the check).
PASSING = [p for p in XSS_TEXTS if dangerous_url(p) is None]
END0_TEXT = 1 + hostile_tree(PASSING).split("\n").index("  end0:") + 3
PAGE = "# Hostile\n\n```decision-tree\nhostile\n```\n"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(SITE_FIXTURE, tmp_path_factory.mktemp("hostile") / "project")
    tree = hostile_tree(PASSING, href="index.md").replace("tree: other", "tree: router")
    # One text in English only: the Spanish page must fall back, visibly marked.
    lines = tree.split("\n")
    lines[END0_TEXT - 1] = '    text: "<script>alert(1)</script>"'
    tree = "\n".join(lines)
    (project / "decision_trees" / "hostile.yml").write_text(tree, encoding="utf-8")
    (project / "docs" / "hostile.md").write_text(PAGE, encoding="utf-8")
    (project / "docs" / "hostile.es.md").write_text(PAGE, encoding="utf-8")
    build = run_build(project, project / "site", strict=False)
    assert build.returncode == 0, build.log
    return build


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_inert(hostile_site: Build) -> None:
    found = pages(hostile_site.site_dir)
    assert len(found) >= 8
    for page in found:
        html = page.read_text(encoding="utf-8")
        # Strictly inside guides; on the whole page, nothing the content could add.
        assert unsafe_markup(html, scope_class="sopkit-tree") == [], page
        # The theme's own elements (its scripts, search form) are not the content's.
        live = [f for f in unsafe_markup(html) if not f.endswith(" element")]
        assert live == [], page
        inline, sources = scripts(html)
        assert not any("alert" in body for body in inline), page
        assert not any("evil" in src for src in sources), page


@pytest.mark.parametrize("page", ["hostile/index.html", "es/hostile/index.html"])
def test_payloads_are_shown_as_text(hostile_site: Build, page: str) -> None:
    html = (hostile_site.site_dir / page).read_text(encoding="utf-8")
    text = visible_text(html)
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"):
        assert payload in text


def test_search_index_is_inert(hostile_site: Build) -> None:
    index = hostile_site.site_dir / "search" / "search_index.json"
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    hostile = [d for d in docs if d["location"].startswith("hostile/")]
    assert hostile
    for doc in docs:
        # The theme inserts titles and texts of results as HTML.
        assert unsafe_markup(doc["title"]) == [], doc
        assert unsafe_markup(doc["text"]) == [], doc
    assert any("<script>alert(1)</script>" in visible_text(d["text"]) for d in hostile)


def test_missing_translation_falls_back_marked(hostile_site: Build) -> None:
    assert (
        f"decision_trees/hostile.yml:{END0_TEXT}:11: warning[missing-translation] "
        "'nodes.end0.text' has no 'es' text; the 'es' page shows the 'en' text, marked as "
        "not translated"
    ) in hostile_site.log
    html = (hostile_site.site_dir / "es/hostile/index.html").read_text(encoding="utf-8")
    section = html.split('data-sopkit-node="end0"', 1)[1].split("</li>", 1)[0]
    assert (
        '<span lang="en" class="sopkit-fallback">&lt;script&gt;alert(1)&lt;/script&gt;</span>'
        ' <small class="sopkit-untranslated">(sin traducir)</small>'
    ) in section
    english = (hostile_site.site_dir / "hostile/index.html").read_text(encoding="utf-8")
    assert "sopkit-untranslated" not in english


def test_script_urls_fail_the_build_with_locations(tmp_path: Path) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "project")
    tree = hostile_tree([DANGEROUS_URLS[0]], href=DANGEROUS_HREFS[0])
    (project / "decision_trees" / "evil.yml").write_text(
        tree.replace("tree: other", "tree: router")
    )
    build = run_build(project, project / "site", strict=False)
    assert build.returncode == 1
    errors = [line for line in build.log.splitlines() if "error[dangerous-url]" in line]
    assert len(errors) == 11 * 2 + 1 + 3 * 2
    assert (
        "ERROR   -  sopkit: decision_trees/evil.yml:1:13: error[dangerous-url] 'title' contains a "
        "'javascript:' URL, which is never allowed" in build.log
    )
    assert "the site was not built" in build.log
    assert not (project / "site" / "index.html").exists()
