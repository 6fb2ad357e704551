"""No file of the project, nor of a repository ``sopkit init`` makes, names a namespace
on a Git host that the project does not own: following such a link would run, or trust,
a stranger's code. Allowed: GitHub's own actions, and upstream projects that
docs/upstream/ names."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from sopkit.editors.init import repository_files
from tests.conftest import ROOT

HOSTS = "|".join(
    re.escape(host)
    for host in (
        "github.com",
        "gist.github.com",
        "raw.githubusercontent.com",
        "gitlab.com",
        "bitbucket.org",
        "codeberg.org",
        "git.sr.ht",
    )
)
URL_RE = re.compile(rf"(?:https?://|git@|git://)(?:www\.)?(?:{HOSTS})[/:]~?([\w.-]+)", re.I)
# `uses: owner/action@ref` in a GitHub workflow names a repository on github.com too.
USES_RE = re.compile(r"^\s*-?\s*uses:\s*[\"']?([\w.-]+)/", re.M)
ALLOWED = {"actions"}


def allowed() -> set[str]:
    names = set(ALLOWED)
    for page in sorted((ROOT / "docs/upstream").glob("*.md")):
        names |= {match.group(1).lower() for match in URL_RE.finditer(page.read_text())}
    return names


def foreign_namespaces(text: str) -> set[str]:
    found = {match.group(1) for match in URL_RE.finditer(text)}
    found |= {match.group(1) for match in USES_RE.finditer(text)}
    return {name for name in found if name.lower() not in allowed()}


def project_files() -> dict[str, str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    texts = {}
    for name in filter(None, listed.split("\0")):
        try:
            texts[name] = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # binary, or deleted in the work tree
    return texts


def test_the_check_finds_a_namespace_in_a_url_and_in_a_workflow() -> None:
    # Put together here, so that this file itself names no namespace.
    stranger = "https://" + "github.com/" + "someone/tool"
    other = "git@" + "gitlab.com:" + "other/x.git"
    assert foreign_namespaces(f"see {stranger}, or {other}") == {
        "someone",
        "other",
    }
    assert foreign_namespaces("    - uses: someone/setup-thing@v1\n") == {"someone"}
    assert foreign_namespaces("    - uses: actions/checkout@v4\n") == set()


def test_no_project_file_names_a_foreign_namespace() -> None:
    files = project_files()
    assert "pyproject.toml" in files and ".github/workflows/ci.yml" in files
    found = {name: foreign_namespaces(text) for name, text in files.items()}
    assert {name: spaces for name, spaces in found.items() if spaces} == {}


def test_no_file_of_a_new_content_repository_names_a_foreign_namespace() -> None:
    files = repository_files("Support", dt.date(2026, 12, 1))
    assert ".github/workflows/sopkit.yml" in files
    found = {name: foreign_namespaces(text) for name, text in files.items()}
    assert {name: spaces for name, spaces in found.items() if spaces} == {}
