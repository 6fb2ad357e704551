"""Links to anchors that do not exist fail ``sopkit check`` and the build: from tree texts,
from trees' ``links:`` and from pages, with ids made as the site's Markdown makes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit.cli import main
from sopkit.compile.anchors import AnchorRules, PageAnchors, has_anchor
from sopkit.compile.pagelinks import page_links
from tests.conftest import SITE_FIXTURE, copy_project

CRITERIA = (
    "# Criteria\n\n## Refund limit\n\n## Who decides {#deciders}\n\n"
    '<a id="legacy"></a>\n\n```text\n## Not a heading\n```\n'
)
CRITERIA_ES = "# Criterios\n\n## Límite de reembolso\n\n## Quién decide {#deciders}\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    (project / "docs" / "criteria.md").write_text(CRITERIA, "utf-8")
    (project / "docs" / "criteria.es.md").write_text(CRITERIA_ES, "utf-8")
    monkeypatch.chdir(project)
    return project


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_link_in_a_tree_text_to_a_missing_anchor_fails_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _edit(
        site / "decision_trees" / "printer.yml",
        "text: {en: Is paper stuck?, es: ¿Hay papel atascado?}",
        "text:\n      en: Is paper stuck? See [limits](criteria.md#refund-limits).\n"
        "      es: ¿Hay papel? Vea [límites](criteria.md#limite-de-reembolso).",
    )
    assert check(capsys) == (
        1,
        "decision_trees/printer.yml:7:11: error[broken-anchor] a link in 'nodes.jam.text' "
        "points to 'criteria.md#refund-limits', but criteria.md has no heading or anchor "
        "'refund-limits' (did you mean 'refund-limit'?)\n"
        "    hint: link to the id of one of its headings, or give a heading that id: "
        "'## ... {#refund-limits}'\n",
    )


def test_a_tree_link_shown_in_every_language_needs_the_anchor_in_every_language(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    links = (
        "    links:\n      - {text: {en: Limit, es: Límite}, href: criteria.md#refund-limit}\n"
        "      - {text: {en: Who, es: Quién}, href: criteria.md#deciders}\n"
        "      - {text: {en: Old, es: Antiguo}, href: criteria.md#legacy}\n"
    )
    _edit(site / "decision_trees" / "printer.yml", "    answers:\n", links + "    answers:\n")
    assert check(capsys) == (
        1,
        "decision_trees/printer.yml:8:47: error[broken-anchor] 'href' points to "
        "'criteria.md#refund-limit', but the 'es' page it leads to, criteria.es.md, has no "
        "heading or anchor 'refund-limit'\n"
        "    hint: give the heading the same id in every language: "
        "'## ... {#refund-limit}' in criteria.es.md\n"
        "decision_trees/printer.yml:10:46: error[broken-anchor] 'href' points to "
        "'criteria.md#legacy', but the 'es' page it leads to, criteria.es.md, has no heading "
        "or anchor 'legacy'\n"
        "    hint: give the heading the same id in every language: "
        "'## ... {#legacy}' in criteria.es.md\n",
    )


def test_a_tree_link_to_an_anchor_on_its_own_page(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # '#printer--done' is a step of the guide the page shows, '#printer' its page heading.
    tree = site / "decision_trees" / "printer.yml"
    _edit(
        tree,
        "text: {en: Escalate to Tier 2, es: Escale al Nivel 2}",
        "text: {en: 'Escalate [again](#printer--done), [top](#printer)', es: '[x](#printr)'}",
    )
    assert check(capsys) == (
        1,
        "decision_trees/printer.yml:15:73: error[broken-anchor] a link in 'nodes.done.text' "
        "points to '#printr', but the 'es' page it leads to, printer.es.md, has no heading "
        "or anchor 'printr' (did you mean 'printer'?)\n"
        "    hint: link to the id of one of its headings, or give a heading that id: "
        "'## ... {#printr}'\n",
    )


def test_page_links_to_missing_pages_and_anchors_fail_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "docs" / "index.md").write_text(
        "# Fixture home\n\n"
        "See [limits](criteria.md#refund-limits), [who](criteria.md#deciders),\n"
        "[old](criteria.md#legacy), [top](#fixture-home), [faq](#faq),\n"
        "[step](printer.md#printer--jam), [gone](nope.md), `[code](criteria.md#nope)`.\n\n"
        "[ref]: criteria.md#refund-limit\n",
        "utf-8",
    )
    (site / "docs" / "index.es.md").write_text(
        "# Inicio\n\nVea [límites](criteria.md#limite-de-reembolso) y "
        "[x](criteria.md#refund-limit).\n",
        "utf-8",
    )
    assert check(capsys) == (
        1,
        "docs/index.es.md:3:54: error[broken-anchor] the link points to "
        "'criteria.md#refund-limit', but the 'es' page it leads to, criteria.es.md, has no "
        "heading or anchor 'refund-limit'\n"
        "    hint: link to the id of one of its headings, or give a heading that id: "
        "'## ... {#refund-limit}'\n"
        "docs/index.md:3:14: error[broken-anchor] the link points to "
        "'criteria.md#refund-limits', but criteria.md has no heading or anchor "
        "'refund-limits' (did you mean 'refund-limit'?)\n"
        "    hint: link to the id of one of its headings, or give a heading that id: "
        "'## ... {#refund-limits}'\n"
        "docs/index.md:4:56: error[broken-anchor] the link points to '#faq', but this page "
        "has no heading or anchor 'faq'\n"
        "    hint: link to the id of one of its headings, or give a heading that id: "
        "'## ... {#faq}'\n"
        "docs/index.md:5:41: error[broken-link] the link points to 'nope.md', which is not a "
        "page in the docs directory\n",
    )


def test_ids_follow_the_sites_toc_settings(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # pymdownx's slugify keeps accents and the separator is '_': the ids are the site's.
    config = site / "mkdocs.yml"
    _edit(
        config,
        "  - pymdownx.superfences\n",
        "  - pymdownx.superfences\n  - toc:\n      separator: _\n      slugify: "
        "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
    )
    (site / "docs" / "index.es.md").write_text(
        "# Inicio\n\n[a](criteria.md#límite_de_reembolso) [b](criteria.md#limite-de-reembolso)\n",
        "utf-8",
    )
    assert check(capsys) == (
        1,
        "docs/index.es.md:3:42: error[broken-anchor] the link points to "
        "'criteria.md#limite-de-reembolso', but the 'es' page it leads to, criteria.es.md, "
        "has no heading or anchor 'limite-de-reembolso' (did you mean 'límite_de_reembolso'?)\n"
        "    hint: link to the id of one of its headings, or give a heading that id: "
        "'## ... {#limite-de-reembolso}'\n",
    )


def test_a_missing_anchor_fails_the_build(site: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    _edit(site / "docs" / "index.md", "(router.md)", "(criteria.md#refund-limits)")
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "built"))
    with pytest.raises(Abort):
        build(config)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "sopkit: docs/index.md:3:24: error[broken-anchor] the link points to "
        "'criteria.md#refund-limits', but criteria.md has no heading or anchor "
        "'refund-limits' (did you mean 'refund-limit'?)\n"
        "    hint: link to the id of one of its headings, or give a heading that id: "
        "'## ... {#refund-limits}'",
        "1 error in decision trees or the pages that show them; the site was not built",
    ]


def test_links_are_found_outside_code_only() -> None:
    page = (
        "[a](x.md#one) `[b](x.md#two)` [c](<y z.md#three>)\n"
        "```md\n[d](x.md#four)\n```\n"
        "   [ref]: x.md#five\n"
        "``a` [e](x.md#six)`` ` [f](x.md#seven)\n"
    )
    assert list(page_links(page)) == [
        ("x.md#one", 1, 5),
        ("y z.md#three", 1, 36),
        ("x.md#five", 5, 11),
        ("x.md#seven", 6, 28),  # the lone '`' opens no code span
    ]


def test_a_guide_page_has_its_steps_as_anchors(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text("# P {#top}\n\n```decision-tree\nrefund\n```\n", "utf-8")
    anchors = PageAnchors(tmp_path, AnchorRules.from_config(["attr_list"]))
    ids = anchors.of(tmp_path / "p.md")
    assert "top" in ids
    # The steps of a tree not loaded: any 'refund--' id counts, no other.
    assert has_anchor(ids, "refund--check-id")
    assert not has_anchor(ids, "refunds--check-id")
