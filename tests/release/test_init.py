"""``sopkit init``: a content repository that checks and builds as it is written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from sopkit import __version__, load_tree
from sopkit.cli import main
from sopkit.integrations.site import load_site

FILES = [
    "mkdocs.yml",
    "docs/index.md",
    "docs/index.es.md",
    "requirements.txt",
    ".pre-commit-config.yaml",
    ".vscode/settings.json",
    ".vscode/tasks.json",
    ".github/workflows/sopkit.yml",
    ".gitignore",
    "decision_trees/escalate-to-tier-2.yml",
    "schema/tree.schema.json",
]


def init(root: Path, *args: str) -> int:
    return main(["init", str(root), "--today", "2026-12-01", *args])


def test_init_says_what_it_wrote_and_the_repository_passes_strict_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "acme-support", "--today", "2026-12-01"]) == 0
    assert capsys.readouterr().err == (
        "".join(f"wrote acme-support/{path}\n" for path in FILES)
        + "\nNext: cd acme-support && sopkit check --strict && mkdocs serve\n"
        "Add a procedure with: sopkit new TREE-ID\n"
    )
    monkeypatch.chdir(tmp_path / "acme-support")
    assert main(["check", "--strict", "--today", "2026-12-02"]) == 0
    assert capsys.readouterr().err == "No problems in 1 file.\n"


def test_the_site_is_english_and_spanish_with_the_starter_tree_on_both_home_pages(
    tmp_path: Path,
) -> None:
    assert init(tmp_path, "--site-name", 'Acme: "Tier 1" <guides>') == 0
    config = yaml.load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"), yaml.SafeLoader)
    assert config["site_name"] == 'Acme: "Tier 1" <guides>'
    assert config["theme"]["font"] is False
    site = load_site(tmp_path)
    assert site.languages is not None and site.languages.codes == ("en", "es")
    assert site.trees_dir == (tmp_path / "decision_trees").resolve()
    index = (tmp_path / "docs/index.md").read_text(encoding="utf-8")
    assert index.startswith('# Acme: "Tier 1" &lt;guides&gt;\n')
    for page in ("docs/index.md", "docs/index.es.md"):
        text = (tmp_path / page).read_text(encoding="utf-8")
        assert "```decision-tree\nescalate-to-tier-2\n```\n" in text
    tree, problems = load_tree(tmp_path / "decision_trees/escalate-to-tier-2.yml")
    assert tree is not None and problems == []
    assert tree.languages() == ["en", "es"]
    assert len(tree.tests) == 2


def test_editor_and_ci_wiring_use_the_installed_sopkit(tmp_path: Path) -> None:
    assert init(tmp_path) == 0
    assert f"\nsopkit=={__version__}\n" in (tmp_path / "requirements.txt").read_text()
    settings = json.loads((tmp_path / ".vscode/settings.json").read_text())
    (schema,) = settings["yaml.schemas"]
    assert (tmp_path / schema).is_file()
    json.loads((tmp_path / schema).read_text())
    tree = (tmp_path / "decision_trees/escalate-to-tier-2.yml").read_text()
    assert tree.startswith("# yaml-language-server: $schema=../schema/tree.schema.json\n")
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    (repo,) = hooks["repos"]
    assert repo["repo"] == "local"
    assert repo["hooks"][0]["entry"] == "sopkit check --strict"
    assert repo["hooks"][0]["language"] == "system"
    workflow = yaml.safe_load((tmp_path / ".github/workflows/sopkit.yml").read_text())
    steps = workflow["jobs"]["check"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    runs = {step.get("name"): step for step in steps}
    assert (
        "graphviz libpango-1.0-0"
        in runs["Install the system packages of flowcharts and PDFs"]["run"]
    )
    install = runs["Install sopkit"]["run"].splitlines()
    assert install[-2:] == [
        'if [ -n "$PACKAGE_INDEX_URL" ]; then export PIP_INDEX_URL="$PACKAGE_INDEX_URL"; fi',
        "python -m pip install -r requirements.txt",
    ]
    assert runs["Check decision trees"]["run"] == "sopkit check --strict --format github"
    # Without a base branch (a push, a manual run) the steps that compare with it are skipped.
    for name in ("Warn about stale translations", "Summarise the change to the trees"):
        assert runs[name]["if"] == "github.event_name == 'pull_request'"
    assert runs["Build the site"]["run"] == "mkdocs build --strict"


def test_init_refuses_to_overwrite_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.md").write_text("# Ours\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    capsys.readouterr()
    assert init(tmp_path) == 2
    assert capsys.readouterr().err == (
        "sopkit: error: these files exist already, so nothing was written: mkdocs.yml, "
        "docs/index.md (use --force to overwrite them)\n"
    )
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "docs",
        "docs/index.md",
        "mkdocs.yml",
    ]
    assert init(tmp_path, "--force") == 0
    assert (tmp_path / "docs/index.md").read_text(encoding="utf-8") != "# Ours\n"


def test_init_into_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert init(tmp_path / "notes.txt") == 2
    assert capsys.readouterr().err == (
        f"sopkit: error: {tmp_path / 'notes.txt'} is not a directory\n"
    )


def test_the_pre_commit_hook_runs_when_only_pages_change(tmp_path: Path) -> None:
    assert init(tmp_path) == 0
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    (hook,) = hooks["repos"][0]["hooks"]
    assert hook["pass_filenames"] is False  # the whole repository, every time
    files = re.compile(hook["files"])
    changed = ["docs/guides/refund.es.md", "docs/index.md", "decision_trees/a.yml", "mkdocs.yml"]
    assert [path for path in changed if files.search(path)] == changed
    assert not files.search("README.md")


def test_the_navigation_stays_bounded_as_procedures_are_added(tmp_path: Path) -> None:
    # Sections are folders with an index page, and each page carries only its own
    # section's part of the navigation (docs/editors/authoring.md, Large knowledge bases).
    assert init(tmp_path) == 0
    config = yaml.load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"), yaml.SafeLoader)
    features = config["theme"]["features"]
    assert {"navigation.indexes", "navigation.prune"} <= set(features)
    assert "navigation.sections" not in features  # it would keep every section open
    assert "nav" not in config
