"""What a change does to each tree: a list of changes, and as Markdown for a pull request.

For every tree that changed: nodes added and removed, ways on that now lead elsewhere
(re-pointed), texts changed per language, editor notes added, changed or removed, and
outcomes that became reachable from the start or can no longer be reached.
:func:`tree_changes` says it as data (the "what changed" page renders the agents' part
of the list); :func:`diff_markdown` as Markdown for reviewers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..compile.scenarios import label_of
from ..model import Answer, Next, Node, Rule, Text, Tree
from ..problems import printable


@dataclass(frozen=True, slots=True)
class NodesAdded:
    """Nodes that the tree has now and did not have."""

    nodes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NodesRemoved:
    """Nodes that the tree had and has no longer."""

    nodes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StartMoved:
    """The tree starts at another node."""

    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Repointed:
    """A way on from ``node`` (an answer, its Next, its hand-off) leads elsewhere now.

    ``way`` names it as a reviewer recognises it (``answer 'No'``, ``next``, ``goto``);
    ``label`` is the answer's label when the way is an answer.
    """

    node: str
    way: str
    before: str
    after: str
    label: Text | None = None


@dataclass(frozen=True, slots=True)
class TextsChanged:
    """Texts (dotted names, ``nodes.<id>.text``) whose wording changed in ``lang``."""

    lang: str
    names: tuple[str, ...]

    def nodes(self) -> tuple[str, ...]:
        """The ids of the nodes these texts belong to, in order, once each."""
        ids = (name.split(".")[1] for name in self.names if name.startswith("nodes."))
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True, slots=True)
class NotesChanged:
    """Editor notes (``editor_note``, ``nodes.<id>.editor_note``) added, reworded or removed.

    Only editors read them: the "what changed" page for agents leaves this out.
    """

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OutcomesReachable:
    """Outcomes (and gotos) that can now be reached from the start."""

    nodes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OutcomesUnreachable:
    """Outcomes (and gotos) that can no longer be reached from the start."""

    nodes: tuple[str, ...]


AgentChange = (
    NodesAdded
    | NodesRemoved
    | StartMoved
    | Repointed
    | TextsChanged
    | OutcomesReachable
    | OutcomesUnreachable
)
"""A change agents can see (the "what changed" page lists these)."""

Change = AgentChange | NotesChanged
"""One thing that changed in a tree that exists before and after."""


def _edges(node: Node, default_lang: str | None) -> dict[str, tuple[str, Text | None]]:
    """The ways on from a node, by a name a reviewer recognises -> (target, label)."""
    edges: dict[str, tuple[str, Text | None]] = {}
    for i, way in enumerate(node.ways):
        if isinstance(way, Answer):
            name = f"answer '{printable(label_of(way, default_lang))}'"
            edges[name if name not in edges else f"answer {i + 1}"] = (way.next, way.label)
        elif isinstance(way, Rule):
            edges[f"rule '{printable(way.when)}'"] = (way.next, None)
        elif isinstance(way, Next):
            edges["otherwise" if node.type == "decide" else "next"] = (way.next, None)
        else:
            edges["goto"] = (way.target, None)
    return edges


def reachable_outcomes(tree: Tree) -> set[str]:
    """Ids of the outcome and goto nodes that can be reached from the start."""
    seen = {tree.start} if tree.start in tree.nodes else set()
    stack = list(seen)
    while stack:
        for target in tree.nodes[stack.pop()].targets:
            if target in tree.nodes and target not in seen:
                seen.add(target)
                stack.append(target)
    return {node_id for node_id in seen if tree.nodes[node_id].terminal}


def _languages(text: Text, default_lang: str | None) -> dict[str, str]:
    values = dict(text.values)
    if Text.DEFAULT in values:
        values[default_lang or "default"] = values.pop(Text.DEFAULT)
    return values


def _changed_texts(before: Tree, after: Tree, default_lang: str | None) -> dict[str, list[str]]:
    """Language -> names of the texts that changed in it.

    Texts of added or removed nodes are left out: those nodes are listed already.
    """
    kept = before.nodes.keys() & after.nodes.keys()

    def shared(name: str) -> bool:
        return not name.startswith("nodes.") or name.split(".")[1] in kept

    old = {n: _languages(t, default_lang) for n, t in before.texts() if shared(n)}
    new = {n: _languages(t, default_lang) for n, t in after.texts() if shared(n)}
    changed: dict[str, list[str]] = {}
    for name in [*new, *(n for n in old if n not in new)]:
        a, b = old.get(name, {}), new.get(name, {})
        for lang in sorted(a.keys() | b.keys()):
            if a.get(lang) != b.get(lang):
                changed.setdefault(lang, []).append(name)
    return changed


def _changed_notes(before: Tree, after: Tree) -> NotesChanged | None:
    """The editor notes added, reworded (in any language) or removed, of the tree and
    of the nodes it keeps."""
    kept = before.nodes.keys() & after.nodes.keys()

    def shared(name: str) -> bool:
        return not name.startswith("nodes.") or name.split(".")[1] in kept

    old = {n: dict(t.values) for n, t in before.editor_notes() if shared(n)}
    new = {n: dict(t.values) for n, t in after.editor_notes() if shared(n)}
    added = tuple(n for n in new if n not in old)
    changed = tuple(n for n in new if n in old and new[n] != old[n])
    removed = tuple(n for n in old if n not in new)
    return NotesChanged(added, changed, removed) if added or changed or removed else None


def tree_changes(before: Tree, after: Tree, default_lang: str | None) -> list[Change]:
    """What changed from ``before`` to ``after``, in the order a reviewer reads it."""
    changes: list[Change] = []
    added = tuple(n for n in after.nodes if n not in before.nodes)
    removed = tuple(n for n in before.nodes if n not in after.nodes)
    if added:
        changes.append(NodesAdded(added))
    if removed:
        changes.append(NodesRemoved(removed))
    if before.start != after.start:
        changes.append(StartMoved(before.start, after.start))
    for node_id, node in after.nodes.items():
        old = before.nodes.get(node_id)
        if old is None:
            continue
        old_edges = _edges(old, default_lang)
        for name, (target, label) in _edges(node, default_lang).items():
            if name in old_edges and old_edges[name][0] != target:
                changes.append(Repointed(node_id, name, old_edges[name][0], target, label))
    for lang, names in sorted(_changed_texts(before, after, default_lang).items()):
        changes.append(TextsChanged(lang, tuple(names)))
    notes = _changed_notes(before, after)
    if notes is not None:
        changes.append(notes)
    old_ends, new_ends = reachable_outcomes(before), reachable_outcomes(after)
    if new_ends - old_ends:
        changes.append(OutcomesReachable(tuple(sorted(new_ends - old_ends))))
    if old_ends - new_ends:
        changes.append(OutcomesUnreachable(tuple(sorted(old_ends - new_ends))))
    return changes


def _keywords(tree: Tree, default_lang: str | None) -> dict[str, tuple[str, ...]]:
    if tree.keywords is None:
        return {}
    values = dict(tree.keywords.values)
    if Text.DEFAULT in values:
        values[default_lang or "default"] = values.pop(Text.DEFAULT)
    return values


def keyword_changes(before: Tree, after: Tree, default_lang: str | None) -> list[str]:
    """Keywords added and removed per language, as Markdown list items for reviewers.

    Only ``sopkit diff`` shows them: they change what the site's search finds, not the
    procedure, so the "what changed" page for agents leaves them out.
    """
    old, new = _keywords(before, default_lang), _keywords(after, default_lang)
    lines = []
    for lang in sorted(old.keys() | new.keys()):
        was, now = old.get(lang, ()), new.get(lang, ())
        added = [md_code(word) for word in now if word not in was]
        removed = [md_code(word) for word in was if word not in now]
        parts = [f"added {', '.join(added)}"] if added else []
        parts += [f"removed {', '.join(removed)}"] if removed else []
        if parts:
            lines.append(f"- Keywords changed in {md_code(lang)}: {'; '.join(parts)}")
    return lines


# What Markdown (GitHub's too) may read as markup inside a line: code, emphasis, links,
# raw HTML and comments, entities, tables, strikethrough, maths.
_MARKUP_RE = re.compile(r"[\\`*_\[\]<>&|~$]")
_TICKS_RE = re.compile(r"`+")


def md_text(value: str) -> str:
    """``value`` as Markdown that shows it literally, on one line: a title ending in
    ``<!--`` or holding backticks hides or breaks nothing after it."""
    return _MARKUP_RE.sub(lambda m: "\\" + m.group(), printable(value))


def md_code(value: str) -> str:
    """``value`` as a Markdown code span, whatever backticks it holds."""
    value = printable(value)
    fence = "`" * (max(map(len, _TICKS_RE.findall(value)), default=0) + 1)
    pad = " " if value[:1] in ("`", " ") or value[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _codes(ids: tuple[str, ...] | set[str]) -> str:
    return ", ".join(md_code(i) for i in sorted(ids))


def change_markdown(change: Change) -> str:
    """One change as a Markdown list item, for reviewers."""
    match change:
        case NodesAdded(nodes):
            return f"- Nodes added: {_codes(nodes)}"
        case NodesRemoved(nodes):
            return f"- Nodes removed: {_codes(nodes)}"
        case StartMoved(before, after):
            return f"- Start moved: {md_code(before)} → {md_code(after)}"
        case Repointed(node, way, before, after):
            where = f"{md_code(node)} {md_text(way)}"
            return f"- Re-pointed: {where}: {md_code(before)} → {md_code(after)}"
        case TextsChanged(lang, names):
            shown = _codes_in_order(names[:8])
            more = f" and {len(names) - 8} more" if len(names) > 8 else ""
            count = f"{len(names)} text{'s' if len(names) != 1 else ''}"
            return f"- Texts changed in {md_code(lang)}: {count} ({shown}{more})"
        case NotesChanged(added, changed, removed):
            parts = [
                f"{what} {_codes_in_order(names)}"
                for what, names in (("added", added), ("changed", changed), ("removed", removed))
                if names
            ]
            return f"- Editor notes: {'; '.join(parts)}"
        case OutcomesReachable(nodes):
            return f"- Outcomes newly reachable: {_codes(nodes)}"
        case OutcomesUnreachable(nodes):
            return f"- Outcomes no longer reachable: {_codes(nodes)}"


def _codes_in_order(names: tuple[str, ...]) -> str:
    return ", ".join(md_code(n) for n in names)


def _title(tree: Tree, default_lang: str | None) -> str:
    values = _languages(tree.title, default_lang)
    return md_text(values.get(default_lang or "default") or next(iter(values.values()), tree.id))


def diff_markdown(
    before: Mapping[str, Tree],
    after: Mapping[str, Tree],
    ref: str,
    default_lang: str | None,
) -> str:
    """The Markdown summary of every tree that changed between ``before`` and ``after``."""
    sections = []
    for tree_id in sorted(before.keys() | after.keys()):
        old, new = before.get(tree_id), after.get(tree_id)
        if old is None and new is not None:
            body = [f"- New tree: {len(new.nodes)} nodes, starting at {md_code(new.start)}"]
            if reachable_outcomes(new):
                body.append(f"- Outcomes: {_codes(reachable_outcomes(new))}")
            title = _title(new, default_lang)
        elif new is None and old is not None:
            count = len(old.nodes)
            body = [f"- Tree removed (it had {count} node{'s' if count != 1 else ''})"]
            title = _title(old, default_lang)
        else:
            assert old is not None and new is not None
            body = [change_markdown(c) for c in tree_changes(old, new, default_lang)]
            body += keyword_changes(old, new, default_lang)
            title = _title(new, default_lang)
        if body:
            sections.append(f"### {md_code(tree_id)}: {title}\n\n" + "\n".join(body))
    header = f"## Decision trees changed since {md_code(ref)}"
    if not sections:
        return f"{header}\n\nNo decision tree changed.\n"
    return header + "\n\n" + "\n\n".join(sections) + "\n"
