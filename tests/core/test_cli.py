"""``sopkit check``: discovery, output formats and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sopkit.cli import main
from tests.conftest import ROOT, SITE_FIXTURE

GOOD = (
    "title: {en: T, es: T}\nstart: done\nnodes:\n  done:\n    type: outcome\n"
    "    result: stop\n    text: {en: Done, es: Hecho}\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_trees_are_clean(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    code, out, err = run(capsys, "check", "--strict")
    count = len(list((ROOT / "decision_trees").glob("*.yml")))
    assert (code, out, err) == (0, "", f"No problems in {count} files.\n")


def test_default_path_is_found_from_a_subdirectory(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = shutil.copytree(SITE_FIXTURE, tmp_path / "site")
    monkeypatch.chdir(site / "docs")
    code, _, err = run(capsys, "check")
    assert (code, err) == (0, "No problems in 2 files.\n")


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    trees = tmp_path / "decision_trees"
    trees.mkdir()
    (trees / "good.yml").write_text(GOOD)
    (trees / "bad.yml").write_text(GOOD.replace("start: done", "start: dnoe"))
    (trees / "half.yml").write_text(GOOD.replace("text: {en: Done, es: Hecho}", "text: Done"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_errors_exit_1_with_locations(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code, out, err = run(capsys, "check")
    assert code == 1
    assert out == (
        "decision_trees/bad.yml:2:8: error[unknown-start] 'start' points to 'dnoe', which is "
        "not a node of this tree (did you mean 'done'?)\n"
        "decision_trees/half.yml:7:11: warning[missing-translation] 'nodes.done.text' has no "
        "'es' text; the 'es' page shows the 'en' text, marked as not translated\n"
    )
    assert err == "1 error, 1 warning in 3 files.\n"


def test_github_annotations(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code, out, _ = run(capsys, "check", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=decision_trees/bad.yml,line=2,col=8,title=unknown-start::'start' points "
        "to 'dnoe', which is not a node of this tree (did you mean 'done'?)",
        "::warning file=decision_trees/half.yml,line=7,col=11,title=missing-translation::"
        "'nodes.done.text' has no 'es' text; the 'es' page shows the 'en' text, marked as not "
        "translated",
    ]


def test_json_output(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    code, out, _ = run(capsys, "check", "--format", "json", "decision_trees/bad.yml")
    assert code == 1
    assert json.loads(out) == [
        {
            "code": "unknown-start",
            "severity": "error",
            "file": "decision_trees/bad.yml",
            "line": 2,
            "col": 8,
            "message": "'start' points to 'dnoe', which is not a node of this tree "
            "(did you mean 'done'?)",
            "hint": None,
        }
    ]


def test_warnings_fail_only_with_strict(capsys: pytest.CaptureFixture[str], broken: Path) -> None:
    assert run(capsys, "check", "decision_trees/half.yml")[0] == 0
    assert run(capsys, "check", "--strict", "decision_trees/half.yml")[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["check", "missing.yml"], "no such file or directory: missing.yml"),
        (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_bad_usage_exits_2(
    capsys: pytest.CaptureFixture[str], broken: Path, args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        raise SystemExit(main(args))
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert message in err


def test_garbage_never_gives_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trees = tmp_path / "decision_trees"
    trees.mkdir()
    (trees / "binary.yml").write_bytes(bytes(range(256)))
    (trees / "tabs.yml").write_text("title:\t[\n\t- x: {")
    (trees / "scalar.yml").write_text("just words\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert "Traceback" not in out
    located = [line for line in out.splitlines() if not line.startswith(" ")]
    assert [line.split(" ", 2)[1] for line in located] == [
        "error[not-utf8]",
        "error[wrong-type]",
        "error[yaml-syntax]",
    ]


def test_languages_without_mkdocs_yml_come_from_the_trees(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fr.yml").write_text(
        "title: {fr: Titre, de: Titel}\nstart: done\nnodes:\n  done:\n    type: outcome\n"
        "    result: stop\n    text: {fr: Fini}\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "check", "fr.yml")
    assert code == 0
    assert out == (
        "fr.yml:7:11: warning[missing-translation] 'nodes.done.text' has no 'de' text; the "
        "'de' page shows the 'fr' text, marked as not translated\n"
    )
