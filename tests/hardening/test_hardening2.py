"""Hostile content and config found by review (issue 15, part 2): no traceback, no loop
without an ending, no tree read from outside its folder, no raw control character printed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from sopkit.cli import main
from tests.conftest import BIN, run_build

DONE = "  done: {type: outcome, result: stop, text: Done}\n"
HINT = "\n    hint: the options are listed in the README's quick reference"


def site(tmp_path: Path, options: str = "", trees: dict[str, str] | None = None) -> Path:
    """A small English site without PDFs or flowcharts, its page showing tree ``a``."""
    root = tmp_path / "site"
    (root / "decision_trees").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: T\ntheme: {name: material, font: false}\nplugins:\n  - sopkit:\n"
        "      languages: [en]\n      pdf: false\n      flowchart: false\n" + options,
        encoding="utf-8",
    )
    for name, text in (trees or {"a.yml": f"title: A\nstart: done\nnodes:\n{DONE}"}).items():
        (root / "decision_trees" / name).write_text(text, encoding="utf-8")
    ids = dict.fromkeys(Path(n).stem for n in trees or ["a"])  # each tree shown once
    fences = "".join(f"```decision-tree\n{tree_id}\n```\n\n" for tree_id in ids)
    (root / "docs" / "index.md").write_text(f"# T\n\n{fences}", encoding="utf-8")
    return root


def refuse_listing(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make listing ``folder`` fail as with ``chmod 000`` (which does not stop root, who
    may run the tests); its resolved path."""
    refused = folder.resolve()
    listing = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:
        if self == refused:
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    return refused


