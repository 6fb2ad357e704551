"""What a renderer needs to know about the page a tree is shown on."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..languages import Languages
from ..locales import ui_strings
from ..model import Tree
from ..settings import Insight


def _keep(href: str) -> str:
    return href


def _no_page(tree_id: str) -> str | None:
    return None


@dataclass(frozen=True)
class PageContext:
    """The page a tree is rendered into.

    ``link`` turns a docs-relative path (``policies/x.md#a``) into a URL usable from
    this page; ``tree_page`` gives the URL of the page that shows a tree (or None);
    ``pdf_url`` the job aid of a tree in this language (or None); ``overdue`` maps
    the id of each tree whose review is overdue to the date it fell due.
    """

    lang: str
    languages: Languages
    trees: Mapping[str, Tree] = field(default_factory=dict)
    link: Callable[[str], str] = _keep
    tree_page: Callable[[str], str | None] = _no_page
    pdf_url: Callable[[str], str | None] = _no_page
    map_svg: Callable[[str], str | None] = _no_page
    """The flowchart of a tree as inline SVG for the guide's map view (or None)."""
    case_note_lang: str | None = None
    call_idle_minutes: int = 240
    """Minutes without activity after which the player ends a call."""
    extra_ui: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    overdue: Mapping[str, dt.date] = field(default_factory=dict)
    insight: Insight = field(default_factory=Insight)
    """Where usage events go and the "Report a problem" link's address template."""
    page_url: str = ""
    """The page's address as a report of a problem names it (absolute with ``site_url``)."""

    @cached_property
    def ui(self) -> dict[str, str]:
        """The UI strings of the page's language."""
        return ui_strings(self.lang, self.languages.default, self.extra_ui)

    @cached_property
    def note_ui(self) -> dict[str, str]:
        """The UI strings of the case note's language."""
        return ui_strings(self.note_lang, self.languages.default, self.extra_ui)

    @property
    def note_lang(self) -> str:
        """The language case notes are written in (default: the page's)."""
        return self.case_note_lang or self.lang


def compact_json(value: object) -> str:
    """``value`` as JSON with sorted keys and no spaces."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
