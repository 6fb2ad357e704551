"""``sopkit check`` checks the whole repository: the pages that show trees, every tree
shown somewhere, and single files against all the trees (no false ``unknown-tree``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit.cli import main
from tests.conftest import SITE_FIXTURE, copy_project


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    monkeypatch.chdir(project)
    return project


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_fence_naming_a_misspelled_tree_fails_check(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site / "docs" / "printer.es.md"
    page.write_text(page.read_text("utf-8").replace("printer\n", "printr\n"), "utf-8")
    assert check(capsys) == (
        1,
        "docs/printer.es.md:3:1: error[unknown-tree] the page shows the tree 'printr', which "
        "is not a tree in decision_trees/ (did you mean 'printer'?)\n",
        "1 error, 0 warnings in 2 files.\n",
    )


def test_the_same_tree_twice_on_one_page_is_an_error(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with (site / "docs" / "printer.md").open("a", encoding="utf-8") as page:
        page.write("\nAgain:\n\n```decision-tree\nprinter\n```\n")
    code, out, _ = check(capsys)
    assert (code, out) == (
        1,
        "docs/printer.md:9:1: error[tree-twice] the page already shows the tree 'printer' "
        "(line 3); its steps would have the same addresses twice on one page\n"
        "    hint: keep one of the two fences\n",
    )


def test_a_fence_shown_as_an_example_in_a_code_block_is_not_checked(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = "\n````markdown\n```decision-tree\nyour-tree-id\n```\n````\n"
    with (site / "docs" / "index.md").open("a", encoding="utf-8") as page:
        page.write(example)
    assert check(capsys) == (0, "", "No problems in 2 files.\n")


def test_a_tree_no_page_shows_is_a_warning(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trees = site / "decision_trees"
    (trees / "toner.yml").write_text((trees / "printer.yml").read_text("utf-8"), "utf-8")
    assert check(capsys, "--strict") == (
        1,
        "decision_trees/toner.yml:1:1: warning[unused-tree] no page shows the tree "
        "'toner', so agents cannot open it\n"
        "    hint: show it on a page with a 'decision-tree' fence, or delete the file\n",
        "0 errors, 1 warning in 3 files.\n",
    )


def test_a_tree_with_errors_is_reported_once_at_its_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # printer.yml cannot be read: its pages and the router's goto to it say nothing more.
    (site / "decision_trees" / "printer.yml").write_text("title: [unclosed\n", "utf-8")
    code, out, _ = check(capsys)
    assert code == 1
    located = [line.split(" ")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert located == ["decision_trees/printer.yml:1:8:"]  # at the '[' never closed


def test_one_file_is_checked_against_every_tree_of_the_site(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # router.yml hands off to printer.yml, which is not named.
    assert check(capsys, "decision_trees/router.yml") == (0, "", "No problems in 1 file.\n")
    router = site / "decision_trees" / "router.yml"
    router.write_text(router.read_text("utf-8").replace("tree: printer", "tree: printr"), "utf-8")
    code, out, _ = check(capsys, "decision_trees/router.yml")
    assert code == 1
    assert "error[unknown-tree] 'tree' points to 'printr'" in out
    assert "(did you mean 'printer'?)" in out
