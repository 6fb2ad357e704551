"""Trees too large to print, characters no one can print, and printing that runs over."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from sopkit import Languages, check_paths
from sopkit.compile.catalog import tree_files
from sopkit.compile.limits import (
    MAX_NODES,
    MAX_TEXT_CHARS,
    check_control_characters,
    check_job_aid_limits,
)
from sopkit.model import Text, Tree
from sopkit.render.printing import JobAidFailed, Limits, PrintJob, print_job

from ..conftest import SITE_FIXTURE

LANGS = Languages.of(["en", "es"])
TREE = """\
title: {en: Reset a router, es: Reiniciar un router}
start: done
nodes:
  done:
    type: outcome
    result: resolve
    text: {en: "Done\\0", es: Hecho}
"""


def router() -> Tree:
    result = check_paths(tree_files(SITE_FIXTURE / "decision_trees"), LANGS, root=SITE_FIXTURE)
    return result.trees["router"]


def test_a_nul_escape_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "decision_trees").mkdir()
    (tmp_path / "decision_trees" / "reset.yml").write_text(TREE, "utf-8")
    result = check_paths(tree_files(tmp_path / "decision_trees"), LANGS, root=tmp_path)
    [problem] = check_control_characters(result.trees["reset"])
    assert str(problem) == (
        "decision_trees/reset.yml:7:16: error[control-character] 'nodes.done.text' contains "
        "the control character U+0000, which no reader can see and the flowchart cannot draw"
        "\n    hint: remove it (in a double-quoted string, look for an escape such as \\0 or "
        "\\x01)"
    )


def test_the_demo_and_fixture_trees_are_within_the_limits() -> None:
    assert check_job_aid_limits(router()) == []


def test_too_many_nodes() -> None:
    tree = router()
    step = next(node for node in tree.nodes.values() if node.type == "step")
    extra = {f"extra-{i}": dataclasses.replace(step, id=f"extra-{i}") for i in range(MAX_NODES)}
    big = dataclasses.replace(tree, nodes={**tree.nodes, **extra})
    problems = [str(p) for p in check_job_aid_limits(big)]
    assert problems[0] == (
        f"decision_trees/router.yml:1:1: error[job-aid-too-many-nodes] the tree has "
        f"{len(big.nodes)} nodes, more than the {MAX_NODES} a job aid can print"
        "\n    hint: split it into smaller trees joined by 'goto' nodes, or set 'pdf: false'"
    )


def test_a_text_too_long_and_a_tree_too_long() -> None:
    tree = router()
    words = "word " * 8_000  # 40,000 characters
    title = Text({"en": words, "es": "Reiniciar"}, tree.title.span)
    problems = [str(p) for p in check_job_aid_limits(dataclasses.replace(tree, title=title))]
    assert problems == [
        f"decision_trees/router.yml:1:8: error[job-aid-text-too-long] 'title' has 40,000 "
        f"characters, more than the {MAX_TEXT_CHARS:,} one text of a job aid may have"
        "\n    hint: shorten it, or move the details to a page of the site and link to it",
        "decision_trees/router.yml:1:1: error[job-aid-too-long] the tree's texts in 'en' have "
        f"{40_000 + sum(len(t.values['en']) for n, t in tree.texts() if n != 'title'):,} "
        "characters, more than the 30,000 a job aid can print"
        "\n    hint: shorten the texts or split the tree with 'goto' nodes",
    ]


def job(*htmls: str) -> PrintJob:
    return PrintJob("key", "decision_trees/router.yml:1:1", "router", "en", htmls)


def test_a_job_aid_over_the_page_limit_stops_with_a_located_message() -> None:
    two_pages = '<p style="break-after: page">one</p><p>two</p>'
    with pytest.raises(JobAidFailed) as failed:
        print_job(job(two_pages), Limits(pages=1))
    assert str(failed.value) == (
        "decision_trees/router.yml:1:1: the job aid of 'router' (en) runs to 2 pages, more "
        "than the limit of 1; shorten its texts or split the tree"
    )


def test_a_job_aid_over_the_time_limit_stops_with_a_located_message() -> None:
    long = "<p>" + "many words " * 20_000 + "</p>"
    with pytest.raises(JobAidFailed) as failed:
        print_job(job(long), Limits(seconds=0.05))
    assert str(failed.value) == (
        "decision_trees/router.yml:1:1: the job aid of 'router' (en) took more than 0.05 "
        "seconds to print and was stopped; shorten its texts or split the tree"
    )


def test_the_first_layout_within_the_budget_is_kept() -> None:
    three = '<p style="break-after: page">1</p><p style="break-after: page">2</p><p>3</p>'
    two = '<p style="break-after: page">1</p><p>2</p>'
    assert print_job(job(three, two, "<p>1</p>"), Limits()).pages == 2
    assert print_job(job(three), Limits()).pages == 3  # none fits: printed, with a warning


def test_when_no_layout_fits_the_last_is_printed_and_named() -> None:
    """Without its chart a job aid is shortest: when neither fits, that one is printed
    (with a warning), and the PDF says which layout it shows (the training pack follows)."""
    four = "".join('<p style="break-after: page">x</p>' for _ in range(3)) + "<p>4</p>"
    three = '<p style="break-after: page">1</p><p style="break-after: page">2</p><p>3</p>'
    pdf = print_job(job(four, three), Limits())
    assert (pdf.pages, pdf.layout) == (3, 1)
    assert print_job(job(three, "<p>1</p>"), Limits()).layout == 1


def test_sopkit_check_reports_a_nul_escape_at_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sopkit.cli import main

    site = shutil.copytree(SITE_FIXTURE, tmp_path / "site")
    (site / "decision_trees" / "reset.yml").write_text(TREE, "utf-8")
    monkeypatch.chdir(site)
    assert main(["check"]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if "error[" in line]
    assert errors == [
        "decision_trees/reset.yml:7:16: error[control-character] 'nodes.done.text' contains "
        "the control character U+0000, which no reader can see and the flowchart cannot draw"
    ]
