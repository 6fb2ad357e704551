"""Trees as they were at a git ref (``git show <ref>:<path>``), for drift and diffs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..compile.loader import load_bytes
from ..compile.validate import build_tree
from ..model import Tree


class GitError(Exception):
    """Git could not answer (not a repository, unknown ref); the message says why."""


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise GitError("git is not installed") from None


def check_ref(ref: str, cwd: Path) -> None:
    """Raise :class:`GitError` unless ``ref`` names a commit of the repository at ``cwd``."""
    if ref.startswith("-"):
        raise GitError(f"'{ref}' is not a git ref")
    done = _git(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode != 0:
        inside = _git(cwd, "rev-parse", "--git-dir").returncode == 0
        if not inside:
            raise GitError(f"{cwd} is not inside a git repository")
        raise GitError(f"'{ref}' is not a commit, branch or tag of this repository")


def tree_at(path: Path, ref: str) -> Tree | None:
    """The tree in ``path`` as it was at ``ref``; None when the file did not exist then.

    A file that did not compile at ``ref`` also gives None: there is nothing to compare.
    """
    path = path.resolve()
    done = _git(path.parent, "show", f"{ref}:./{path.name}")
    if done.returncode != 0:
        return None
    document, problems = load_bytes(done.stdout, f"{ref}:{path.name}")
    if problems:
        return None
    tree, _ = build_tree(document, path.stem)
    return tree


def trees_at(trees_dir: Path, ref: str) -> dict[str, Tree]:
    """Every tree that ``trees_dir`` held at ``ref``, by id."""
    trees_dir = trees_dir.resolve()
    done = _git(trees_dir, "ls-tree", "--name-only", ref, "./")
    if done.returncode != 0:
        return {}
    found: dict[str, Tree] = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        name = Path(line).name
        if Path(name).suffix in (".yml", ".yaml"):
            tree = tree_at(trees_dir / name, ref)
            if tree is not None:
                found[tree.id] = tree
    return found
