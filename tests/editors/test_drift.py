"""Translation drift against a git ref, and ``sopkit stats``, in a temporary repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit.cli import main
from tests.editors.helpers import commit_all, init_repo

TREE = """\
title: {en: Printer, es: Impresora}
start: jam
nodes:
  jam:
    type: question
    text:
      en: Is paper stuck?
      es: ¿Hay papel atascado?
    answers:
      - label: {en: Yes, es: Sí}
        next: done
  done:
    type: outcome
    result: escalate
    text: {en: Escalate., es: Escale.}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = init_repo(tmp_path / "repo")
    (root / "decision_trees").mkdir()
    (root / "decision_trees" / "printer.yml").write_text(TREE, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - sopkit\n", encoding="utf-8")
    commit_all(root, "first")
    monkeypatch.chdir(root)
    return root


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / "decision_trees" / "printer.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_english_changed_alone_warns_naming_node_and_field(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "en: Is paper stuck?", "en: Is paper stuck in the tray?")
    code, out, _ = check(capsys, "--since", "HEAD", "--strict")
    assert code == 1
    assert out == (
        "decision_trees/printer.yml:8:11: warning[stale-translation] the 'text' of node "
        "'jam' changed in 'en' since HEAD, but its 'es' text did not\n"
        "    hint: update the 'es' text to match the new 'en' text\n"
    )


def test_both_languages_changed_is_clean(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "en: Is paper stuck?", "en: Is paper stuck in the tray?")
    edit(repo, "es: ¿Hay papel atascado?", "es: ¿Hay papel atascado en la bandeja?")
    assert check(capsys, "--since", "HEAD", "--strict") == (0, "", "No problems in 1 file.\n")


def test_without_since_no_drift_is_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "en: Escalate.", "en: Escalate to Tier 2.")
    assert check(capsys, "--strict")[0] == 0


def test_drift_in_an_answer_label_names_the_answer(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "{en: Yes, es: Sí}", "{en: Yes it is, es: Sí}")
    code, out, _ = check(capsys, "--since", "HEAD", "--format", "github")
    assert code == 0
    assert out == (
        "::warning file=decision_trees/printer.yml,line=10,col=36,title=stale-translation::"
        "the 'answers.0.label' of node 'jam' changed in 'en' since HEAD, but its 'es' text "
        "did not%0Ahint: update the 'es' text to match the new 'en' text\n"
    )


def test_unknown_ref_is_bad_usage(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check(capsys, "--since", "no-such-branch")
    assert (code, err) == (
        2,
        "sopkit: error: 'no-such-branch' is not a commit, branch or tag of this repository\n",
    )


def test_stats_counts_translated_missing_and_stale(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "en: Is paper stuck?", "en: Is paper stuck in the tray?")
    edit(repo, "{en: Escalate., es: Escale.}", "{en: Escalate.}")
    assert main(["stats", "--since", "HEAD"]) == 0
    assert capsys.readouterr().out == (
        "tree     language  texts  translated  missing  stale\n"
        "printer  en            4           4        0      0\n"
        "printer  es            4           3        1      1\n"
    )
