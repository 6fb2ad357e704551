"""The "what changed" list (```` ```changes ````), against a scripted Git history: a tree
added, a text changed in Spanish only, an answer re-pointed, a step removed; the lists
per language, the reference date, a shallow clone and a folder outside Git."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import markdown
import pytest

from sopkit.cli import main
from sopkit.compile.catalog import Catalog, expand
from sopkit.editors.changes import RecentChanges, TreeChange, recent_changes
from sopkit.editors.diff import tree_changes
from sopkit.integrations.markdown_extension import SopkitExtension
from sopkit.languages import Languages
from sopkit.render.changes import render_changes
from sopkit.render.context import PageContext
from tests.conftest import SITE_FIXTURE, copy_project
from tests.editors.helpers import commit_all, git, init_repo, tree_from
from tests.golden import assert_golden

PRINTER = """\
title: {en: Printer, es: Impresora}
start: jam
nodes:
  jam:
    type: question
    text: {en: Is paper stuck?, es: ¿Hay papel atascado?}
    answers:
      - {label: {en: Yes, es: Sí}, next: open-tray}
      - {label: {en: No, es: No}, next: replace}
  open-tray:
    type: outcome
    result: resolve
    text: {en: Open the tray., es: Abra la bandeja.}
  replace:
    type: outcome
    result: transfer
    text: {en: Transfer to sales., es: Transfiera a ventas.}
"""
ESCALATE = """\
  escalate:
    type: outcome
    result: escalate
    text: {en: Escalate to Tier 2., es: Escale al Nivel 2.}
"""
ROUTER = """\
title: {en: Router, es: Enrutador}
start: done
nodes:
  done: {type: outcome, result: resolve, text: {en: Restart it., es: Reinícielo.}}
"""
REPLACE = PRINTER[PRINTER.index("  replace:") :]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose trees changed on fixed dates (committer and author alike)."""
    repo = init_repo(tmp_path_factory.mktemp("changes") / "repo")
    trees = repo / "decision_trees"
    trees.mkdir()
    printer = trees / "printer.yml"
    (trees / "router.yml").write_text(ROUTER, encoding="utf-8")
    commit_all(repo, "router, long ago", date="2026-10-01T09:00:00+00:00")
    printer.write_text(PRINTER, encoding="utf-8")
    commit_all(repo, "add printer", date="2026-11-01T09:00:00+00:00")
    text = PRINTER.replace("es: Abra la bandeja.", "es: Abra la bandeja de papel.")
    printer.write_text(text, encoding="utf-8")
    commit_all(repo, "printer: Spanish wording", date="2026-11-10T09:00:00+00:00")
    text = text.replace("next: replace}", "next: escalate}") + ESCALATE
    printer.write_text(text, encoding="utf-8")
    commit_all(repo, "printer: No escalates", date="2026-11-20T09:00:00+00:00")
    printer.write_text(text.replace(REPLACE, ""), encoding="utf-8")
    commit_all(repo, "printer: drop replace", date="2026-11-28T09:00:00+00:00")
    return repo


