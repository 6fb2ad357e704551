"""Editor notes (``editor_note:`` on a node or a tree): for editors only, in one language
or more.

Agents never see them (guide, job aid, "what changed"), translation checks do not ask
for them, and ``sopkit diff`` reports their changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit import Languages, PageContext, check_paths, render_guide
from sopkit.cli import main
from sopkit.editors.changes import recent_changes
from sopkit.editors.drift import check_drift, tree_stats
from sopkit.render.jobaid import JobAid, render_jobaid
from tests.editors.helpers import commit_all, init_repo, tree_from

LANGS = Languages.of(["en", "es"])
NOTE = "Rebuilt: the source linked to a lost qualification check."
TREE = f"""\
title: {{en: Printer, es: Impresora}}
editor_note: Rebuilt from a wiki export that lost its links.
start: jam
nodes:
  jam:
    type: question
    text: {{en: Is paper stuck?, es: ¿Hay papel atascado?}}
    editor_note: "{NOTE}"
    answers:
      - {{label: {{en: Yes, es: Sí}}, next: done}}
  done:
    type: outcome
    result: escalate
    text: {{en: Escalate., es: Escale.}}
    editor_note:
      en: The source's "No" branch was empty.
      es: La rama «No» del original estaba vacía.
"""


def test_a_note_in_one_language_asks_for_no_translation(tmp_path: Path) -> None:
    path = tmp_path / "printer.yml"
    path.write_text(TREE, encoding="utf-8")
    result = check_paths([path], LANGS, root=tmp_path)
    assert [str(p) for p in result.problems] == []
    tree = result.trees["printer"]
    assert tree.nodes["jam"].editor_note is not None
    assert [name for name, _ in tree.editor_notes()] == [
        "editor_note",
        "nodes.jam.editor_note",
        "nodes.done.editor_note",
    ]


def test_stats_and_drift_leave_notes_out() -> None:
    with_notes = tree_from(TREE)
    without = tree_from(TREE.replace(f'    editor_note: "{NOTE}"\n', ""))
    assert tree_stats(with_notes, LANGS) == tree_stats(without, LANGS)
    reworded = tree_from(TREE.replace("was empty.", "was empty in the export."))
    assert check_drift(reworded, with_notes, LANGS, "main") == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_neither_the_guide_nor_the_job_aid_shows_a_note(lang: str) -> None:
    tree = tree_from(TREE)
    ctx = PageContext(lang=lang, languages=LANGS, trees={tree.id: tree})
    guide = render_guide(tree, ctx)
    jobaid = render_jobaid(tree, ctx, JobAid(source=tree.path))
    for html in (guide, jobaid):
        assert "Escalate." in html or "Escale." in html
        assert "source" not in html and "original" not in html and "wiki" not in html


def test_a_note_alone_is_no_entry_on_the_what_changed_page(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    trees = repo / "decision_trees"
    trees.mkdir()
    (trees / "printer.yml").write_text(TREE, encoding="utf-8")
    commit_all(repo, "add printer", date="2026-11-01T09:00:00+00:00")
    (trees / "printer.yml").write_text(TREE.replace("lost", "missing"), encoding="utf-8")
    commit_all(repo, "printer: editor note", date="2026-11-10T09:00:00+00:00")
    recent = recent_changes(trees, 5, None, "en")
    assert recent.history == "complete"
    assert recent.entries == ()


PLAIN = """\
title: Printer
start: done
nodes:
  done:
    type: outcome
    result: escalate
    text: Escalate.
    editor_note: |
      First line.
      Second line.
"""


def test_sopkit_notes_lists_every_note_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - sopkit\n", "utf-8")
    (tmp_path / "decision_trees").mkdir()
    (tmp_path / "decision_trees" / "printer.yml").write_text(TREE, encoding="utf-8")
    (tmp_path / "decision_trees" / "plain.yml").write_text(PLAIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["notes"]) == 0
    out, err = capsys.readouterr()
    assert out == (
        "decision_trees/plain.yml:8:18: done [en]: First line.\n"
        "    Second line.\n"
        "decision_trees/printer.yml:2:14: (tree) [en]: Rebuilt from a wiki export that lost "
        "its links.\n"
        f"decision_trees/printer.yml:8:18: jam [en]: {NOTE}\n"
        'decision_trees/printer.yml:16:11: done [en]: The source\'s "No" branch was empty.\n'
        "decision_trees/printer.yml:17:11: done [es]: La rama «No» del original estaba vacía.\n"
    )
    assert err == "4 editor notes in 2 trees.\n"
