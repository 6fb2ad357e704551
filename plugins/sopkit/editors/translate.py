"""Translation entries of trees and UI strings, and their gettext PO catalogs.

One entry is one text a translator translates: its context (``msgctxt``) says where
it lives, ``<tree>/<node>/<field>`` (``<tree>/title`` for the tree's own texts), with
answers and checklist items named by their stable id (``answers.<id>.label``,
``checklist.<id>``), never by their position. The UI strings of the player, the job
aid and the case note are entries too, ``ui/<group>/<key>``, with English as source.

Export marks an entry fuzzy when its default-language text changed since a git ref
while its translation did not: the rule of ``sopkit check --since``
(:func:`sopkit.editors.drift.stale_texts`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from ..languages import Languages
from ..locales import GROUPS, LOCALES, REFERENCE
from ..model import Node, Span, Text, Tree
from .drift import stale_texts

UI_DOMAIN = "sopkit-ui"
"""The name of the UI strings' PO file (``sopkit-ui.po``); their contexts start ``ui/``."""


HEADER_COMMENT = """\
# Written by sopkit translate export. Translate the msgstr lines and
# keep msgctxt and msgid as they are; then run sopkit translate import.
# Fuzzy entries (their source changed) are imported only with --fuzzy.
#"""


@dataclass(frozen=True, slots=True)
class Entry:
    """One translatable text: where it lives, its source and its translation (if any)."""

    context: str
    source: str
    translation: str | None
    location: Span | None
    comments: tuple[str, ...] = ()
    text: Text | None = None
    """The tree text it comes from (None for UI strings)."""
    name: str = ""
    """The tree text's dotted name in :meth:`Tree.texts` (``nodes.x.answers.0.label``)."""


def _node_texts(node: Node, default: str) -> Iterator[tuple[str, str, Text, tuple[str, ...]]]:
    """(stable field, dotted name, text, comments) for each text of ``node``."""
    kind = f"A {node.type} of the procedure (node '{node.id}')."
    about: tuple[str, ...] = (kind,)
    if node.help is not None:
        about += ("Help shown with it: " + node.help.get(default, default)[0].strip(),)
    question = node.text.get(default, default)[0].strip() if node.text is not None else ""
    answers = {f"answers.{i}.label": a.key(default) for i, a in enumerate(node.answers)}
    items = {f"checklist.{i}": item.key(default) for i, item in enumerate(node.checklist)}
    for name, text in node.texts():
        if name in answers:
            field = f"answers.{answers[name]}.label"
            comments: tuple[str, ...] = (f"An answer to: {question}",)
        elif name in items:
            field = f"checklist.{items[name]}"
            comments = (f"An item the agent confirms at: {question}",)
        elif name.startswith("links."):
            field, comments = name, ("The text of a link; keep it short.",)
        else:
            field, comments = name, about
        yield field, name, text, comments


def tree_entries(tree: Tree, lang: str, default: str) -> list[Entry]:
    """Every text of ``tree`` that has a default-language source, in reading order."""
    found: list[tuple[str, str, Text, tuple[str, ...]]] = [
        ("title", "title", tree.title, ("The procedure's title.",))
    ]
    if tree.summary is not None:
        found.append(("summary", "summary", tree.summary, ("The procedure's summary.",)))
    for node in tree.nodes.values():
        for field, name, text, comments in _node_texts(node, default):
            found.append((f"{node.id}/{field}", f"nodes.{node.id}.{name}", text, comments))
    entries = []
    for where, name, text, comments in found:
        if not text.has(default, default):
            continue
        span = text.span_of(default if default in text.values else Text.DEFAULT)
        entries.append(
            Entry(
                context=f"{tree.id}/{where}",
                source=text.get(default, default)[0],
                translation=text.values.get(lang),
                location=Span(tree.path, span.line, span.col),
                comments=comments,
                text=text,
                name=name,
            )
        )
    return entries


def _json_lines(lang: str) -> dict[str, int]:
    """Key -> line of ``"key":`` in the package's ``locales/<lang>.json`` (for ``#:``)."""
    source = resources.files("sopkit.locales") / f"{lang}.json"
    lines: dict[str, int] = {}
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        key, colon, _ = line.strip().partition('":')
        if colon and key.startswith('"'):
            lines.setdefault(json.loads(key + '"'), number)
    return lines


