"""What changed in the procedures in the last days, from the Git history (the
```` ```changes ```` fence).

Each day a tree file was committed gives one entry: the tree as it was before that
day's first commit compared with the tree after that day's last commit, by the same
logic as ``sopkit diff`` (:func:`sopkit.editors.diff.tree_changes`). The period ends on
a reference date, by default the date of the latest commit, never the clock, so the
same checkout always gives the same page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..model import Tree
from .diff import AgentChange, NotesChanged, TextsChanged, tree_changes
from .history import (
    Commit,
    GitError,
    UnsafeRepository,
    is_shallow,
    latest_commit_date,
    tree_at,
    tree_commits,
)

History = Literal["complete", "shallow", "unavailable", "refused"]


@dataclass(frozen=True, slots=True)
class TreeChange:
    """What one day's commits did to one tree.

    ``before`` is None for a new tree, ``after`` None for a removed one; ``changes``
    lists what changed in a tree that exists on both sides.
    """

    day: dt.date
    tree_id: str
    before: Tree | None
    after: Tree | None
    changes: tuple[AgentChange, ...] = ()

    def changes_in(self, lang: str, default_lang: str) -> tuple[AgentChange, ...]:
        """The changes an agent reading ``lang`` sees: texts changed in ``lang``, and
        texts changed in the default language that ``lang`` shows untranslated."""
        seen: list[AgentChange] = []
        for change in self.changes:
            if not isinstance(change, TextsChanged) or change.lang == lang:
                seen.append(change)
            elif change.lang == default_lang and self.after is not None:
                texts = dict(self.after.texts())
                shown = tuple(
                    name
                    for name in change.names
                    if name in texts and not texts[name].has(lang, default_lang)
                )
                if shown:
                    seen.append(TextsChanged(change.lang, shown))
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class RecentChanges:
    """The trees that changed in the ``days`` days up to ``as_of``, newest first.

    ``history`` says how much history there was to read: ``complete``, ``shallow`` (a
    shallow clone: older changes are unknown), ``unavailable`` (no Git checkout) or
    ``refused`` (Git would not read the repository: ``problem`` says why and how to fix
    it, for editors); without history ``as_of`` is None and there are no entries.
    """

    days: int
    as_of: dt.date | None
    history: History
    entries: tuple[TreeChange, ...] = ()
    problem: str | None = None


def recent_changes(
    trees_dir: Path, days: int, as_of: dt.date | None, default_lang: str | None
) -> RecentChanges:
    """The trees of ``trees_dir`` that changed in the ``days`` days up to ``as_of``
    (default: the date of the latest commit). Never raises for a missing history."""
    cwd = trees_dir if trees_dir.is_dir() else trees_dir.parent
    try:
        until = as_of or latest_commit_date(cwd)
        shallow = is_shallow(cwd)
        commits = tree_commits(trees_dir, until - dt.timedelta(days=days - 1), until)
    except UnsafeRepository as exc:
        return RecentChanges(days, None, "refused", problem=str(exc))
    except (GitError, OSError, ValueError):
        return RecentChanges(days, None, "unavailable")
    entries = []
    for (day, name), group in _by_day_and_file(commits).items():
        first = group[-1]
        if not first.parents:
            if shallow:  # the parent was cut off: what it changed is unknown
                continue
            before = None
        else:
            before = tree_at(trees_dir / name, first.parents[0])
        after = tree_at(trees_dir / name, group[0].sha)
        entry = _entry(day, Path(name).stem, before, after, default_lang)
        if entry is not None:
            entries.append(entry)
    return RecentChanges(days, until, "shallow" if shallow else "complete", tuple(entries))


def _by_day_and_file(commits: list[Commit]) -> dict[tuple[dt.date, str], list[Commit]]:
    """(day, file) -> the commits of that day that changed the file, newest first."""
    groups: dict[tuple[dt.date, str], list[Commit]] = {}
    for commit in commits:
        for name in commit.files:
            groups.setdefault((commit.day, name), []).append(commit)
    return groups


def _entry(
    day: dt.date, tree_id: str, before: Tree | None, after: Tree | None, default_lang: str | None
) -> TreeChange | None:
    if before is None and after is None:
        return None
    if before is None or after is None:
        return TreeChange(day, tree_id, before, after)
    changes = tuple(
        change
        for change in tree_changes(before, after, default_lang)
        if not isinstance(change, NotesChanged)
    )
    # A change agents cannot see (scenario tests, owner, comments, editor notes) is no entry.
    return TreeChange(day, tree_id, before, after, changes) if changes else None