def page(trees_dir: Path, lang: str) -> PageContext:
    """A page in ``lang`` on which every tree's guide is ``../<tree-id>/``."""
    trees = Catalog(trees_dir.parent).check(expand([trees_dir]), None).trees
    return PageContext(
        lang=lang,
        languages=Languages.of(["en", "es"]),
        trees=trees,
        tree_page=lambda tree_id: f"../{tree_id}/",
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_list_per_language(history: Path, lang: str) -> None:
    trees_dir = history / "decision_trees"
    recent = recent_changes(trees_dir, 30, None, "en")
    assert recent.as_of == dt.date(2026, 11, 28)  # the latest commit's, not the clock's
    assert recent.history == "complete"
    assert_golden(f"changes/{lang}.html", render_changes(recent, page(trees_dir, lang)))


def test_the_spanish_wording_is_on_the_spanish_page_only(history: Path) -> None:
    trees_dir = history / "decision_trees"
    recent = recent_changes(trees_dir, 30, None, "en")
    english = render_changes(recent, page(trees_dir, "en"))
    spanish = render_changes(recent, page(trees_dir, "es"))
    assert "2026-11-10" not in english
    assert (
        '<li><time datetime="2026-11-10">2026-11-10</time> — <strong>'
        '<a href="../printer/">Impresora</a></strong><ul>\n'
        '<li>Redacción modificada: <a href="../printer/#printer--open-tray">'
        "«Abra la bandeja de papel.»</a></li>\n</ul></li>"
    ) in spanish
    assert "Router" not in english  # changed before the 30 days


def test_the_reference_date_is_a_setting(history: Path) -> None:
    recent = recent_changes(history / "decision_trees", 30, dt.date(2026, 11, 15), "en")
    assert [(e.day.isoformat(), e.tree_id) for e in recent.entries] == [
        ("2026-11-10", "printer"),
        ("2026-11-01", "printer"),
    ]
    recent = recent_changes(history / "decision_trees", 1, dt.date(2026, 11, 29), "en")
    html = render_changes(recent, page(history / "decision_trees", "en"))
    assert html == (
        '<div class="sopkit-changes">\n'
        "<p>No procedure changed from 2026-11-29 to 2026-11-29.</p>\n"
        "</div>"
    )


def test_a_shallow_clone_says_the_history_is_incomplete(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{history}", str(clone))
    recent = recent_changes(clone / "decision_trees", 30, None, "en")
    assert recent.history == "shallow"
    assert recent.as_of == dt.date(2026, 11, 28)
    # The one commit there is has lost its parent: what it changed is unknown.
    assert recent.entries == ()
    assert render_changes(recent, page(clone / "decision_trees", "es")) == (
        '<div class="sopkit-changes">\n'
        '<div class="admonition warning" role="note"><p>El historial de cambios está '
        "incompleto: este sitio se construyó desde una copia parcial (shallow clone) y "
        "faltan los cambios anteriores.</p></div>\n"
        "<p>Ningún procedimiento cambió del 2026-10-30 al 2026-11-28.</p>\n"
        "</div>"
    )


def test_outside_git_the_page_says_the_history_is_not_available(
    history: Path, tmp_path: Path
) -> None:
    trees_dir = tmp_path / "site" / "decision_trees"
    shutil.copytree(history / "decision_trees", trees_dir)
    page_text = "# What changed\n\n```changes\ndays: 7\n```\n"
    extension = SopkitExtension(trees_dir=str(trees_dir), languages=["en", "es"])
    html = markdown.markdown(page_text, extensions=[extension])
    assert html == (
        "<h1>What changed</h1>\n"
        '<div class="sopkit-changes">\n'
        '<div class="admonition note" role="note"><p>The change history is not available: '
        "this site was not built from a Git checkout.</p></div>\n"
        "</div>"
    )


def test_a_bad_days_option_is_reported_at_the_fence(history: Path) -> None:
    extension = SopkitExtension(trees_dir=str(history / "decision_trees"), languages=["en"])
    md = markdown.Markdown(extensions=[extension])
    html = md.convert("Intro\n\n```changes\ndays: a month\n```\n")
    assert [str(p) for p in extension.problems] == [
        "<page>:3:1: error[bad-fence] the changes fence's 'days' must be a positive whole "
        "number, found 'a month'"
    ]
    assert "Procedures changed from 2026-10-30 to 2026-11-28:" in html


def test_an_english_change_shows_in_spanish_where_spanish_shows_the_english_text() -> None:
    question = "    text: {en: Is paper stuck?, es: ¿Hay papel atascado?}\n"
    before = tree_from(PRINTER.replace(question, question + "    help: {en: Rollers.}\n"), "p")
    after = tree_from(
        PRINTER.replace(question, question + "    help: {en: Both rollers.}\n").replace(
            "en: Transfer to sales.", "en: Transfer to the sales team."
        ),
        "p",
    )
    changes = tuple(tree_changes(before, after, "en"))
    entry = TreeChange(dt.date(2026, 11, 2), "p", before, after, changes)
    recent = RecentChanges(30, dt.date(2026, 11, 2), "complete", (entry,))
    ctx = PageContext(lang="es", languages=Languages.of(["en", "es"]))
    # The help is in English only, so the Spanish page shows it and lists its change;
    # the outcome's text is in Spanish too, so its English change is not listed there.
    assert "<li>Redacción modificada: «¿Hay papel atascado?»</li>" in render_changes(recent, ctx)


def test_sopkit_check_reports_a_bad_days_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    (project / "docs" / "changes.md").write_text(
        "# What changed\n\n```changes\ndays: -3\n```\n", encoding="utf-8"
    )
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    out, _ = capsys.readouterr()
    assert out == (
        "docs/changes.md:3:1: error[bad-fence] the changes fence's 'days' must be a positive "
        "whole number, found '-3'\n"
    )


def test_the_markdown_extension_takes_changes_as_of_like_the_plugin(history: Path) -> None:
    # Without MkDocs (Zensical, plain Python-Markdown), the same option, read by the core.
    config = {"trees_dir": str(history / "decision_trees"), "languages": ["en", "es"]}
    html = markdown.markdown(
        "```changes\n```\n",
        extensions=["sopkit"],
        extension_configs={"sopkit": {**config, "changes_as_of": dt.date(2026, 11, 15)}},
    )
    assert "Procedures changed from 2026-10-17 to 2026-11-15:" in html
    assert "2026-11-20" not in html


def test_the_markdown_extension_reports_a_bad_option_as_the_plugin_does(
    history: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extension = SopkitExtension(
        trees_dir=str(history / "decision_trees"), changes_as_of="soon", call_idle_minutes=0
    )
    html = markdown.markdown("```changes\n```\n", extensions=[extension])
    assert [r.getMessage() for r in caplog.records] == [
        "sopkit option 'call_idle_minutes': expected a whole number of minutes from 1 to 1440 "
        "(24 hours), found 0",
        "sopkit option 'changes_as_of': expected a date written YYYY-MM-DD, found 'soon'",
    ]
    assert "Procedures changed from 2026-10-30 to 2026-11-28:" in html  # the default


def test_the_markdown_extension_has_every_option_of_the_plugin() -> None:
    from sopkit.settings import OPTIONS

    assert set(SopkitExtension().getConfigs()) == {*OPTIONS, "lang", "base_url"}


def test_the_markdown_extension_turned_off_leaves_fences_as_code(history: Path) -> None:
    extension = SopkitExtension(trees_dir=str(history / "decision_trees"), enabled=False)
    html = markdown.markdown("```changes\n```\n", extensions=[extension, "fenced_code"])
    assert html == '<pre><code class="language-changes"></code></pre>'