def check(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    code = main(["check", "--today", "2026-12-01", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- item 1: no traceback, every number and date range-checked -------------------------

REVIEW_CASES = [
    (
        "a review date whose next review is past the calendar",
        "reviewed: 9999-12-31\nreview_every_days: 180\n",
        "",
        "decision_trees/a.yml:2:11: error[bad-review-date] tree 'a' was reviewed on "
        "9999-12-31; 180 days later is past the year 9999, so its next review has no date\n"
        "    hint: set 'reviewed' to the date of the last content review (not a date in the "
        "future)\n",
    ),
    (
        "the same with the site's period",
        "reviewed: 9999-12-31\n",
        "      review_every_days: 30\n",
        "decision_trees/a.yml:2:11: error[bad-review-date] tree 'a' was reviewed on "
        "9999-12-31; 30 days later is past the year 9999, so its next review has no date\n"
        "    hint: set 'reviewed' to the date of the last content review (not a date in the "
        "future)\n",
    ),
    (
        "a huge period in a tree",
        "reviewed: 2026-01-01\nreview_every_days: 1000000000000\n",
        "",
        "decision_trees/a.yml:3:20: error[wrong-type] 'review_every_days' must be a whole "
        "number of days from 1 to 3660, found '1000000000000'\n",
    ),
    (
        "a boolean period in a tree",
        "reviewed: 2026-01-01\nreview_every_days: yes\n",
        "",
        "decision_trees/a.yml:3:20: error[wrong-type] 'review_every_days' must be a whole "
        "number of days from 1 to 3660, found 'yes'\n",
    ),
    (
        "a huge period in mkdocs.yml",
        "reviewed: 2026-01-01\n",
        "      review_every_days: 1000000000000\n",
        "mkdocs.yml:8:7: error[bad-setting] sopkit option 'review_every_days': expected at "
        "most 3660 days (ten years) between reviews, found 1000000000000" + HINT + "\n",
    ),
    (
        "a boolean period in mkdocs.yml",
        "reviewed: 2026-01-01\n",
        "      review_every_days: yes\n",
        "mkdocs.yml:8:7: error[bad-setting] sopkit option 'review_every_days': expected a "
        "positive whole number of days, found true" + HINT + "\n",
    ),
]


@pytest.mark.parametrize(
    ("name", "top", "options", "expected"), REVIEW_CASES, ids=[c[0] for c in REVIEW_CASES]
)
def test_review_dates_and_periods_out_of_range_are_located_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    top: str,
    options: str,
    expected: str,
) -> None:
    tree = f"title: A\n{top}start: done\nnodes:\n{DONE}"
    root = site(tmp_path, options, {"a.yml": tree})
    assert check(root, monkeypatch, capsys) == (1, expected, "1 error, 0 warnings in 1 file.\n")


@pytest.mark.parametrize(
    ("top", "options", "message"),
    [
        (
            "reviewed: 9999-12-31\nreview_every_days: 180\n",
            "",
            "decision_trees/a.yml:2:11: error[bad-review-date] tree 'a' was reviewed on "
            "9999-12-31; 180 days later is past the year 9999",
        ),
        (
            "reviewed: 2026-01-01\n",
            "      review_every_days: 1000000000000\n",
            "option 'review_every_days': mkdocs.yml:8:7: expected at most 3660 days (ten "
            "years) between reviews, found 1000000000000",
        ),
    ],
    ids=["review date", "period in mkdocs.yml"],
)
def test_the_build_stops_with_the_message_not_a_traceback(
    tmp_path: Path, top: str, options: str, message: str
) -> None:
    root = site(tmp_path, options, {"a.yml": f"title: A\n{top}start: done\nnodes:\n{DONE}"})
    build = run_build(root, tmp_path / "out")
    assert build.returncode == 1
    assert message in build.log
    assert "Traceback" not in build.log


def test_a_huge_time_box_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = (
        "title: A\nstart: wait\nnodes:\n"
        "  wait: {type: step, text: Wait, next: done, timebox: {minutes: 1.0e+308}}\n" + DONE
    )
    root = site(tmp_path, "", {"a.yml": tree})
    assert check(root, monkeypatch, capsys)[1] == (
        "decision_trees/a.yml:4:65: error[wrong-type] 'minutes' must be a number of minutes, "
        "found '1.0e+308'\n"
    )


def test_a_changes_fence_looking_back_too_far_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    (root / "docs" / "changes.md").write_text(
        "# Changes\n\n```changes\ndays: 1000000000000\n```\n", encoding="utf-8"
    )
    assert check(root, monkeypatch, capsys)[1] == (
        "docs/changes.md:3:1: error[bad-fence] the changes fence's 'days' may be at most "
        "3660 (ten years), found 1000000000000\n"
    )


def test_an_unreadable_trees_directory_is_named_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    trees = refuse_listing(root / "decision_trees", monkeypatch)
    assert check(root, monkeypatch, capsys) == (
        2,
        "",
        f"sopkit: error: cannot list the trees directory {trees.as_posix()}: Permission "
        "denied; give the user running sopkit read access to it\n",
    )


@pytest.mark.parametrize(
    ("interval", "shown"), [("-1", "-1"), ("0", "0"), ("1e308", "1e+308"), ("nan", "nan")]
)
def test_a_watch_interval_out_of_range_is_a_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    interval: str,
    shown: str,
) -> None:
    assert check(site(tmp_path), monkeypatch, capsys, "--watch", "--interval", interval) == (
        2,
        "",
        f"sopkit: error: --interval must be from 0.01 to 60 seconds, found {shown}\n",
    )


def test_the_build_names_an_unreadable_trees_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sopkit_log: pytest.LogCaptureFixture
) -> None:
    root = site(tmp_path)
    trees = refuse_listing(root / "decision_trees", monkeypatch)
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    with pytest.raises(Abort):
        build(config)
    assert [r.getMessage() for r in sopkit_log.records if r.levelname == "ERROR"] == [
        f"sopkit: cannot list the trees directory {trees.as_posix()}: Permission denied; "
        "give the user running sopkit read access to it"
    ]


UI_CASES = [
    (
        "a placeholder sopkit does not fill",
        '{en: {step: "Step {number}"}}',
        "mkdocs.yml:8:25: error[bad-setting] sopkit option 'ui_strings': 'en.step' must have "
        "the placeholders of sopkit's English string ({n}), found {number}",
    ),
    (
        "a placeholder left out",
        '{en: {progress: "Step {n}"}}',
        "mkdocs.yml:8:25: error[bad-setting] sopkit option 'ui_strings': 'en.progress' must "
        "have the placeholders of sopkit's English string ({n}, {total}), found {n}",
    ),
    (
        "an empty pair of braces",
        '{en: {goto: "{}"}}',
        "mkdocs.yml:8:25: error[bad-setting] sopkit option 'ui_strings': 'en.goto' may use "
        "braces only around its placeholders ({title}), found '{}'",
    ),
    (
        "a lone brace",
        '{es: {step: "Paso {n} {"}}',
        "mkdocs.yml:8:25: error[bad-setting] sopkit option 'ui_strings': 'es.step' may use "
        "braces only around its placeholders ({n}), found 'Paso {n} {'",
    ),
    (
        "a number",
        "{en: {back: 5}}",
        "mkdocs.yml:8:25: error[bad-setting] sopkit option 'ui_strings': 'en.back' must be a "
        "text, found 5",
    ),
    (
        "a list for a language",
        "{en: [x]}",
        "mkdocs.yml:8:20: error[bad-setting] sopkit option 'ui_strings': 'en' must map UI "
        "string keys to texts, found a list",
    ),
]


