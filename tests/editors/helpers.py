"""Small helpers for the editors' workflow tests: trees from YAML text, a git repo."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sopkit.compile.loader import load_bytes
from sopkit.compile.validate import build_tree
from sopkit.model import Tree


def tree_from(text: str, tree_id: str = "t") -> Tree:
    """Build a tree from YAML text; the test fails if the text has problems."""
    document, problems = load_bytes(text.encode("utf-8"), f"decision_trees/{tree_id}.yml")
    tree, more = build_tree(document, tree_id)
    assert not problems + more, [str(p) for p in problems + more]
    assert tree is not None
    return tree


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` with a fixed identity (and commit ``date``); return its output."""
    env = dict(os.environ)
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = date
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout


def commit_all(repo: Path, message: str, date: str | None = None) -> None:
    """Stage everything in the (temporary) repo and commit it (at ``date``, ISO 8601)."""
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-gpg-sign", "-m", message, date=date)


def init_repo(repo: Path) -> Path:
    """``git init`` a temporary repository."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "--quiet", "--initial-branch=main")
    return repo
