"""Time boxes: how editors write them, the errors that say how to fix them, and the
words the guide and the job aid print (how long, and what to do when time is up)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit import Languages, PageContext, check_paths, render_guide
from sopkit.model import Tree
from sopkit.problems import format_problems
from sopkit.render.jobaid import JobAid, render_jobaid

LANGS = Languages.of(["en", "es"])
TREE = """\
title: {en: T, es: T}
start: wait
nodes:
  wait:
    type: step
    text: {en: Wait, es: Espere}
    timebox: VALUE
    next: ask
  ask:
    type: question
    text: {en: Fixed?, es: ¿Resuelto?}
    timebox: 20m
    answers:
      - {label: {en: Yes, es: Sí}, next: done}
      - {label: {en: No, es: No}, next: retry}
  retry:
    type: step
    text: {en: Retry, es: Reintente}
    timebox: 1h30m
    next: up
  up:
    type: outcome
    result: escalate
    text: {en: Escalate, es: Escale}
  done:
    type: outcome
    result: resolve
    text: {en: Close, es: Cierre}
"""


def load(tmp_path: Path, text: str) -> tuple[str, dict[str, Tree]]:
    path = tmp_path / "t.yml"
    path.write_text(text, encoding="utf-8")
    result = check_paths([path], LANGS, root=tmp_path)
    return format_problems(result.problems, "text"), dict(result.trees)


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ("30s", 30),
        ("90s", 90),
        ("20m", 1200),
        ("1h30m", 5400),
        ("1h 30m", 5400),
        ("1m30s", 90),
        ("24h", 86400),
        ("20", 1200),  # a plain number is minutes, as before
        ("0.5", 30),
        ("{minutes: 3}", 180),  # the older form
        ("'45s'", 45),
    ],
)
def test_a_time_box_is_written_as_an_editor_reads_it(
    tmp_path: Path, written: str, seconds: int
) -> None:
    problems, trees = load(tmp_path, TREE.replace("VALUE", written))
    assert problems == ""
    timebox = trees["t"].nodes["wait"].timebox
    assert timebox is not None and timebox.seconds == seconds


ZERO_HINT = "    hint: write how long the step may take, e.g. 'timebox: 30s' or 'timebox: 5m'"
HOW = (
    "    hint: write the number, then s for seconds, m for minutes or h for hours "
    "(e.g. 'timebox: 30s', 'timebox: 20m', 'timebox: 1h30m'); a plain number is minutes"
)
AT = "t.yml:7:14: error[invalid-timebox] "


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0", AT + "'timebox' must be longer than zero, found '0'\n" + ZERO_HINT),
        ("0s", AT + "'timebox' must be longer than zero, found '0s'\n" + ZERO_HINT),
        (
            "1m2m",
            AT + "'timebox' must be a duration such as 30s, 20m or 1h30m, found '1m2m'\n" + HOW,
        ),
        ("-5", AT + "'timebox' must be longer than zero, found '-5'\n" + ZERO_HINT),
        (
            "10x",
            AT + "'timebox' must be a duration such as 30s, 20m or 1h30m, found '10x'\n" + HOW,
        ),
        (
            "30m1h",
            AT + "'timebox' must be a duration such as 30s, 20m or 1h30m, found '30m1h'\n"
            "    hint: write 'timebox: 1h30m'",
        ),
        (
            "20 min",
            AT + "'timebox' must be a duration such as 30s, 20m or 1h30m, found '20 min'\n"
            "    hint: write 'timebox: 20m'",
        ),
        (
            "1 hour 30 minutes",
            AT + "'timebox' must be a duration such as 30s, 20m or 1h30m, found "
            "'1 hour 30 minutes'\n    hint: write 'timebox: 1h30m'",
        ),
        (
            "1:30",
            AT + "'timebox' must be a duration such as 30s, 20m or 1h30m, found '1:30'\n"
            "    hint: for 1 minute 30 seconds write 'timebox: 1m30s'",
        ),
        (
            "1800",
            AT + "'timebox' is 1800 minutes (30 hours), longer than the 24 hours a time box "
            "may last\n"
            "    hint: a plain number is minutes: for 1800 seconds write 'timebox: 1800s'",
        ),
        (
            "25h",
            AT + "'timebox' is 25h (25 hours), longer than the 24 hours a time box may last\n"
            "    hint: a time box is for one step of a call: write at most 24h, "
            "e.g. 'timebox: 20m'",
        ),
        (
            "99999999999999999999999999999999999999999999999999",
            AT + "'timebox' is 9999999999999999999999999999999999999... minutes, longer than "
            "the 24 hours a time box may last\n"
            "    hint: a time box is for one step of a call: write at most 24h, "
            "e.g. 'timebox: 20m'",
        ),
        (
            "0.001",
            AT + "'timebox' is 0.001 minutes, less than the 1 second a time box must last\n"
            "    hint: a plain number is minutes: write seconds with s, e.g. 'timebox: 30s'",
        ),
        (
            "",
            "t.yml:7:13: error[wrong-type] 'timebox' must be a duration such as 30s, 20m or "
            "1h30m (a plain number is minutes), found nothing",
        ),
        (
            "[30s]",
            "t.yml:7:14: error[wrong-type] 'timebox' must be a duration such as 30s, 20m or "
            "1h30m (a plain number is minutes), found a list",
        ),
        (
            "{minutes: 20m}",
            "t.yml:7:24: error[wrong-type] 'minutes' must be a number of minutes, found '20m'",
        ),
        (
            "{seconds: 30}",
            "t.yml:7:14: error[missing-key] a timebox has no 'minutes', which is required\n"
            "t.yml:7:15: error[unknown-key] unknown key 'seconds' in a timebox\n"
            "    hint: a timebox takes: minutes",
        ),
    ],
)
def test_a_time_box_sopkit_cannot_use_is_located_with_the_fix(
    tmp_path: Path, written: str, expected: str
) -> None:
    problems, _ = load(tmp_path, TREE.replace("VALUE", written))
    assert problems == expected


def test_timeup_without_a_time_box_is_located_with_the_fix(tmp_path: Path) -> None:
    text = TREE.replace("    timebox: 1h30m\n", "    timeup: {en: Call back, es: Llame}\n")
    problems, _ = load(tmp_path, text.replace("VALUE", "30s"))
    assert problems == (
        "t.yml:19:13: error[timeup-without-timebox] node 'retry' has a 'timeup' text but no "
        "'timebox': the text is shown when a time box runs out\n"
        "    hint: add how long the step may take, e.g. 'timebox: 5m', or remove 'timeup'"
    )


def test_timeup_is_a_text_checked_for_translation(tmp_path: Path) -> None:
    text = TREE.replace("VALUE", "30s\n    timeup: Call back")
    problems, _ = load(tmp_path, text)
    assert problems == (
        "t.yml:8:13: warning[missing-translation] 'nodes.wait.timeup' has no 'es' text; the "
        "'es' page shows the 'en' text, marked as not translated"
    )


def test_timeup_is_not_a_key_of_an_outcome(tmp_path: Path) -> None:
    text = TREE.replace("VALUE", "30s").replace(
        "    text: {en: Close, es: Cierre}\n", "    text: {en: Close, es: Cierre}\n    timeup: x\n"
    )
    problems, _ = load(tmp_path, text)
    assert problems.startswith("t.yml:29:5: error[unknown-key] unknown key 'timeup' in an outcome")


def timebox_lines(html: str) -> list[str]:
    return [line for line in html.splitlines() if 'timebox">' in line]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                '<p class="sopkit-timebox">Time box: 1 minute 30 seconds. When time is up: '
                '<span class="sopkit-timebox__then">Call <strong>back</strong>.</span></p>',
                '<p class="sopkit-timebox">Time box: 20 minutes. When time is up: '
                '<span class="sopkit-timebox__then">answer with what you know now.</span></p>',
                '<p class="sopkit-timebox">Time box: 1 hour 30 minutes. When time is up: '
                '<span class="sopkit-timebox__then">go to step 4 (Escalate).</span></p>',
            ],
        ),
        (
            "es",
            [
                '<p class="sopkit-timebox">Tiempo límite: 1 minuto 30 segundos. Cuando se acabe '
                'el tiempo: <span class="sopkit-timebox__then">Vuelva a <strong>llamar</strong>.'
                "</span></p>",
                '<p class="sopkit-timebox">Tiempo límite: 20 minutos. Cuando se acabe el tiempo: '
                '<span class="sopkit-timebox__then">responda con lo que sabe hasta ahora.</span>'
                "</p>",
                '<p class="sopkit-timebox">Tiempo límite: 1 hora 30 minutos. Cuando se acabe el '
                'tiempo: <span class="sopkit-timebox__then">vaya al paso 4 (Escalar).</span></p>',
            ],
        ),
    ],
)
def test_the_guide_says_how_long_and_what_to_do_when_time_is_up(
    tmp_path: Path, lang: str, lines: list[str]
) -> None:
    text = TREE.replace("VALUE", "90s\n    timeup: {en: Call **back**., es: Vuelva a **llamar**.}")
    problems, trees = load(tmp_path, text)
    assert problems == ""
    html = render_guide(trees["t"], PageContext(lang=lang, languages=LANGS))
    assert timebox_lines(html) == lines


def test_a_step_before_a_question_says_go_on_never_escalate(tmp_path: Path) -> None:
    problems, trees = load(tmp_path, TREE.replace("VALUE", "30s"))
    assert problems == ""
    html = render_guide(trees["t"], PageContext(lang="en", languages=LANGS))
    assert timebox_lines(html)[0] == (
        '<p class="sopkit-timebox">Time box: 30 seconds. When time is up: '
        '<span class="sopkit-timebox__then">go to step 2.</span></p>'
    )


def test_the_job_aid_prints_the_same_time_box_line(tmp_path: Path) -> None:
    text = TREE.replace("VALUE", "30s\n    timeup: {en: Hang up., es: Cuelgue.}")
    _, trees = load(tmp_path, text)
    html = render_jobaid(
        trees["t"],
        PageContext(lang="es", languages=LANGS),
        JobAid(source="decision_trees/t.yml"),
    )
    assert (
        '<p class="jobaid-timebox">Tiempo límite: 30 segundos. Cuando se acabe el tiempo: '
        '<span class="sopkit-timebox__then">Cuelgue.</span></p>'
    ) in html
