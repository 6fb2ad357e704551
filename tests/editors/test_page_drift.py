"""Page drift: ``x.md`` changed since a git ref while ``x.<lang>.md`` did not."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopkit.cli import main
from tests.editors.helpers import commit_all, init_repo
from tests.editors.test_drift import TREE

CONFIG = "site_name: x\nplugins:\n  - sopkit:\n      languages: [en, es, fr]\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = init_repo(tmp_path / "repo")
    (root / "decision_trees").mkdir()
    (root / "decision_trees" / "printer.yml").write_text(TREE, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    docs = root / "docs"
    (docs / "guides").mkdir(parents=True)
    pages = {
        "index.md": "# Printer\n\n```decision-tree\nprinter\n```\n",
        "index.es.md": "# Impresora\n\n```decision-tree\nprinter\n```\n",
        "guides/paper.md": "# Paper\n\nUse A4 paper.\n",
        "guides/paper.es.md": "# Papel\n\nUse papel A4.\n",
        "guides/paper.fr.md": "# Papier\n\nUtilisez du papier A4.\n",
    }
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    commit_all(root, "first")
    monkeypatch.chdir(root)
    return root


def write(repo: Path, page: str, text: str) -> None:
    (repo / "docs" / page).write_text(text, encoding="utf-8")


def page_warnings(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """What ``sopkit check`` says about pages (the tree has no French: not this test's)."""
    main(["check", *args])
    lines = capsys.readouterr().out.splitlines(keepends=True)
    kept = [i for i, line in enumerate(lines) if "[stale-page]" in line]
    return "".join(lines[i] + lines[i + 1] for i in kept)


def test_a_page_changed_without_its_translations_warns_at_each_translation(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "guides/paper.md", "# Paper\n\nUse A4 or Letter paper.\n")
    write(repo, "guides/paper.fr.md", "# Papier\n\nUtilisez du papier A4 ou Lettre.\n")
    assert page_warnings(capsys, "--since", "HEAD") == (
        "docs/guides/paper.es.md:1:1: warning[stale-page] docs/guides/paper.md changed since "
        "HEAD, but its 'es' translation did not\n"
        "    hint: update this page to match the new 'en' page\n"
    )


def test_committed_changes_count_from_the_ref(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "index.md", "# Printer help\n\n```decision-tree\nprinter\n```\n")
    commit_all(repo, "English page reworded")
    assert page_warnings(capsys, "--since", "HEAD~1").startswith(
        "docs/index.es.md:1:1: warning[stale-page] docs/index.md changed since HEAD~1"
    )
    assert page_warnings(capsys, "--since", "HEAD") == ""


def test_a_translation_changed_too_is_clean(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "index.md", "# Printer help\n\n```decision-tree\nprinter\n```\n")
    write(repo, "index.es.md", "# Ayuda: impresora\n\n```decision-tree\nprinter\n```\n")
    assert page_warnings(capsys, "--since", "HEAD") == ""


def test_stats_counts_pages_per_language(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "guides/paper.md", "# Paper\n\nUse A4 or Letter paper.\n")
    assert main(["stats", "--since", "HEAD"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "\n\n"
        "language  pages  translated  missing  stale\n"
        "es            2           2        0      1\n"
        "fr            2           1        1      1\n"
    )
    assert main(["stats"]) == 0
    assert capsys.readouterr().out.endswith("fr            2           1        1      -\n")
