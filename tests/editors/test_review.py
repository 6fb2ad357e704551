"""Review dates: overdue trees warn in checks and are marked on the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sopkit.cli import main
from sopkit.compile.catalog import check_paths
from sopkit.compile.review import check_review, overdue_trees, today
from sopkit.languages import Languages
from sopkit.render.context import PageContext
from sopkit.render.guide import render_guide
from tests.conftest import SITE_FIXTURE, copy_project, run_build
from tests.editors.helpers import tree_from

TREE = """\
title: {en: T, es: T}
owner: Support
reviewed: 2026-01-10
start: done
nodes:
  done:
    type: outcome
    result: stop
    text: {en: Done, es: Hecho}
"""
DAY = dt.date(2026, 11, 22)


def messages(text: str, default_days: int | None, on: dt.date = DAY) -> list[str]:
    return [str(p) for p in check_review(tree_from(text), default_days, on)]


def test_overdue_with_the_site_default() -> None:
    assert messages(TREE, 180) == [
        "decision_trees/t.yml:3:11: warning[review-overdue] tree 't' was last reviewed on "
        "2026-01-10; with a review every 180 days it has been overdue since 2026-07-09\n"
        "    hint: review the procedure with its owner, then set 'reviewed' to the date of "
        "the review"
    ]


def test_the_trees_own_period_wins_over_the_default() -> None:
    assert messages(TREE + "review_every_days: 365\n", 180) == []
    assert len(messages(TREE + "review_every_days: 30\n", None)) == 1


def test_due_today_is_not_yet_overdue() -> None:
    assert messages(TREE, 30, on=dt.date(2026, 2, 9)) == []
    assert len(messages(TREE, 30, on=dt.date(2026, 2, 10))) == 1


def test_no_period_means_no_check() -> None:
    assert messages(TREE, None) == []


def test_a_period_without_a_review_date_warns() -> None:
    text = TREE.replace("reviewed: 2026-01-10\n", "")
    assert messages(text, 90) == [
        "decision_trees/t.yml:1:1: warning[review-missing] tree 't' has no 'reviewed' date, "
        "but is to be reviewed every 90 days\n"
        "    hint: add 'reviewed: YYYY-MM-DD' with the date of the last content review"
    ]


def test_today_comes_from_the_option_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOPKIT_TODAY", "2030-01-02")
    assert today() == dt.date(2030, 1, 2)
    assert today("2031-05-06") == dt.date(2031, 5, 6)
    with pytest.raises(
        ValueError, match=r"^--today must be a date written YYYY-MM-DD, found '5/6'$"
    ):
        today("5/6")


def test_page_marks_overdue_trees_for_agents() -> None:
    tree = tree_from(TREE)
    langs = Languages.of(["en", "es"])
    overdue = overdue_trees([tree], 180, DAY)
    html = render_guide(
        tree, PageContext(lang="es", languages=langs, trees={"t": tree}, overdue=overdue)
    )
    assert (
        '<strong class="sopkit-overdue" data-sopkit-overdue="2026-07-09">'
        "Revisión vencida desde el 2026-07-09</strong>"
    ) in html
    fresh = render_guide(tree, PageContext(lang="en", languages=langs, trees={"t": tree}))
    assert "sopkit-overdue" not in fresh
    assert "Owner: Support" in fresh


def site(tmp_path: Path, every: int) -> Path:
    (tmp_path / "decision_trees").mkdir()
    (tmp_path / "decision_trees" / "t.yml").write_text(TREE, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\nplugins:\n  - sopkit:\n      review_every_days: {every}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_check_uses_the_mkdocs_default_and_a_fixed_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(site(tmp_path, 180))
    assert main(["check", "--strict", "--today", "2026-03-01"]) == 0
    capsys.readouterr()
    assert main(["check", "--strict", "--today", "2026-11-22"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("decision_trees/t.yml:3:11: warning[review-overdue]")
    monkeypatch.setenv("SOPKIT_TODAY", "2026-03-01")
    assert main(["check", "--strict"]) == 0


def test_a_malformed_today_is_bad_usage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(site(tmp_path, 180))
    assert main(["check", "--today", "tomorrow"]) == 2
    assert capsys.readouterr().err == (
        "sopkit: error: --today must be a date written YYYY-MM-DD, found 'tomorrow'\n"
    )


def test_catalog_check_reports_overdue_trees(tmp_path: Path) -> None:
    path = site(tmp_path, 180) / "decision_trees" / "t.yml"
    result = check_paths([path], review_every_days=180, today=DAY)
    assert [p.code for p in result.warnings] == ["review-overdue"]


@pytest.mark.slow
def test_mkdocs_build_warns_and_marks_the_overdue_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - sopkit\n") == 1
    config.write_text(
        text.replace(
            "  - sopkit\n", "  - sopkit:\n      review_every_days: 30\n      pdf: false\n"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("SOPKIT_TODAY", "2026-11-22")
    build = run_build(project, tmp_path / "out", strict=False)
    assert build.returncode == 0, build.log
    # router.yml was reviewed on 2026-10-01; printer.yml has no review date.
    assert any(
        "decision_trees/router.yml:6:11: warning[review-overdue] tree 'router' was last "
        "reviewed on 2026-10-01; with a review every 30 days it has been overdue since "
        "2026-10-31" in line
        for line in build.problems()
    ), build.log
    page = (tmp_path / "out" / "router" / "index.html").read_text(encoding="utf-8")
    assert "Review overdue since 2026-10-31" in page
    spanish = (tmp_path / "out" / "es" / "router" / "index.html").read_text(encoding="utf-8")
    assert "Revisión vencida desde el 2026-10-31" in spanish
