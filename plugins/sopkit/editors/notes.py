"""The editors' view of editor notes: every ``editor_note`` of the trees, where it is.

Agents never see these notes; ``sopkit notes`` lists them for editors and reviewers,
one line per note and language, each at its ``file:line:col``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..compile.reader import shown
from ..model import Text, Tree


def note_lines(trees: Iterable[Tree], default_lang: str) -> list[str]:
    """``file:line:col: <node> [<lang>]: <note>`` for every note, in file and reading order.

    The tree's own note says ``(tree)`` for the node; a note of several lines continues
    on lines indented by four spaces.
    """
    lines: list[str] = []
    for tree in sorted(trees, key=lambda t: t.path):
        for name, text in tree.editor_notes():
            node_id = name.split(".")[1] if name.startswith("nodes.") else "(tree)"
            for lang, value in text.values.items():
                first, *more = [shown(line) for line in value.strip().splitlines()]
                where = default_lang if lang == Text.DEFAULT else lang
                lines.append(f"{text.span_of(lang)}: {node_id} [{where}]: {first}")
                lines += [f"    {line}" for line in more]
    return lines
