"""Review dates: a tree is overdue when its last review is older than its review period.

The period is the tree's ``review_every_days``, else the site's default (the sopkit
plugin's ``review_every_days`` option); without either, reviews are not checked.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping

from ..model import Tree
from ..problems import Problem, error, warning

TODAY_ENV = "SOPKIT_TODAY"
MAX_DAYS = 3660
"""The longest review period, in days (ten years): more is a typo, and past the calendar."""


def today(value: str | None = None) -> dt.date:
    """The date reviews are checked against: ``value``, else ``$SOPKIT_TODAY``, else today.

    Raises :class:`ValueError` with a readable message when the date is not
    ``YYYY-MM-DD``.
    """
    source = "--today"
    if value is None:
        value = os.environ.get(TODAY_ENV) or None
        source = TODAY_ENV
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{source} must be a date written YYYY-MM-DD, found '{value}'") from None


def period(tree: Tree, default_days: int | None) -> int | None:
    """How many days may pass between reviews of ``tree`` (None: not checked)."""
    return tree.review_every_days or default_days


def due_date(tree: Tree, default_days: int | None) -> dt.date | None:
    """The date the tree's next review is due; None without a period, a review date, or
    when that date is past the last day of the calendar (31 December 9999)."""
    days = period(tree, default_days)
    if days is None or tree.reviewed is None:
        return None
    if days > (dt.date.max - tree.reviewed).days:
        return None
    return tree.reviewed + dt.timedelta(days=days)


def overdue_since(tree: Tree, default_days: int | None, on: dt.date) -> dt.date | None:
    """The date the tree's review fell due, when that is before ``on``; else None."""
    due = due_date(tree, default_days)
    return due if due is not None and due < on else None


def overdue_trees(
    trees: Iterable[Tree], default_days: int | None, on: dt.date
) -> Mapping[str, dt.date]:
    """Tree id -> the date its review fell due, for every overdue tree."""
    found = {}
    for tree in trees:
        due = overdue_since(tree, default_days, on)
        if due is not None:
            found[tree.id] = due
    return found


def check_review(tree: Tree, default_days: int | None, on: dt.date) -> list[Problem]:
    """Warn when a tree's review is overdue, or when it has a period but no review date."""
    days = period(tree, default_days)
    if days is None:
        return []
    if tree.reviewed is None:
        return [
            warning(
                "review-missing",
                tree.span,
                f"tree '{tree.id}' has no 'reviewed' date, but is to be reviewed every {days} days",
                "add 'reviewed: YYYY-MM-DD' with the date of the last content review",
            )
        ]
    if due_date(tree, default_days) is None:
        return [_past_the_calendar(tree, days)]
    due = overdue_since(tree, default_days, on)
    if due is None:
        return []
    return [
        warning(
            "review-overdue",
            tree.reviewed_span or tree.span,
            f"tree '{tree.id}' was last reviewed on {tree.reviewed.isoformat()}; with a "
            f"review every {days} days it has been overdue since {due.isoformat()}",
            "review the procedure with its owner, then set 'reviewed' to the date of the review",
        )
    ]


def _past_the_calendar(tree: Tree, days: int) -> Problem:
    """The next review of ``tree`` would fall after 9999-12-31, which no date can hold."""
    assert tree.reviewed is not None
    return error(
        "bad-review-date",
        tree.reviewed_span or tree.span,
        f"tree '{tree.id}' was reviewed on {tree.reviewed.isoformat()}; {days} days later "
        "is past the year 9999, so its next review has no date",
        "set 'reviewed' to the date of the last content review (not a date in the future)",
    )