@pytest.mark.parametrize(("name", "value", "expected"), UI_CASES, ids=[c[0] for c in UI_CASES])
def test_malformed_ui_strings_are_located_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    value: str,
    expected: str,
) -> None:
    root = site(tmp_path, f"      ui_strings: {value}\n")
    assert check(root, monkeypatch, capsys) == (
        1,
        expected + HINT + "\n",
        "1 error, 0 warnings in 1 file.\n",
    )


def test_a_reference_date_before_any_commit_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path, "      changes_as_of: 0001-01-05\n")
    assert check(root, monkeypatch, capsys)[1] == (
        "mkdocs.yml:8:7: error[bad-setting] sopkit option 'changes_as_of': expected a date "
        "from 1970-01-01 on, found 0001-01-05" + HINT + "\n"
    )


def test_the_build_refuses_a_ui_string_it_could_not_fill(tmp_path: Path) -> None:
    root = site(tmp_path, '      ui_strings: {en: {step: "Step {number}"}}\n')
    build = run_build(root, tmp_path / "out")
    assert build.returncode == 1
    assert (
        "option 'ui_strings': mkdocs.yml:8:25: 'en.step' must have the placeholders of "
        "sopkit's English string ({n}), found {number}" in build.log
    )
    assert "Traceback" not in build.log


# -- item 2: loops across trees, two files for one tree id ------------------------------

ENDLESS = (
    "error[endless-goto] 'tree' hands off to '{to}', which leads back here through 'goto' "
    "nodes: this loop never reaches an outcome, so the call could never end\n"
    "    hint: end one of the trees in this loop with an outcome, or hand off to a tree "
    "that has one\n"
)
ONLY_A_GOTO = "title: {title}\nstart: go\nnodes:\n  go: {{type: goto, tree: {to}}}\n"
QUESTION_TO_GOTOS = (
    "title: Refunds\nstart: q\nnodes:\n  q:\n    type: question\n    text: Refund?\n"
    "    answers:\n      - {label: Card, next: card}\n      - {label: Cash, next: cash}\n"
    "  card: {type: goto, tree: billing}\n  cash: {type: goto, tree: billing, node: go}\n"
)


@pytest.mark.parametrize(
    ("trees", "expected"),
    [
        (
            {
                "billing.yml": ONLY_A_GOTO.format(title="Billing", to="refunds"),
                "refunds.yml": ONLY_A_GOTO.format(title="Refunds", to="billing"),
            },
            "decision_trees/billing.yml:4:26: "
            + ENDLESS.format(to="refunds")
            + "decision_trees/refunds.yml:4:26: "
            + ENDLESS.format(to="billing"),
        ),
        (
            {
                "billing.yml": ONLY_A_GOTO.format(title="Billing", to="refunds"),
                "refunds.yml": QUESTION_TO_GOTOS,
            },
            "decision_trees/billing.yml:4:26: "
            + ENDLESS.format(to="refunds")
            + "decision_trees/refunds.yml:10:28: "
            + ENDLESS.format(to="billing")
            + "decision_trees/refunds.yml:11:28: "
            + ENDLESS.format(to="billing"),
        ),
        (
            {"self.yml": ONLY_A_GOTO.format(title="Self", to="self")},
            "decision_trees/self.yml:4:26: " + ENDLESS.format(to="self"),
        ),
        (
            {
                "intake.yml": ONLY_A_GOTO.format(title="Intake", to="billing"),
                "billing.yml": ONLY_A_GOTO.format(title="Billing", to="refunds"),
                "refunds.yml": ONLY_A_GOTO.format(title="Refunds", to="billing"),
            },
            "decision_trees/billing.yml:4:26: "
            + ENDLESS.format(to="refunds")
            + "decision_trees/refunds.yml:4:26: "
            + ENDLESS.format(to="billing"),
        ),
    ],
    ids=[
        "each tree only a goto",
        "every path ends in a goto",
        "a goto to itself",
        "a goto into a loop: the loop is reported",
    ],
)
def test_gotos_that_never_reach_an_outcome_are_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    trees: dict[str, str],
    expected: str,
) -> None:
    code, out, _ = check(site(tmp_path, "", trees), monkeypatch, capsys)
    assert (code, out) == (1, expected)


