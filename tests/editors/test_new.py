"""``sopkit new``: a valid starter tree, truthful about what is left to translate; usage errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sopkit import load_tree
from sopkit.cli import main
from tests.conftest import SITE_FIXTURE


def test_new_tree_is_valid_and_says_what_is_left_to_translate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = shutil.copytree(SITE_FIXTURE, tmp_path / "site")
    monkeypatch.chdir(site)
    assert main(["new", "password-reset", "--today", "2026-11-22"]) == 0
    assert capsys.readouterr().err == (
        "wrote decision_trees/password-reset.yml\n"
        "(for completion in editors: sopkit schema --output schema/tree.schema.json, "
        "then run sopkit new again or add the schema line yourself)\n"
        "Show it to agents on a page under docs/ with:\n\n"
        "```decision-tree\npassword-reset\n```\n"
    )
    path = site / "decision_trees" / "password-reset.yml"
    # No schema in the repository: no line naming one (never a URL to somebody's host).
    assert path.read_text(encoding="utf-8").startswith("title:\n")
    # The title is made from the id, in the default language only: the Spanish one is
    # reported as missing, not filled with English that would count as translated. And
    # no page shows the tree yet.
    assert main(["check", "--strict"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "decision_trees/password-reset.yml:1:1: warning[unused-tree] no page shows the tree "
        "'password-reset', so agents cannot open it\n"
        "    hint: show it on a page with a 'decision-tree' fence, or delete the file\n"
        "decision_trees/password-reset.yml:2:3: warning[missing-translation] 'title' has no "
        "'es' text; the 'es' page shows the 'en' text, marked as not translated\n"
    )
    assert err == "0 errors, 2 warnings in 3 files.\n"
    tree, problems = load_tree(path)
    assert tree is not None and problems == []
    assert tree.languages() == ["en", "es"]
    assert [s.expect for s in tree.tests] == ["resolved", "escalate"]
    assert str(tree.reviewed) == "2026-11-22"


def test_new_points_at_the_repos_schema_when_there_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "tree.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "x"]) == 0
    text = (tmp_path / "decision_trees" / "x.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/tree.schema.json\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["new", "Bad_Id"],
            "tree id 'Bad_Id' is not valid: use lowercase letters, digits and "
            "single hyphens, e.g. 'check-firmware'",
        ),
        (
            ["new", "ok\n"],
            "tree id 'ok\\n' is not valid: use lowercase letters, digits and "
            "single hyphens, e.g. 'check-firmware'",
        ),
        (["new", "router"], "decision_trees/router.yml already exists (use --force)"),
        (
            ["new", "y", "--today", "soon"],
            "--today must be a date written YYYY-MM-DD, found 'soon'",
        ),
    ],
)
def test_new_usage_errors(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = shutil.copytree(SITE_FIXTURE, tmp_path / "site")
    monkeypatch.chdir(site)
    assert main(args) == 2
    assert capsys.readouterr().err == f"sopkit: error: {message}\n"


def test_scenario_failure_fails_check_and_annotates_the_pr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    site = shutil.copytree(SITE_FIXTURE, tmp_path / "site")
    monkeypatch.chdir(site)
    assert main(["new", "refund", "--today", "2026-11-22"]) == 0
    path = site / "decision_trees" / "refund.yml"
    text = path.read_text(encoding="utf-8")
    # Break the journey: "No" now leads to the step that ends in 'resolved'.
    path.write_text(text.replace("        next: escalate\n", "        next: apply-fix\n"))
    capsys.readouterr()
    assert main(["check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    # 'escalate' is now unreachable (a warning), and the scenario fails (an error).
    assert [line.split("::")[1].split(",")[-1] for line in lines] == [
        "title=unused-tree",
        "title=missing-translation",
        "title=unreachable",
        "title=scenario-failed",
    ]
    assert lines[3].startswith(
        "::error file=decision_trees/refund.yml,line=46,col=5,title=scenario-failed::"
        "scenario 'Escalated when it cannot be solved' ended at 'resolved' instead of "
        "'escalate' (path: can-solve > apply-fix > resolved)%0Ahint: "
    )
