"""``sopkit preview TREE``: the tree's guide on its own, both languages, reloaded on save."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from sopkit.cli import main
from sopkit.compile import catalog
from sopkit.integrations.preview import PreviewServer, serving
from sopkit.integrations.site import load_site
from tests.conftest import SITE_FIXTURE, copy_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(SITE_FIXTURE, tmp_path / "site")


@pytest.fixture
def server(project: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PreviewServer]:
    monkeypatch.chdir(project)
    with serving(load_site(project), "printer", port=0, shown_from=project) as running:
        yield running


def base(server: PreviewServer) -> str:
    return server.url.removesuffix("printer/")


def fetch(url: str) -> str:
    with urlopen(url, timeout=10) as answer:
        return str(answer.read().decode("utf-8"))


def status(url: str) -> int:
    try:
        with urlopen(url, timeout=10) as answer:
            return int(answer.status)
    except HTTPError as exc:
        return exc.code


def save(project: Path, old: str, new: str) -> None:
    """Edit the printer tree as an editor's save does (a new modification time)."""
    path = project / "decision_trees" / "printer.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    time.sleep(0.01)  # coarse file-system clocks: a save must look new
    path.write_text(text.replace(old, new), encoding="utf-8")


def version(server: PreviewServer, page: str) -> str:
    return fetch(base(server) + f"__sopkit/version?page={page}")


def test_the_guide_is_served_in_both_languages_with_the_player(server: PreviewServer) -> None:
    english = fetch(server.url)
    assert '<html lang="en"' in english
    assert 'data-sopkit-tree="printer"' in english
    assert "Is paper stuck?" in english
    assert '<script type="module" src="/assets/sopkit/player.mjs">' in english
    assert '<a href="/es/printer/" hreflang="es">es</a>' in english
    spanish = fetch(base(server) + "es/printer/")
    assert '<html lang="es"' in spanish
    assert "¿Hay papel atascado?" in spanish
    assert "export class Player" in fetch(base(server) + "assets/sopkit/player.mjs")
    assert status(base(server) + "fr/printer/") == 404
    assert status(base(server) + "nothing/") == 404
    assert status(base(server) + "assets/sopkit/../cli.py") == 404


def test_a_save_changes_the_version_and_the_page(server: PreviewServer, project: Path) -> None:
    before = version(server, "/es/printer/")
    assert 'data-sopkit-preview="' + before + '"' in fetch(base(server) + "es/printer/")
    save(project, "Atasco de impresora", "Atasco de papel")
    assert version(server, "/es/printer/") != before
    assert "<title>Atasco de papel</title>" in fetch(base(server) + "es/printer/")


def test_a_bad_save_shows_the_located_problem_and_a_fix_brings_the_guide_back(
    server: PreviewServer, project: Path
) -> None:
    save(project, "next: done\n      - label: {en: No", "next: dnoe\n      - label: {en: No")
    page = fetch(server.url)
    assert "1 problem in this tree" in page
    assert "<code>decision_trees/printer.yml:9:15</code> error[unknown-next]" in page
    assert "&#39;dnoe&#39;" in page  # the message names what was written
    assert "data-sopkit-tree" not in page
    save(project, "next: dnoe", "next: done")
    page = fetch(server.url)
    assert "problem" not in page
    assert 'data-sopkit-tree="printer"' in page


def test_a_hand_off_leads_to_the_other_trees_preview(server: PreviewServer) -> None:
    page = fetch(base(server) + "es/router/")
    assert 'href="/es/printer/' in page


def test_naming_a_tree_that_is_not_there_is_a_usage_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    assert main(["preview", "prnter"]) == 2
    assert capsys.readouterr().err == (
        "sopkit: error: no tree 'prnter' in decision_trees (name its id or its file)\n"
    )
    assert main(["preview", "decision_trees/missing.yml"]) == 2
    assert (
        capsys.readouterr().err == "sopkit: error: no such tree file: decision_trees/missing.yml\n"
    )


def test_a_save_reads_the_saved_tree_and_those_it_hands_off_to_only(
    server: PreviewServer, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What makes a save show as fast in a site of a thousand trees as in one of two.
    read: list[str] = []
    load_bytes = catalog.load_bytes

    def counting(data: bytes, shown: str) -> Any:
        read.append(shown)
        return load_bytes(data, shown)

    monkeypatch.setattr(catalog, "load_bytes", counting)
    (project / "decision_trees" / "other.yml").write_text(
        (project / "decision_trees" / "printer.yml").read_text("utf-8"), "utf-8"
    )
    fetch(server.url)
    assert read == ["decision_trees/printer.yml"]
    save(project, "Atasco de impresora", "Atasco de papel")
    fetch(base(server) + "es/printer/")
    assert read == ["decision_trees/printer.yml"] * 2
    read.clear()
    fetch(base(server) + "es/router/")  # it hands off to the printer tree
    assert read == ["decision_trees/router.yml"]