def test_trees_that_hand_off_to_each_other_and_can_end_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Billing can end; Refunds only hands back to it, and each of them can end there.
    billing = QUESTION_TO_GOTOS.replace("Refunds", "Billing").replace(
        "  card: {type: goto, tree: billing}\n  cash: {type: goto, tree: billing, node: go}\n",
        "  card: {type: goto, tree: refunds}\n" + DONE.replace("done", "cash"),
    )
    trees = {"billing.yml": billing, "refunds.yml": ONLY_A_GOTO.format(title="R", to="billing")}
    assert check(site(tmp_path, "", trees), monkeypatch, capsys) == (
        0,
        "",
        "No problems in 2 files.\n",
    )


TREE_A = f"title: A\nstart: done\nnodes:\n{DONE}"
DUPLICATE = (
    "decision_trees/a.yml:1:1: error[duplicate-tree] this file and decision_trees/a.yaml "
    "are both the tree 'a': a tree id may name one file only\n"
    "    hint: keep one of them: delete or rename the other\n"
)


def test_two_files_of_one_tree_id_are_an_error_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path, "", {"a.yml": TREE_A, "a.yaml": TREE_A.replace("Done", "Fini")})
    assert check(root, monkeypatch, capsys) == (1, DUPLICATE, "1 error, 0 warnings in 2 files.\n")


def test_checking_one_file_names_another_file_of_its_tree_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path, "", {"a.yml": TREE_A, "a.yaml": TREE_A.replace("Done", "Fini")})
    assert check(root, monkeypatch, capsys, "decision_trees/a.yml") == (
        1,
        "decision_trees/a.yml:1:1: error[duplicate-tree] this file and decision_trees/a.yaml "
        "are both the tree 'a': a tree id may name one file only\n"
        "    hint: keep one of them: delete or rename the other\n",
        "1 error, 0 warnings in 1 file.\n",
    )


def test_diff_refuses_to_summarise_a_tree_with_two_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "-C", str(root), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(root), "commit", "-qm", "a"], check=True)
    (root / "decision_trees" / "a.yaml").write_text(TREE_A.replace("Done", "Fini"), "utf-8")
    monkeypatch.chdir(root)
    assert main(["diff", "HEAD"]) == 1
    assert capsys.readouterr() == ("", DUPLICATE)


# -- item 3: no file outside the repository is read or written --------------------------

SECRET = "API_KEY=hunter2-do-not-print\n"
OUTSIDE = (
    "decision_trees/{name}:1:1: error[outside-trees-dir] this file is a link to a file "
    "outside the trees directory, so sopkit does not read it\n"
    "    hint: move the tree file itself into the trees directory, in place of the link\n"
)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_tree_file_linking_outside_the_trees_directory_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    root = site(tmp_path)
    secret = tmp_path / "secrets.env"
    secret.write_text(SECRET, encoding="utf-8")
    (root / "decision_trees" / "leak.yml").symlink_to(secret)
    code, out, _ = check(root, monkeypatch, capsys, "--format", fmt)
    assert code == 1
    assert "hunter2" not in out and "API_KEY" not in out
    assert "outside-trees-dir" in out
    if fmt == "text":
        assert out == OUTSIDE.format(name="leak.yml")


def test_the_build_does_not_read_a_tree_linking_outside(tmp_path: Path) -> None:
    root = site(tmp_path)
    secret = tmp_path / "secrets.env"
    secret.write_text(SECRET, encoding="utf-8")
    (root / "decision_trees" / "leak.yml").symlink_to(secret)
    build = run_build(root, tmp_path / "out")
    assert build.returncode == 1
    assert OUTSIDE.format(name="leak.yml").split("\n")[0] in build.log
    assert "hunter2" not in build.log


