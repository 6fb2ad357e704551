"""The search index of a built site: the i18n plugin's entries plus each guide's keywords."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from sopkit import load_tree
from sopkit.integrations import mkdocs_plugin
from sopkit.render.search import KEYWORDS_BOOST, keyword_terms
from tests.conftest import ROOT, SITE_FIXTURE, Build, copy_project
from tests.core.test_search import i18n_without_copies

NO_JOB_AIDS = "  - sopkit:\n      pdf: false\n      flowchart: false\n"


def build_in_process(project: Path, site: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    build(config)


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[Any]]:
    """The demo's index as sopkit writes it, and the entries Material collected for it."""
    project = tmp_path_factory.mktemp("search") / "demo"
    project.mkdir()
    for name in ("docs", "decision_trees"):
        copy_project(ROOT / name, project / name)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - sopkit\n" in text
    (project / "mkdocs.yml").write_text(text.replace("  - sopkit\n", NO_JOB_AIDS), "utf-8")
    collected: list[Any] = []
    write_index = mkdocs_plugin.search_index

    def spy(config: Any, entries: Any, **options: Any) -> dict[str, Any]:
        collected.extend(copy.deepcopy(list(entries)))
        return write_index(config, entries, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mkdocs_plugin, "search_index", spy)
        build_in_process(project, project / "site")
    index = json.loads((project / "site" / "search" / "search_index.json").read_text("utf-8"))
    return index, collected


def test_the_index_has_the_i18n_plugins_entries_plus_keywords(
    demo_index: tuple[dict[str, Any], list[Any]],
) -> None:
    index, collected = demo_index
    expected = i18n_without_copies(collected, ["en", "es"])
    assert len(expected) > 300
    found = [{k: v for k, v in doc.items() if k != "keywords"} for doc in index["docs"]]
    assert found == expected
    with_keywords = {doc["location"]: doc["keywords"] for doc in index["docs"] if "keywords" in doc}
    expected_keywords = {}
    for path in sorted((ROOT / "decision_trees").glob("*.yml")):
        tree, _ = load_tree(path)
        assert tree is not None and tree.keywords is not None, f"{path.name} has no keywords"
        for lang, prefix in (("en", ""), ("es", "es/")):
            words = tree.keywords.get(lang, "en")
            assert words, f"{path.name} has no keywords in {lang}"
            expected_keywords[f"{prefix}guides/{tree.id}/"] = keyword_terms(words)
    assert with_keywords == expected_keywords


def test_the_index_searches_every_language_with_its_pipeline(
    demo_index: tuple[dict[str, Any], list[Any]],
) -> None:
    config = demo_index[0]["config"]
    assert config["lang"] == ["en", "es"]
    assert config["fields"]["keywords"] == {"boost": KEYWORDS_BOOST}
    assert config["fields"]["title"] == {"boost": 1e3}


def test_the_demo_and_new_repositories_leave_search_to_sopkit() -> None:
    # With reconfigure_search the i18n plugin would compare every entry with every other.
    template = ROOT / "plugins" / "sopkit" / "editors" / "init_files" / "mkdocs.yml"
    for config in (ROOT / "mkdocs.yml", template):
        assert "reconfigure_search: false" in config.read_text(encoding="utf-8"), config


def test_without_search_sopkit_writes_no_index(tmp_path: Path) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - search\n", "  - search:\n      enabled: false\n"), "utf-8")
    build_in_process(project, tmp_path / "out")
    assert not (tmp_path / "out" / "search").exists()
    assert "search.mjs" not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_the_result_order_module_is_on_every_page_once(fixture_build: Build) -> None:
    for page in ("index.html", "es/router/index.html"):
        html = (fixture_build.site_dir / page).read_text(encoding="utf-8")
        assert len(re.findall(r'<script src="[^"]*sopkit/search\.mjs" type="module">', html)) == 1
    assert (fixture_build.site_dir / "sopkit" / "search.mjs").is_file()


def quadratic_search_warnings(log: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in log.records if "reconfigure_search" in r.getMessage()]


def test_a_large_site_with_the_i18n_search_option_is_told_once(
    tmp_path: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    setting = "      reconfigure_search: true\n"  # the i18n plugin's default
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  - sopkit\n", NO_JOB_AIDS)
    config.write_text(text.replace("  - i18n:\n", "  - i18n:\n" + setting), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        # The fixture has 3 pages a language.
        patch.setattr(mkdocs_plugin, "QUADRATIC_SEARCH_PAGES", 3)
        build_in_process(project, tmp_path / "out")
    assert quadratic_search_warnings(sopkit_log) == [
        "sopkit: this site has 3 pages in 'en', and the i18n plugin's 'reconfigure_search: true' "
        "compares every search entry with every other: its build time grows with the "
        "square of the pages (minutes at 1,000 procedures). Set 'reconfigure_search: "
        "false' under the i18n plugin in mkdocs.yml: sopkit writes the search index of "
        "every language itself, in linear time"
    ]
    sopkit_log.clear()


def test_a_large_site_that_leaves_search_to_sopkit_is_not_told(
    tmp_path: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    project = copy_project(SITE_FIXTURE, tmp_path / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    setting = "  - i18n:\n      reconfigure_search: false\n"
    text = text.replace("  - sopkit\n", NO_JOB_AIDS)
    config.write_text(text.replace("  - i18n:\n", setting), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mkdocs_plugin, "QUADRATIC_SEARCH_PAGES", 1)
        build_in_process(project, tmp_path / "out")
    assert quadratic_search_warnings(sopkit_log) == []
