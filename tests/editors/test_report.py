"""``sopkit report``: the usage of each guide, counted exactly from a small event file."""

from __future__ import annotations

import html
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench.events import event_lines

from sopkit.cli import main
from sopkit.editors.usage import Usage, bucket_of, bucket_value
from sopkit.render.usage import HEAT
from tests.conftest import SITE_FIXTURE, copy_project


class Calls:
    """Writes event lines as the player sends them, one call at a time."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def call(self, lang: str = "en", tree: str = "router") -> Iterator[None]:
        self.count += 1
        self.base = {"v": 1, "tree": tree, "hash": "47c0be6b20cb", "lang": lang,
                     "page": "/router/", "call": f"{self.count:024x}",
                     "at": "2026-12-03T10:00:00.000Z"}  # fmt: skip
        yield

    def __call__(self, event: str, node: str, **extra: object) -> None:
        self.lines.append(json.dumps({**self.base, "event": event, "node": node, **extra}))


def events() -> str:
    """Six calls through the router fixture (five in English, one in Spanish)."""
    e = Calls()
    for _ in e.call():  # resolved
        e("start", "lights", resumed=False)
        e("step", "lights")
        e("answer", "lights", answer="yes")
        e("step", "restart", **{"from": "lights", "ms": 1000})
        e("step", "fixed", **{"from": "restart", "ms": 60_000})
        e("answer", "fixed", answer="yes")
        e("step", "resolved", **{"from": "fixed", "ms": 2000})
        e("outcome", "resolved", result="resolve")
    for _ in e.call():  # handed off to the printer
        e("start", "lights", resumed=False)
        e("step", "lights")
        e("answer", "lights", answer="yes")
        e("step", "restart", **{"from": "lights", "ms": 3000})
        e("step", "fixed", **{"from": "restart", "ms": 120_000})
        e("answer", "fixed", answer="no")
        e("step", "escalate", **{"from": "fixed", "ms": 4000})
        e("goto", "escalate", to="printer")
    for _ in e.call():  # transferred, note copied
        e("start", "lights", resumed=False)
        e("step", "lights")
        e("answer", "lights", answer="no")
        e("step", "power", **{"from": "lights", "ms": 5000})
        e("outcome", "power", result="transfer")
        e("note-copied", "power")
    for _ in e.call():  # resumed, then left
        e("start", "lights", resumed=True)
        e("step", "lights")
        e("abandon", "lights", ms=7000)
    for _ in e.call():  # restarted, then left
        e("start", "lights", resumed=False)
        e("step", "lights")
        e("answer", "lights", answer="yes")
        e("step", "restart", **{"from": "lights", "ms": 2000})
        e("restart", "restart", ms=500)
        e("start", "lights", resumed=False)
        e("step", "lights")
        e("abandon", "lights", ms=100)
    for _ in e.call(lang="es"):
        e("start", "lights", resumed=False)
        e("step", "lights")
        e("answer", "lights", answer="no")
        e("step", "power", **{"from": "lights", "ms": 1500})
        e("outcome", "power", result="transfer")
    return "\n".join(e.lines) + "\n"


MALFORMED = [
    b"not json",
    b'{"event": "step"}',
    b"[1, 2]",
    b'{"v":1,"event":"fly","tree":"router","node":"lights","lang":"en"}',
    b'{"v":1,"event":"step","tree":"router","node":"lights","lang":"en","ms":-4}',
    b'{"v":1,"event":"answer","tree":"router","node":"lights","lang":"en"}',
    b"\xff\xfe broken bytes",
]

ENGLISH = """\
## Router is offline (router, en)

Started 5 times (1 resumed); restarted 1 time; case note copied 1 time.

### Completions by outcome

| outcome | result | reached | of starts |
|---|---:|---:|---:|
| 2. Transfer to hardware support [power] | transfer | 1 | 20.0% |
| 5. Close the case as resolved [resolved] | resolve | 1 | 20.0% |

### Left before an outcome

| step | left there | of starts |
|---|---:|---:|
| 1. Is the power light on? [lights] | 2 | 40.0% |

### Hand-offs

| step | to | times |
|---|---:|---:|
| 6. [escalate] | printer | 1 |

### Time per step

| step | timed | median | 90th percentile |
|---|---:|---:|---:|
| 1. Is the power light on? [lights] | 4 | ≈ 2.1 s | ≈ 4.7 s |
| 3. Restart the router [restart] | 2 | ≈ 59.6 s | ≈ 2.0 min |
| 4. Is it working now? [fixed] | 2 | ≈ 2.1 s | ≈ 4.2 s |

