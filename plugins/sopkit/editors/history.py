"""Trees as they were at a git ref (``git show <ref>:<path>``), for drift and diffs, and
the commits that changed them (for the "what changed" page)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..compile.loader import load_bytes
from ..compile.validate import build_tree
from ..model import Tree
from ..problems import printable

TREE_SUFFIXES = (".yml", ".yaml")


class GitError(Exception):
    """Git could not answer (not a repository, unknown ref); the message says why."""


class UnsafeRepository(GitError):
    """Git refuses to read a repository that belongs to another user (its
    ``safe.directory`` check); the message says how to allow it."""


# Git's refusal, from 2.35.2 on: "fatal: detected dubious ownership in repository at '/x'"
_DUBIOUS_RE = re.compile(rb"dubious ownership in repository at '([^'\n]*)'")


def unsafe_repository(where: str) -> str:
    """What to tell an editor when Git will not read the repository at ``where``."""
    return (
        f"Git refuses to read the repository at {where}: it belongs to another user than "
        "the one running sopkit (Git's 'dubious ownership' check, common in CI containers "
        "and shared folders), so sopkit cannot read its history. If you trust it, run: "
        f"git config --global --add safe.directory {where}"
    )


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit that changed tree files: its date (the committer's), parents and files.

    ``files`` are names in the trees directory; ``parents`` is empty for a first commit
    and for the oldest commit of a shallow clone.
    """

    sha: str
    day: dt.date
    parents: tuple[str, ...]
    files: tuple[str, ...]


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run git in ``cwd``; :class:`UnsafeRepository` when Git refuses the repository."""
    try:
        done = run_git(cwd, *args)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    refused = _DUBIOUS_RE.search(done.stderr) if done.returncode != 0 else None
    if refused is not None:
        where = refused.group(1).decode("utf-8", "replace") or str(cwd)
        raise UnsafeRepository(unsafe_repository(printable(where)))
    return done


def run_git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """``git ARGS`` in ``cwd``, its output captured (the one place sopkit starts git)."""
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)


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
        if Path(name).suffix in TREE_SUFFIXES:
            tree = tree_at(trees_dir / name, ref)
            if tree is not None:
                found[tree.id] = tree
    return found


def changed_files(folder: Path, ref: str) -> set[str]:
    """The files under ``folder`` (relative to it, with ``/``) that differ from ``ref``,
    changes not yet committed included."""
    done = _git(folder, "diff", "--name-only", "-z", "--no-renames", "--relative", ref, "--")
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git diff failed")
    return {name for name in done.stdout.decode("utf-8", "replace").split("\0") if name}


def latest_commit_date(cwd: Path) -> dt.date:
    """The date of the latest commit (``HEAD``); :class:`GitError` outside a checkout."""
    done = _git(cwd, "log", "-1", "--format=%cs", "HEAD")
    if done.returncode != 0 or not done.stdout.strip():
        raise GitError(f"{cwd} is not inside a git repository with commits")
    return dt.date.fromisoformat(done.stdout.decode().strip())


def is_shallow(cwd: Path) -> bool:
    """True when the repository at ``cwd`` is a shallow clone (its history is cut)."""
    done = _git(cwd, "rev-parse", "--is-shallow-repository")
    return done.returncode == 0 and done.stdout.strip() == b"true"


def tree_commits(trees_dir: Path, since: dt.date, until: dt.date) -> list[Commit]:
    """The commits from ``since`` to ``until`` (both included) that changed a tree file
    directly in ``trees_dir``, newest first. A rename counts as a removal and an addition.
    """
    trees_dir = trees_dir.resolve()
    # --since only bounds the walk (it compares times, not the committer's dates).
    bound = (since - dt.timedelta(days=2)).isoformat()
    done = _git(
        trees_dir,
        "-c",
        "core.quotePath=false",
        "log",
        "--no-renames",
        "--relative",
        "--name-only",
        "--format=%x00%H%x09%P%x09%cs",
        f"--since={bound}",
        "HEAD",
        "--",
        "./",
    )
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or "git log failed")
    commits = []
    for record in done.stdout.decode("utf-8", "replace").split("\0")[1:]:
        header, _, names = record.partition("\n")
        sha, parents, day = header.split("\t")
        date = dt.date.fromisoformat(day)
        files = tuple(
            name
            for name in names.splitlines()
            if "/" not in name and Path(name).suffix in TREE_SUFFIXES
        )
        if files and since <= date <= until:
            commits.append(Commit(sha, date, tuple(parents.split()), files))
    return commits
