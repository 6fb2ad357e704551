"""Read translated PO files back into the trees (and the site's UI strings).

Every entry is checked before anything is written: its ``msgctxt`` must name a text
that exists (:mod:`sopkit.editors.translate`), its ``msgid`` must still be that text's
default-language source (else the translator worked on an old export), and its
``msgstr`` must keep the source's Markdown link targets. One problem anywhere and no
file is written. Fuzzy entries are left out unless asked for. Each tree file is then
changed only where a translation changed (:mod:`sopkit.editors.splice`), and read
again to make sure every text now says what the PO file says.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from ..compile.loader import load_bytes
from ..compile.validate import build_tree
from ..languages import Languages
from ..locales import LOCALES, REFERENCE
from ..model import Span, Tree
from ..problems import Problem, did_you_mean, error
from ..settings import SettingError, read_option
from .splice import Document, Edit, SpliceError, apply
from .translate import UI_DOMAIN, Entry, tree_entries

# Markdown link and image targets: [text](target "title"), and <https://...> autolinks.
_LINK_RE = re.compile(
    r"\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)|<((?:https?|mailto|tel):[^>\s]+)>"
)


LOCALE_SOURCES = LOCALES.strings(REFERENCE)
"""The UI strings' sources: sopkit's English words, by key."""


@dataclass(frozen=True, slots=True)
class PoEntry:
    """One translated entry of a PO file, with where it is in that file."""

    context: str | None
    source: str
    translation: str
    fuzzy: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Change:
    """A translation that differs from what the tree says now."""

    entry: Entry
    value: str
    span: Span


@dataclass
class ImportResult:
    """What an import did (or, with problems, would have done: then nothing is written)."""

    lang: str
    changed: dict[str, int] = field(default_factory=dict)
    """Tree file (as shown) -> how many of its texts changed."""
    fuzzy_skipped: int = 0
    ui: dict[str, str] = field(default_factory=dict)
    """UI string key -> new text (for the site's ``locales`` folder)."""
    problems: list[Problem] = field(default_factory=list)


def read_po_file(path: Path, shown: str) -> tuple[str | None, list[PoEntry], list[Problem]]:
    """The language (from the header) and the entries of one PO file."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except PoFileError as exc:
        where = Span(shown, exc.lineno + 1, 1)
        return None, [], [error("po-syntax", where, f"not a PO file: {exc}", "fix the line")]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, [], [error("po-unreadable", Span(shown, 1, 1), f"cannot read it: {exc}")]
    lang = str(catalog.locale) if catalog.locale is not None else None
    entries = [
        PoEntry(
            context=message.context,
            source=str(message.id),
            translation=str(message.string or ""),
            fuzzy=message.fuzzy,
            span=Span(shown, message.lineno or 1, 1),
        )
        for message in catalog
        if message.id and isinstance(message.id, str)
    ]
    return lang, entries, []


def link_targets(text: str) -> list[str]:
    """The link targets of Markdown ``text``, sorted (the same set means the same links)."""
    return sorted(a or b for a, b in _LINK_RE.findall(text))


class Importer:
    """Checks PO entries against the trees and collects the changes to make."""

    def __init__(
        self,
        trees: Mapping[str, Tree],
        lang: str,
        default: str,
        *,
        fuzzy: bool = False,
        broken: Collection[str] = (),
    ) -> None:
        self.trees = trees
        self.broken = broken
        self.fuzzy = fuzzy
        self.default = default
        self.result = ImportResult(lang)
        self.changes: dict[str, list[Change]] = {}
        self._entries: dict[str, dict[str, Entry]] = {}
        self._seen: dict[str, Span] = {}

    def entries(self, tree: Tree) -> dict[str, Entry]:
        """The current entries of ``tree``, by context."""
        if tree.id not in self._entries:
            found = tree_entries(tree, self.result.lang, self.default)
            self._entries[tree.id] = {entry.context: entry for entry in found}
        return self._entries[tree.id]

    def add(self, po: PoEntry, ui_sources: Mapping[str, str]) -> None:
        """Check one PO entry and, when it changes a text, note the change."""
        problems = self.result.problems
        if not po.context:
            problems.append(
                error(
                    "po-no-context",
                    po.span,
                    "the entry has no msgctxt, so sopkit cannot tell which text it translates",
                    "keep the msgctxt lines of the exported file",
                )
            )
            return
        if po.context in self._seen:
            problems.append(
                error(
                    "po-duplicate",
                    po.span,
                    f"msgctxt '{po.context}' is translated a second time "
                    f"(first at {self._seen[po.context]})",
                    "keep one entry per msgctxt: import one export of each file",
                )
            )
            return
        self._seen[po.context] = po.span
        if po.context.startswith("ui/"):
            self._add_ui(po, ui_sources)
            return
        tree_id = po.context.partition("/")[0]
        if tree_id in self.broken:
            problems.append(
                error(
                    "po-broken-tree",
                    po.span,
                    f"tree '{tree_id}' has errors, so its translations cannot be checked",
                    "fix the errors sopkit check reports, then import again",
                )
            )
            return
        tree = self.trees.get(tree_id)
        entry = self.entries(tree).get(po.context) if tree is not None else None
        if entry is None:
            known = [c for t in self.trees.values() for c in self.entries(t)]
            problems.append(
                error(
                    "po-unknown-context",
                    po.span,
                    f"msgctxt '{po.context}' names no text of the trees"
                    + did_you_mean(po.context, known),
                    "export again: the node, answer or item may have been renamed or removed",
                )
            )
            return
        if not self._same_source(po, entry.source, entry.context):
            return
        if not self._usable(po, entry.source):
            return
        if po.translation != entry.translation and entry.location is not None:
            self.changes.setdefault(entry.location.file, []).append(
                Change(entry, po.translation, po.span)
            )

    def _add_ui(self, po: PoEntry, ui_sources: Mapping[str, str]) -> None:
        key = po.context.rpartition("/")[2] if po.context else ""
        if key not in ui_sources:
            self.result.problems.append(
                error(
                    "po-unknown-context",
                    po.span,
                    f"msgctxt '{po.context}' names none of sopkit's UI strings"
                    + did_you_mean(key, ui_sources),
                    f"export {UI_DOMAIN}.po again",
                )
            )
            return
        if not self._same_source(po, ui_sources[key], po.context or key):
            return
        if not self._usable(po, ui_sources[key]):
            return
        try:
            read_option("ui_strings", {self.result.lang: {key: po.translation}})
        except SettingError as exc:
            self.result.problems.append(
                error("po-placeholders", po.span, str(exc), "keep the {placeholders} of the msgid")
            )
            return
        self.result.ui[key] = po.translation

    def _same_source(self, po: PoEntry, source: str, context: str) -> bool:
        if po.source == source:
            return True
        self.result.problems.append(
            error(
                "po-stale-msgid",
                po.span,
                f"the msgid of '{context}' is not its current '{self.default}' text: "
                "the file was exported before the text changed",
                "export again (msgmerge can carry the translations over) and translate "
                "the changed text",
            )
        )
        return False

    def _usable(self, po: PoEntry, source: str) -> bool:
        """False for an empty or (unless asked) fuzzy entry, or one with other links."""
        if not po.translation:
            return False
        if po.fuzzy and not self.fuzzy:
            self.result.fuzzy_skipped += 1
            return False
        wanted, found = link_targets(source), link_targets(po.translation)
        if wanted != found:
            self.result.problems.append(
                error(
                    "po-link-changed",
                    po.span,
                    f"the msgstr links to {_listed(found)}, but the msgid links to "
                    f"{_listed(wanted)}",
                    "keep the link targets (the part in parentheses) as in the msgid; "
                    "translate only the link text",
                )
            )
            return False
        return True


def _listed(targets: list[str]) -> str:
    return ", ".join(f"'{t}'" for t in targets) if targets else "nothing"


def rewrite(
    path: Path, shown: str, changes: list[Change], lang: str
) -> tuple[bytes, list[Problem]]:
    """The new bytes of one tree file with ``changes`` made, or the problems."""
    data = path.read_bytes()
    document, problems = load_bytes(data, shown)
    if problems or document.root is None:
        return data, problems
    doc = Document(document.text, document.root)
    edits: list[Edit] = []
    for change in changes:
        assert change.entry.text is not None
        try:
            edits.append(doc.edit(change.entry.text, lang, change.value))
        except SpliceError as exc:
            problems.append(
                error("po-cannot-write", change.span, f"'{change.entry.context}': {exc}")
            )
    if problems:
        return data, problems
    new = apply(document.text, edits).encode("utf-8")
    return new, _verify(new, shown, path.stem, changes, lang)


def _verify(
    data: bytes, shown: str, tree_id: str, changes: list[Change], lang: str
) -> list[Problem]:
    """Read the new file again: every changed text must now read as the PO file says."""
    document, problems = load_bytes(data, shown)
    tree, more = build_tree(document, tree_id)
    texts = dict(tree.texts()) if tree is not None else {}
    wrong = []
    for change in changes:
        text = texts.get(change.entry.name)
        if text is None or text.values.get(lang) != change.value:
            wrong.append(change)
    errors = [p for p in problems + more if p.is_error]
    if not errors and not wrong:
        return []
    if errors:
        return [
            error(
                "po-invalid-translation",
                changes[0].span,
                f"with these translations {shown} would not be a valid tree: "
                f"{errors[0].span.line}:{errors[0].span.col}: {errors[0].message}",
                "fix the msgstr written there (the file was left as it was)",
            )
        ]
    first = wrong[0]
    return [
        error(
            "po-cannot-write",
            first.span,
            f"'{first.entry.context}' could not be written into {shown} safely, "
            "so the file was left as it was",
            "report this to sopkit's maintainers with the PO entry",
        )
    ]


def site_code(header: str, languages: Languages) -> str | None:
    """The site's code for a PO header's language (``es_ES`` is ``es`` on an ``es`` site)."""
    for code in (header, header.replace("_", "-"), header.partition("_")[0]):
        if code in languages.codes:
            return code
    return None


def _language(
    lang: str | None, headers: set[str], languages: Languages, shown: str
) -> tuple[str | None, list[Problem]]:
    """The site's code for ``lang``, else for the one language the headers name."""
    if lang is None and len(headers) != 1:
        named = ", ".join(sorted(headers)) or "none"
        message = f"the PO files name {len(headers)} languages in their headers ({named})"
        hint = "import one language at a time, or say which with --lang"
        return None, [error("po-language", Span(shown, 1, 1), message, hint)]
    header = lang or headers.pop()
    code = site_code(header, languages)
    if code is not None and code != languages.default:
        return code, []
    if code is None:
        why = f"not one of the site's languages ({', '.join(languages.codes)})"
    else:
        why = "the default language, whose texts are the sources"
    hint = "export the language to translate with sopkit translate export --lang"
    return None, [
        error("po-language", Span(shown, 1, 1), f"the PO files are in '{header}', {why}", hint)
    ]


def check_folder(
    files: list[tuple[Path, str]],
    trees: Mapping[str, Tree],
    lang: str | None,
    languages: Languages,
    *,
    fuzzy: bool = False,
    broken: Collection[str] = (),
) -> tuple[Importer | None, list[Problem]]:
    """Read every PO file (path, shown path) and check its entries against the trees
    (``broken``: the ids of trees with errors, whose entries cannot be checked).

    The language is ``lang``, else the one the files' headers name (they must agree).
    """
    read = []
    problems: list[Problem] = []
    for path, shown in files:
        found_lang, entries, more = read_po_file(path, shown)
        problems += more
        read.append((found_lang, entries, shown))
    if problems:
        return None, problems
    headers = {found for found, _, _ in read if found}
    code, problems = _language(lang, headers, languages, files[0][1] if files else ".")
    if code is None:
        return None, problems
    importer = Importer(trees, code, languages.default, fuzzy=fuzzy, broken=broken)
    sources = LOCALE_SOURCES
    for _, entries, _ in read:
        for entry in entries:
            importer.add(entry, sources)
    return importer, importer.result.problems


def write_changes(importer: Importer, root: Path) -> list[Problem]:
    """Write every changed tree file (each one read again first); nothing on a problem."""
    planned: list[tuple[Path, bytes]] = []
    problems: list[Problem] = []
    for shown, changes in importer.changes.items():
        path = Path(shown) if Path(shown).is_absolute() else root / shown
        data, more = rewrite(path, shown, changes, importer.result.lang)
        problems += more
        planned.append((path, data))
        importer.result.changed[shown] = len(changes)
    if problems:
        return problems
    for path, data in planned:
        path.write_bytes(data)
    return []
