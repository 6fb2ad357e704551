"""The extension under an engine that tells it the page (as Zensical does), without
Zensical: a stand-in ``rendering_context`` preprocessor carries the page and config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest
from markdown.preprocessors import Preprocessor

from sopkit.cli import main
from sopkit.integrations.engine_host import EngineSiteHost
from sopkit.integrations.markdown_extension import SopkitExtension
from sopkit.integrations.site_pages import (
    job_aid_path,
    nav_places,
    pack_path,
    page_url,
    relative_url,
)
from sopkit.languages import Languages
from tests.conftest import ZENSICAL_FIXTURE, copy_project

PLUGIN_OFF = "sopkit: the sopkit plugin did not run"
NO_PLAYER = "sopkit: extra_javascript does not list sopkit's player.mjs"


class _Page:
    def __init__(self, path: str, meta: dict[str, Any]) -> None:
        self.path = path
        self.meta = meta


class _Context(Preprocessor):
    """What Zensical registers (zensical.extensions.context), reduced to what sopkit reads."""

    def __init__(self, md: markdown.Markdown, page: _Page, config: dict[str, Any]) -> None:
        super().__init__(md)
        self.page = page
        self.config = config

    def run(self, lines: list[str]) -> list[str]:
        return lines


def render(project: Path, path: str, meta: dict[str, Any] | None = None, **config: Any) -> str:
    md = markdown.Markdown(extensions=["pymdownx.superfences", SopkitExtension()])
    engine = {"root_dir": str(project), "extra_javascript": ["assets/sopkit/player.mjs"]}
    context = _Context(md, _Page(path, meta or {}), {**engine, **config})
    md.preprocessors.register(context, "rendering_context", 0)
    return md.convert((project / "docs" / path).read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    EngineSiteHost._sites.clear()  # one site read per test
    return copy_project(ZENSICAL_FIXTURE, tmp_path / "project")


def _warnings(log: pytest.LogCaptureFixture) -> list[str]:
    found = [r.getMessage() for r in log.records if r.name == "sopkit"]
    log.clear()
    return found


def test_front_matter_lang_wins_over_the_file_name(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    html = render(project, "router.md", {"lang": "es"})
    assert "¿Está encendida la luz de encendido?" in html
    assert 'href="job-aids/router.es.pdf"' in html
    _warnings(sopkit_log)


def test_a_lang_that_is_not_a_site_language_leaves_the_file_names(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    html = render(project, "router.es.md", {"lang": "fr"})
    assert "¿Está encendida la luz de encendido?" in html
    _warnings(sopkit_log)


def test_the_plugin_off_is_said_once_per_build(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    render(project, "router.md")
    render(project, "router.es.md")
    warnings = _warnings(sopkit_log)
    assert [w for w in warnings if w.startswith(PLUGIN_OFF)] == [warnings[0]]
    assert not [w for w in warnings if w.startswith(NO_PLAYER)]


def test_a_site_without_the_player_is_told_how_to_add_it(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    html = render(project, "router.md", extra_javascript=[])
    assert 'class="sopkit-tree' in html  # the steps, as plain sections
    warnings = _warnings(sopkit_log)
    assert warnings[1] == (
        "sopkit: extra_javascript does not list sopkit's player.mjs, so the guides show "
        "every step as plain sections and no player; run `sopkit assets --output "
        "docs/assets/sopkit` and list its player.mjs and page.mjs (type: module) under "
        "extra_javascript, sopkit.css and print.css under extra_css"
    )


def test_an_unknown_tree_is_reported_at_the_page(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    (project / "docs/router.md").write_text("# R\n\n```decision-tree\nrouterr\n```\n")
    render(project, "router.md")
    assert _warnings(sopkit_log)[-1] == (
        "docs/router.md:3:1: error[unknown-tree] the page shows the tree 'routerr', which "
        "is not in the trees directory"
    )


@pytest.mark.parametrize(
    ("path", "directory", "url"),
    [
        ("index.md", True, ""),
        ("guides/x.md", True, "guides/x/"),
        ("guides/x.es.md", True, "guides/x.es/"),
        ("guides/index.es.md", True, "guides/index.es/"),
        ("guides/x.es.md", False, "guides/x.es.html"),
    ],
)
def test_page_urls_follow_the_engines_layout(path: str, directory: bool, url: str) -> None:
    assert page_url(path, directory) == url


def test_job_aid_paths_carry_the_language_as_pages_do() -> None:
    languages = Languages.of(["en", "es"])
    assert job_aid_path("router", "en", languages) == "job-aids/router.pdf"
    assert job_aid_path("router", "es", languages, "svg") == "job-aids/router.es.svg"
    assert pack_path("es", languages) == "job-aids/training-pack.es.pdf"
    assert relative_url("job-aids/router.es.pdf", "guides/router.es.md") == (
        "../job-aids/router.es.pdf"
    )


def test_check_says_which_plugin_only_features_are_off(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    assert main(["check", "--strict"]) == 0
    err = capsys.readouterr().err
    assert (
        "note: mkdocs.yml runs sopkit as a Markdown extension; when built by an engine "
        "that ignores MkDocs plugins (Zensical), off: the PDFs, flowchart files and "
        "training pack in the site (run `sopkit jobaids build` after the build)"
    ) in err


def test_check_says_nothing_of_engines_for_a_plugin_site(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - sopkit           #", "  #"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["check"]) == 0
    assert "note:" not in capsys.readouterr().err


def test_the_job_aids_list_follows_the_nav_and_its_translated_sections(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - router.md\n  - printer.md\n", "  - Network:\n      - printer.md\n      - router.md\n"
    )
    text = text.replace(
        "{locale: es, name: Español, build: true}",
        "{locale: es, name: Español, build: true, nav_translations: {Network: Red}}",
    )
    config.write_text(text, encoding="utf-8")
    html = render(project, "job-aids.es.md")
    assert ">Red<" in html and ">Network<" not in html
    assert html.index("printer.es.pdf") < html.index("router.es.pdf")
    _warnings(sopkit_log)


def test_nav_places_give_each_page_its_position_and_section() -> None:
    nav = [{"Home": "index.md"}, {"Guides": ["a.md", {"B": "b.md"}]}, "c.md"]
    assert nav_places(nav) == {
        "index.md": (0, None),
        "a.md": (1, "Guides"),
        "b.md": (2, "Guides"),
        "c.md": (3, None),
    }


def test_enabled_false_leaves_the_fences_as_code(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("flowchart: true", "enabled: false"), encoding="utf-8")
    html = render(project, "router.md")
    assert "sopkit-tree" not in html and "<code>router" in html
    assert _warnings(sopkit_log) == []


def test_a_tree_with_errors_is_not_rendered_and_the_page_says_so(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    tree = project / "decision_trees/printer.yml"
    tree.write_text(tree.read_text(encoding="utf-8").replace("next: done", "next: dne"))
    html = render(project, "printer.md")
    assert "Unknown decision tree &#39;printer&#39;" in html
    assert "sopkit-tree" not in html
    warnings = _warnings(sopkit_log)
    assert warnings[0].startswith(
        "decision_trees/printer.yml:9:15: error[unknown-next] 'next' points to 'dne'"
    )
    assert warnings[-1] == (
        "docs/printer.md:3:1: error[broken-tree] the page shows the tree 'printer', which "
        "has errors (listed above), so the page shows an error in its place\n"
        "    hint: fix the tree; `sopkit check` lists its errors"
    )


def test_a_zensical_toml_gives_the_settings_and_check_reads_them(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "mkdocs.yml").unlink()
    (project / "zensical.toml").write_text(
        '[project]\nsite_name = "T"\n\n[project.markdown_extensions.sopkit]\n\n'
        '[project.plugins.sopkit]\nlanguages = ["en", "es"]\npaper = "letterr"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert out == (
        "zensical.toml:1:1: error[bad-setting] sopkit option 'paper': expected one of 'a4' "
        "or 'letter', found 'letterr'\n"
        "    hint: the options are listed in the README's quick reference\n"
    )
    assert "note: zensical.toml runs sopkit as a Markdown extension and no MkDocs plugin " in err


def test_assets_copies_the_player_and_prints_the_config_lines(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    assert main(["assets", "--output", "docs/assets/sopkit"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "List them in the site's config:\n"
        "extra_javascript:\n"
        "  - {path: assets/sopkit/player.mjs, type: module}\n"
        "  - {path: assets/sopkit/page.mjs, type: module}\n"
        "extra_css:\n"
        "  - assets/sopkit/sopkit.css\n"
        "  - assets/sopkit/print.css\n"
    )
    shipped = {p.name for p in (project / "docs/assets/sopkit").iterdir()}
    assert {"player.mjs", "guide.mjs", "sopkit.css", "print.css"} <= shipped


def test_the_problem_report_link_names_the_page_zensical_builds(
    project: Path, sopkit_log: pytest.LogCaptureFixture
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      flowchart: true\n",
            "      flowchart: true\n"
            "      report_problem_url: 'mailto:kb@sop.example?subject={page}'\n",
        ),
        encoding="utf-8",
    )
    html = render(project, "router.es.md", site_url="https://sop.example/")
    assert 'href="mailto:kb@sop.example?subject=https%3A%2F%2Fsop.example%2Frouter.es%2F"' in html
    _warnings(sopkit_log)
