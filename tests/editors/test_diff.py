"""``sopkit diff``: golden Markdown per case file, and the command in a git repository."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sopkit.cli import main
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from sopkit.editors.diff import diff_markdown
from sopkit.model import Tree
from tests.editors.helpers import commit_all, init_repo
from tests.golden import assert_golden

CASES = sorted((Path(__file__).parent / "diff_cases").glob("*.yml"))


def trees(node: yaml.Node) -> dict[str, Tree]:
    """The trees under ``before:`` or ``after:`` of a case file, by id."""
    found = {}
    assert isinstance(node, yaml.MappingNode)
    for key, value in node.value:
        # Re-serialise the composed node, so scalars stay as written (``Yes`` is a text).
        text = yaml.serialize(value, Dumper=yaml.SafeDumper)
        document, problems = load_bytes(text.encode("utf-8"), f"{key.value}.yml")
        tree, more = build_tree(document, key.value)
        assert tree is not None and not problems + more, problems + more
        found[tree.id] = tree
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_diff_golden(case: Path) -> None:
    root = yaml.compose(case.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    parts = {key.value: value for key, value in root.value}
    markdown = diff_markdown(trees(parts["before"]), trees(parts["after"]), "main", "en")
    assert_golden(f"diff/{case.stem}.md", markdown)


TREE = """\
title: {en: Printer, es: Impresora}
start: jam
nodes:
  jam:
    type: question
    text: {en: Is paper stuck?, es: ¿Hay papel atascado?}
    answers:
      - {label: {en: Yes, es: Sí}, next: done}
  done: {type: outcome, result: escalate, text: {en: Escalate., es: Escale.}}
"""


def test_sopkit_diff_compares_with_a_git_ref(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = init_repo(tmp_path / "repo")
    (repo / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - sopkit\n", encoding="utf-8")
    trees_dir = repo / "decision_trees"
    trees_dir.mkdir()
    (trees_dir / "printer.yml").write_text(TREE, encoding="utf-8")
    commit_all(repo, "first")
    (trees_dir / "printer.yml").write_text(
        TREE.replace("es: Escale.", "es: Escale al Nivel 2."), encoding="utf-8"
    )
    monkeypatch.chdir(repo)
    assert main(["diff", "HEAD"]) == 0
    assert capsys.readouterr().out == (
        "## Decision trees changed since `HEAD`\n\n"
        "### `printer`: Printer\n\n"
        "- Texts changed in `es`: 1 text (`nodes.done.text`)\n"
    )
    assert main(["diff", "nope"]) == 2
    assert capsys.readouterr().err == (
        "sopkit: error: 'nope' is not a commit, branch or tag of this repository\n"
    )