def test_a_link_to_a_tree_inside_the_trees_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path, "", {"a.yml": TREE_A, "b.yml": TREE_A.replace("A", "B")})
    (root / "decision_trees" / "b.yml").unlink()
    (root / "decision_trees" / "b.yml").symlink_to("a.yml")
    assert check(root, monkeypatch, capsys) == (0, "", "No problems in 2 files.\n")


def test_diff_refuses_to_call_a_tree_it_did_not_read_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(root)]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "a"], check=True)
    outside = tmp_path / "a.yml"
    outside.write_text(TREE_A, encoding="utf-8")
    (root / "decision_trees" / "a.yml").unlink()
    (root / "decision_trees" / "a.yml").symlink_to(outside)
    monkeypatch.chdir(root)
    assert main(["diff", "HEAD"]) == 1
    assert capsys.readouterr() == ("", OUTSIDE.format(name="a.yml"))


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["dangling link", "--force"])
def test_new_never_writes_through_a_link(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    force: list[str],
) -> None:
    root = site(tmp_path)
    victim = tmp_path / "victim.txt"
    if force:
        victim.write_text("precious\n", encoding="utf-8")
    (root / "decision_trees" / "refund.yml").symlink_to(victim)
    monkeypatch.chdir(root)
    assert main(["new", "refund", *force]) == 2
    assert capsys.readouterr().err == (
        "sopkit: error: decision_trees/refund.yml is a symbolic link; sopkit new never "
        "writes through a link (remove it, or choose another id)\n"
    )
    if force:
        assert victim.read_text(encoding="utf-8") == "precious\n"
    else:
        assert not victim.exists()


def test_init_never_writes_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "mkdocs.yml").symlink_to(victim)
    monkeypatch.chdir(tmp_path)
    assert main(["init", "kb", "--force"]) == 2
    assert capsys.readouterr().err == (
        "sopkit: error: these files are symbolic links, so nothing was written: mkdocs.yml "
        "(sopkit init never writes through a link: remove them first)\n"
    )
    assert victim.read_text(encoding="utf-8") == "precious\n"


# -- item 4: what the CLI prints has no raw control character ---------------------------

ESCAPE = "\x1b[2J"


def test_a_file_name_with_terminal_escapes_is_printed_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    (root / "decision_trees" / f"x{ESCAPE}\ny.yml").write_text(TREE_A, encoding="utf-8")
    _, text, _ = check(root, monkeypatch, capsys)
    _, github, _ = check(root, monkeypatch, capsys, "--format", "github")
    assert text == (
        "decision_trees/x\\x1b[2J\\ny.yml:1:1: error[invalid-id] tree id 'x\\x1b[2J\\ny' "
        "(the file name) is not valid\n"
        "    hint: use lowercase letters, digits and single hyphens, e.g. 'check-firmware'\n"
    )
    assert github == (
        "::error file=decision_trees/x\\x1b[2J\\ny.yml,line=1,col=1,title=invalid-id::tree "
        "id 'x\\x1b[2J\\ny' (the file name) is not valid%0Ahint: use lowercase letters, "
        "digits and single hyphens, e.g. 'check-firmware'\n"
    )


def test_json_output_escapes_every_control_character_and_keeps_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    name = "x\x9b2J\u2028y"  # a C1 escape (CSI) and a line separator, which json leaves raw
    (root / "decision_trees" / f"{name}.yml").write_text(TREE_A, encoding="utf-8")
    _, out, _ = check(root, monkeypatch, capsys, "--format", "json")
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", out)
    assert [p["file"] for p in json.loads(out)] == [f"decision_trees/{name}.yml"]


def test_a_usage_error_naming_a_hostile_path_is_printed_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(site(tmp_path), monkeypatch, capsys, f"no{ESCAPE}such.yml") == (
        2,
        "",
        "sopkit: error: no such file or directory: no\\x1b[2Jsuch.yml\n",
    )


