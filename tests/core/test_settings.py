"""The plugin's options: declared once in the core, read the same by ``sopkit check``
and by ``mkdocs build``, every problem reported with where it is."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sopkit.cli import main
from sopkit.integrations.mkdocs_config import SopkitConfig
from sopkit.settings import Settings, read_settings
from tests.conftest import SITE_FIXTURE, copy_project, run_build

HINT = "\n    hint: the options are listed in the README's quick reference"


def with_options(project: Path, options: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("  - sopkit\n") == 1
    config.write_text(text.replace("  - sopkit\n", f"  - sopkit:\n{options}"), encoding="utf-8")


CASES = [
    (
        "unknown option",
        "      papr: letter\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'papr': unknown option "
        "(did you mean 'paper'?)",
    ),
    (
        "paper",
        "      paper: A4\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'paper': expected one of 'a4' or "
        "'letter', found 'A4'",
    ),
    (
        "review period",
        "      review_every_days: 0\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'review_every_days': expected a "
        "positive whole number of days, found 0",
    ),
    (
        "language code",
        "      languages: [en, Spanish]\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'languages': expected a language "
        "code such as 'en', 'es' or 'pt-BR', found 'Spanish'",
    ),
    (
        "default language not listed",
        "      languages: [en, es]\n      default_language: fr\n",
        "mkdocs.yml:27:7: error[bad-setting] sopkit option 'default_language': 'fr' is not "
        "one of 'languages' (en, es)",
    ),
    (
        "ui string key",
        "      ui_strings:\n        es: {bak: Atrás}\n",
        "mkdocs.yml:27:14: error[bad-setting] sopkit option 'ui_strings': 'es.bak' is not one "
        "of sopkit's UI strings (did you mean 'back'?)",
    ),
    (
        "flag",
        "      pdf: 'no'\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'pdf': expected true or false, "
        "found 'no'",
    ),
    (
        "reference date of the changes",
        "      changes_as_of: last week\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'changes_as_of': expected a date "
        "written YYYY-MM-DD, found 'last week'",
    ),
    (
        # YAML reads it as a date, and PyYAML would raise on a month 13.
        "a date that does not exist",
        "      changes_as_of: 2026-13-01\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'changes_as_of': expected a date "
        "written YYYY-MM-DD, found '2026-13-01'",
    ),
    (
        "idle time of a call",
        "      call_idle_minutes: 0\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'call_idle_minutes': expected a whole "
        "number of minutes from 1 to 1440 (24 hours), found 0",
    ),
]


@pytest.mark.parametrize(("name", "options", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_reports_a_bad_option_where_it_is_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    options: str,
    expected: str,
) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    with_options(project, options)
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    assert capsys.readouterr().out == expected + HINT + "\n"


def test_every_problem_is_reported_at_once() -> None:
    _, problems = read_settings({"paper": "A5", "pdf": "no", "colour": "red"})
    assert sorted(problems) == ["colour", "paper", "pdf"]


def test_a_good_option_is_read_as_written() -> None:
    settings, problems = read_settings(
        {"paper": "letter", "languages": ["en", "es"], "ui_strings": {"es": {"back": "Volver"}}}
    )
    assert problems == {}
    assert settings.paper == "letter"
    assert settings.languages == ("en", "es")
    assert settings.ui_strings["es"]["back"] == "Volver"
    assert settings.pdf is True  # the default


def test_the_mkdocs_config_wraps_every_option_of_the_core() -> None:
    declared = [name for name, _ in SopkitConfig._schema]
    assert declared == [option.name for option in dataclasses.fields(Settings)]


def test_the_build_stops_on_a_bad_option_with_the_same_words(tmp_path: Path) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    with_options(project, "      paper: A4\n      colour: red\n")
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 1
    assert "expected one of 'a4' or 'letter', found 'A4'" in build.log
    assert not (tmp_path / "out").exists()


def test_the_build_names_an_unknown_option_and_a_likely_one(tmp_path: Path) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    with_options(project, "      papr: letter\n")
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 1
    assert "unknown option (did you mean 'paper'?)" in build.log


def test_enabled_false_turns_sopkit_off(tmp_path: Path) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    with_options(project, "      enabled: false\n")
    build = run_build(project, tmp_path / "out")
    assert build.returncode == 0, build.log
    page = (tmp_path / "out" / "router" / "index.html").read_text(encoding="utf-8")
    assert "data-sopkit-tree" not in page
    assert "sopkit/" not in page  # no player script or style
    assert not (tmp_path / "out" / "job-aids").exists()
