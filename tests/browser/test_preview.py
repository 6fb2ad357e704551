"""``sopkit preview``: the real player runs on the preview page, and follows a save."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sopkit.integrations.preview import PreviewServer, serving
from sopkit.integrations.site import load_site
from tests.conftest import SITE_FIXTURE, copy_project

from .conftest import Tab
from .player import answer, at

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PreviewServer]:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    monkeypatch.chdir(project)
    with serving(load_site(project), "router", port=0, shown_from=project) as server:
        yield server


def test_the_player_plays_and_the_page_reloads_on_save(tab: Tab, preview: PreviewServer) -> None:
    tab.goto(preview.url.replace("/router/", "/es/router/"))
    at(tab.page, "router", "lights")
    answer(tab.page, "router", "No")
    at(tab.page, "router", "power")
    tree = Path("decision_trees/router.yml")
    time.sleep(0.01)
    tree.write_text(
        tree.read_text("utf-8").replace("Transfiera a soporte", "Pase a soporte"), "utf-8"
    )
    # The reload module sees the save; the player comes back at the same step.
    tab.page.get_by_text("Pase a soporte de hardware").first.wait_for(timeout=5000)
    tab.page.wait_for_selector("section.sopkit-tree[data-sopkit-ready]", state="attached")
    at(tab.page, "router", "power")