def test_diff_prints_titles_and_labels_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(root)]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "a"], check=True)
    (root / "decision_trees" / "a.yml").write_text(
        'title: "A\\e[2J\\n## forged"\nstart: q\nnodes:\n  q:\n    type: question\n'
        "    text: Q?\n    answers:\n"
        '      - {label: "Yes\\e[31m", next: done}\n      - {label: No, next: done}\n' + DONE,
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    assert main(["diff", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    # Escaped for the terminal, then for Markdown: it shows as written, on its line.
    assert "### `a`: A" + r"\\x1b\[2J\\n## forged" + "\n" in out
    assert "\n## forged" not in out


@pytest.mark.parametrize("count", [3, 300], ids=["short report", "over a pipe buffer"])
def test_the_summary_comes_after_the_report_in_one_stream(tmp_path: Path, count: int) -> None:
    bad = "  Bad{}: {{type: outcome, result: stop, text: Done}}\n"
    nodes = "".join(bad.format(i) for i in range(count))
    root = site(tmp_path, "", {"a.yml": f"title: A\nstart: done\nnodes:\n{nodes}{DONE}"})
    # As in CI or an editor's task: both streams into one pipe, Python buffering stdout.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [str(BIN / "sopkit"), "check"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert lines[-1] == f"{count} errors, 0 warnings in 1 file."
    assert lines[-2] == (
        "    hint: use lowercase letters, digits and single hyphens, e.g. 'check-firmware'"
    )
    assert all(line.startswith(("decision_trees/a.yml:", "    hint: ")) for line in lines[:-1])


# -- item 5: pages the site leaves out, Markdown links in tree texts --------------------


def excluded_draft(tmp_path: Path) -> Path:
    root = site(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "exclude_docs: |\n  drafts/\n", encoding="utf-8"
    )
    (root / "docs" / "drafts").mkdir()
    (root / "docs" / "drafts" / "old.md").write_text(
        "# Old\n\n```decision-tree\nretired-tree\n```\n", encoding="utf-8"
    )
    (root / "docs" / ".hidden.md").write_text(
        "```decision-tree\nretired-tree\n```\n", encoding="utf-8"
    )
    return root


def test_a_page_left_out_by_exclude_docs_is_not_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = excluded_draft(tmp_path)
    assert check(root, monkeypatch, capsys) == (0, "", "No problems in 1 file.\n")
    build = run_build(root, tmp_path / "out")
    assert build.returncode == 0, build.log


def test_a_built_page_showing_an_unknown_tree_still_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = excluded_draft(tmp_path)
    (root / "docs" / "drafts" / "old.md").rename(root / "docs" / "old.md")
    assert check(root, monkeypatch, capsys)[1] == (
        "docs/old.md:3:1: error[unknown-tree] the page shows the tree 'retired-tree', which "
        "is not a tree in decision_trees/\n"
    )


LINKING_TREE = (
    "title: A\nstart: done\nnodes:\n"
    "  done:\n    type: outcome\n    result: stop\n"
    "    text: Done\n"
    "    help: {en: 'Read the [policy](policies/refnd.md#limits) first.'}\n"
    "    callouts:\n"
    '      - {kind: note, text: "See [the form][form] and [home](index.md).\\n\\n'
    '[form]: forms/x.md"}\n'
    "    script: |\n      Say the [terms](https://example.com/terms) and [up](../../etc/passwd).\n"
)


def test_broken_markdown_links_in_tree_texts_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = site(tmp_path, "", {"a.yml": LINKING_TREE})
    assert check(root, monkeypatch, capsys)[1] == (
        "decision_trees/a.yml:8:16: error[broken-link] a link in 'nodes.done.help' points to "
        "'policies/refnd.md', which is not a file in the docs directory\n"
        "decision_trees/a.yml:10:28: error[broken-link] a link in 'nodes.done.callouts.0.text' "
        "points to 'forms/x.md', which is not a file in the docs directory\n"
        "decision_trees/a.yml:11:13: error[invalid-link] a link in 'nodes.done.script' points "
        "to '../../etc/passwd', which is outside the docs directory\n"
    )


def test_markdown_links_to_pages_of_the_site_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tree = (
        LINKING_TREE.replace("policies/refnd.md#limits", "index.md#t")  # its heading "# T"
        .replace("forms/x.md", "index.md")
        .replace("../../etc/passwd", "index.md")
    )
    root = site(tmp_path, "", {"a.yml": tree})
    assert check(root, monkeypatch, capsys) == (0, "", "No problems in 1 file.\n")
