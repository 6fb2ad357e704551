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
    (
        "where events go",
        "      events: google\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'events': expected one of 'off', "
        "'ga4', 'matomo', 'plausible' or 'beacon', found 'google'",
    ),
    (
        "beacon without an address",
        "      events: beacon\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'events': 'beacon' needs "
        "'events_url', the address each event is posted to",
    ),
    (
        "events posted over plain http",
        "      events: beacon\n      events_url: http://collect.example/e\n",
        "mkdocs.yml:27:7: error[bad-setting] sopkit option 'events_url': expected an https:// "
        "address or a path of this site starting with '/', found 'http://collect.example/e'",
    ),
    (
        "report address of another kind",
        "      report_problem_url: javascript:alert(1)\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'report_problem_url': expected an "
        "https:// address (an issue tracker's new-issue page) or a mailto: address, found "
        "'javascript:alert(1)'",
    ),
    (
        "report placeholder misspelt",
        "      report_problem_url: 'mailto:kb@example.com?subject={tree}%20{step}'\n",
        "mkdocs.yml:26:7: error[bad-setting] sopkit option 'report_problem_url': '{step}' is "
        "not a placeholder of report_problem_url; it may use {tree}, {node}, {version}, "
        "{lang}, {page}",
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


def test_events_are_off_unless_a_sink_is_named() -> None:
    assert Settings().insight.events == "off"
    # YAML reads a bare `off` as false.
    settings, problems = read_settings({"events": False, "report_problem_url": None})
    assert (settings.events, settings.report_problem_url, problems) == ("off", None, {})
    settings, problems = read_settings({"events": "beacon", "events_url": "/collect"})
    assert problems == {}
    assert (settings.insight.events, settings.insight.events_url) == ("beacon", "/collect")


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
