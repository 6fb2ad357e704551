"""``links`` cannot leave the docs directory: ``../``, absolute paths, symlinks, NUL bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sopkit.compile.checks import check_links
from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from tests.hardening.corpus import q

TREE = (
    "title: T\nstart: done\nnodes:\n  done:\n    type: outcome\n    result: stop\n"
    "    text: Done\n    links: [{{text: See, href: {href}}}]\n"
)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """``docs/`` with a page, next to a secret file, and links in and out."""
    root = tmp_path / "docs"
    (root / "policies").mkdir(parents=True)
    (root / "policies" / "a.md").write_text("# A\n\n## Step\n")
    (tmp_path / "secret.md").write_text("secret\n")
    os.symlink(tmp_path / "secret.md", root / "outside.md")
    os.symlink(tmp_path, root / "up")
    os.symlink(root / "policies" / "a.md", root / "inside.md")
    return root


def problems_for(href: str, docs: Path) -> list[str]:
    document, problems = load_bytes(TREE.format(href=q(href)).encode("utf-8"), "t.yml")
    tree, more = build_tree(document, "t")
    assert tree is not None and problems + more == []
    return [str(p) for p in check_links(tree, docs)]


@pytest.mark.parametrize(
    "href", ["policies/a.md", "policies/a.md#step", "inside.md", "policies/../policies/a.md"]
)
def test_links_inside_the_docs_directory_pass(href: str, docs: Path) -> None:
    assert problems_for(href, docs) == []


@pytest.mark.parametrize(
    ("href", "message"),
    [
        ("../secret.md", "'href' points to '../secret.md', which is outside the docs directory"),
        (
            "policies/../../secret.md",
            "'href' points to 'policies/../../secret.md', which is outside the docs directory",
        ),
        ("outside.md", "'href' points to 'outside.md', which is outside the docs directory"),
        ("up/secret.md", "'href' points to 'up/secret.md', which is outside the docs directory"),
        (
            "/etc/passwd",
            "'href' must be a path relative to the docs directory, found '/etc/passwd'",
        ),
        (
            "\\\\server\\share\\x.md",
            "'href' must be a path relative to the docs directory, found '\\\\server\\share\\x.md'",
        ),
        (
            "C:/x.md",
            "'href' uses the scheme 'c:'; expected a page of the site or one of 'http', "
            "'https', 'mailto' or 'tel'",
        ),
        (
            "policies/a.md\x00.png",
            "'href' must be a path relative to the docs directory, found 'policies/a.md\\x00.png'",
        ),
        (
            "file:///etc/passwd",
            "'href' uses the scheme 'file:'; expected a page of the site or "
            "one of 'http', 'https', 'mailto' or 'tel'",
        ),
    ],
)
def test_links_that_leave_the_docs_directory_are_errors(
    href: str, message: str, docs: Path
) -> None:
    found = problems_for(href, docs)
    assert len(found) == 1
    assert found[0].startswith("t.yml:8:31: error[invalid-link] ")
    assert found[0].split("] ", 1)[1] == message