def ui_entries(
    lang: str, site_strings: Mapping[str, Mapping[str, str]] | None = None
) -> list[Entry]:
    """The UI strings (English source), with ``lang``'s package or site translation."""
    lines = _json_lines(REFERENCE)
    own = LOCALES.groups(lang)
    site = (site_strings or {}).get(lang, {})
    entries = []
    for group in GROUPS:
        for key, source in LOCALES.groups(REFERENCE).get(group, {}).items():
            translation = site.get(key, own.get(group, {}).get(key))
            comments = [f"Shown by sopkit ({group})."]
            if "{" in source:
                comments.append("Keep the {placeholders} as they are.")
            entries.append(
                Entry(
                    context=f"ui/{group}/{key}",
                    source=source,
                    translation=translation,
                    location=Span(f"locales/{REFERENCE}.json", lines.get(key, 1), 1),
                    comments=tuple(comments),
                )
            )
    return entries


def fuzzy_names(now: Tree, then: Tree | None, languages: Languages, lang: str) -> dict[str, str]:
    """Dotted name -> previous source, for each ``lang`` text that drifted since ``then``."""
    if then is None:
        return {}
    before = dict(then.texts())
    default = languages.default
    return {
        name: before[name].get(default, default)[0]
        for name, stale_lang, _ in stale_texts(now, then, languages)
        if stale_lang == lang
    }


def catalog(
    entries: list[Entry], lang: str, project: str, previous: Mapping[str, str] | None = None
) -> Catalog:
    """A Babel catalog of ``entries``; an entry named in ``previous`` is fuzzy."""
    previous = previous or {}
    result = Catalog(
        locale=lang,
        project=project,
        version="",
        msgid_bugs_address="",
        fuzzy=False,
        charset="utf-8",
        header_comment=HEADER_COMMENT,
        last_translator="sopkit translate export",
        language_team=f"{lang} translators",
    )
    result.revision_date = result.creation_date
    for entry in entries:
        message = Message(
            entry.source,
            entry.translation or "",
            locations=[(entry.location.file, entry.location.line)] if entry.location else [],
            auto_comments=entry.comments,
            context=entry.context,
        )
        # Babel guesses python-format from a '%' in the text; tree texts have no format.
        message.flags.discard("python-format")
        if entry.text is not None:  # a tree text, not a UI string with {placeholders}
            message.flags.discard("python-brace-format")
        if entry.name in previous and entry.translation:
            message.flags.add("fuzzy")
            message.previous_id = [previous[entry.name]]
        result[entry.source] = message
        # Catalog keys messages by (id, context); assigning by id alone drops the context.
    return result


def po_text(messages: Catalog) -> str:
    """The catalog as PO text (UTF-8, previous msgids kept for fuzzy entries)."""
    out = io.BytesIO()
    write_po(out, messages, width=76, include_previous=True, sort_output=False)
    return out.getvalue().decode("utf-8")


def export_catalogs(
    trees: Mapping[str, Tree],
    languages: Languages,
    lang: str,
    site_strings: Mapping[str, Mapping[str, str]] | None = None,
    before: Mapping[str, Tree | None] | None = None,
) -> dict[str, str]:
    """File name -> PO text: ``<tree id>.po`` per tree and ``sopkit-ui.po``.

    ``before`` holds each tree as it was at the ``--since`` ref: a translation whose
    source changed since then, while it did not, is marked fuzzy.
    """
    files: dict[str, str] = {}
    for tree_id in sorted(trees):
        tree = trees[tree_id]
        entries = tree_entries(tree, lang, languages.default)
        previous = fuzzy_names(tree, (before or {}).get(tree_id), languages, lang)
        files[f"{tree_id}.po"] = po_text(catalog(entries, lang, tree_id, previous))
    files[f"{UI_DOMAIN}.po"] = po_text(catalog(ui_entries(lang, site_strings), lang, UI_DOMAIN))
    return files