### Answers: 1. Is the power light on? [lights]

| answer | chosen | share |
|---|---:|---:|
| Yes [yes] | 3 | 75.0% |
| No [no] | 1 | 25.0% |

### Answers: 4. Is it working now? [fixed]

| answer | chosen | share |
|---|---:|---:|
| No [no] | 1 | 50.0% |
| Yes [yes] | 1 | 50.0% |
"""

SPANISH_HEAD = """\
## El router está sin conexión (router, es)

Started 1 time (0 resumed); restarted 0 times; case note copied 0 times.
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture site, as the working directory, with the events file beside it."""
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    (project / "events.jsonl").write_bytes(
        events().encode() + b"\n".join(MALFORMED[:3]) + b"\n" + b"\n".join(MALFORMED[3:]) + b"\n"
    )
    monkeypatch.chdir(project)
    return project


def test_the_report_counts_every_tree_and_language_exactly(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "events.jsonl"]) == 0
    out, err = capsys.readouterr()
    lines = len(events().splitlines()) + len(MALFORMED)
    assert out.startswith(
        "# Usage of the guides\n\n"
        f"From {lines} lines of events.  \n"
        "7 lines were not an event of the schema, and skipped (the first at "
        f"events.jsonl:{lines - len(MALFORMED) + 1}).  \n"
        "Times are approximate (≈): counted in log-scale buckets about 12% wide, so memory "
        "stays flat however many events there are.  \n\n"
    )
    assert ENGLISH in out
    assert SPANISH_HEAD in out
    assert out.index(ENGLISH) < out.index(SPANISH_HEAD)
    assert err == (
        f"sopkit: 7 of {lines} lines skipped, not events of the schema "
        f"(the first at events.jsonl:{lines - len(MALFORMED) + 1})\n"
    )


def test_the_report_reads_standard_input_and_writes_files(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(events().encode())))
    assert main(["report", "-", "--output", "usage.md", "--html", "usage.html"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", "")
    text = (site / "usage.md").read_text(encoding="utf-8")
    assert f"From {len(events().splitlines())} lines of events.  \n" in text
    assert ENGLISH in text
    page = (site / "usage.html").read_text(encoding="utf-8")
    # The Map view's chart, each box filled by how often it was shown ("lights" most).
    english = html.unescape(page[page.index("(router, en)") : page.index("(router, es)")])
    lights = re.search(r'id="sopkit-map--router--lights".*?fill="([^"]+)"', english, re.S)
    power = re.search(r'id="sopkit-map--router--power".*?fill="([^"]+)"', english, re.S)
    assert lights is not None and power is not None
    assert (lights.group(1), power.group(1)) == (HEAT[-1], HEAT[1])
    assert "shown 6, left 2" in english
    assert "75%" in english  # the share of "Yes" on its arrow
    assert "<td>Yes [yes]</td><td>3</td><td>75.0%</td>" in english
    assert "<script" not in page


def test_an_unreadable_events_file_is_named(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "events.jsonl", "missing.jsonl"]) == 2
    assert capsys.readouterr().err == (
        "sopkit: error: missing.jsonl: cannot read this events file (No such file or "
        "directory); name files of event lines, or - for standard input\n"
    )


def test_events_of_an_unknown_tree_are_reported_by_their_ids(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "other.jsonl").write_text(
        "".join(line.replace('"router"', '"gone"') for line in events().splitlines(True))
    )
    assert main(["report", "other.jsonl"]) == 0
    out = capsys.readouterr().out
    assert "## gone (en; not a tree of this site)" in out
    assert "| [lights] | 4 | ≈ 2.1 s | ≈ 4.7 s |" in out


def test_buckets_keep_times_within_six_percent() -> None:
    for ms in (1, 7, 450, 2000, 61_000, 3_600_000):
        assert abs(bucket_value(bucket_of(ms)) - ms) / ms < 0.06
    assert bucket_value(bucket_of(0.2)) == 0.0


def test_the_generated_events_are_all_read() -> None:
    usage = Usage()
    usage.read(io.BytesIO("".join(event_lines(20_000)).encode()), "generated")
    assert (usage.lines, usage.malformed) == (20_000, 0)
    assert len(usage.trees) <= 40  # 20 trees, 2 languages: counts, whatever the lines
