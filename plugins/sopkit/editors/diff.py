"""What a change does to each tree, as Markdown for a pull request description.

For every tree that changed: nodes added and removed, ways on that now lead elsewhere
(re-pointed), texts changed per language, and outcomes that became reachable from the
start or can no longer be reached.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..compile.scenarios import label_of
from ..model import Answer, Next, Node, Text, Tree


def _edges(node: Node, default_lang: str | None) -> dict[str, str]:
    """The ways on from a node, by a name a reviewer recognises -> where they lead."""
    edges: dict[str, str] = {}
    for i, way in enumerate(node.ways):
        if isinstance(way, Answer):
            name = f"answer '{label_of(way, default_lang)}'"
            edges[name if name not in edges else f"answer {i + 1}"] = way.next
        elif isinstance(way, Next):
            edges["next"] = way.next
        else:
            edges["goto"] = way.target
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


def _codes(ids: list[str] | set[str]) -> str:
    return ", ".join(f"`{i}`" for i in sorted(ids))


def tree_changes(before: Tree, after: Tree, default_lang: str | None) -> list[str]:
    """Markdown list items describing what changed from ``before`` to ``after``."""
    lines = []
    added = [n for n in after.nodes if n not in before.nodes]
    removed = [n for n in before.nodes if n not in after.nodes]
    if added:
        lines.append(f"- Nodes added: {_codes(added)}")
    if removed:
        lines.append(f"- Nodes removed: {_codes(removed)}")
    if before.start != after.start:
        lines.append(f"- Start moved: `{before.start}` → `{after.start}`")
    for node_id, node in after.nodes.items():
        old = before.nodes.get(node_id)
        if old is None:
            continue
        old_edges, new_edges = _edges(old, default_lang), _edges(node, default_lang)
        for name, target in new_edges.items():
            if name in old_edges and old_edges[name] != target:
                lines.append(f"- Re-pointed: `{node_id}` {name}: `{old_edges[name]}` → `{target}`")
    for lang, names in sorted(_changed_texts(before, after, default_lang).items()):
        shown = ", ".join(f"`{n}`" for n in names[:8])
        more = f" and {len(names) - 8} more" if len(names) > 8 else ""
        count = f"{len(names)} text{'s' if len(names) != 1 else ''}"
        lines.append(f"- Texts changed in `{lang}`: {count} ({shown}{more})")
    old_ends, new_ends = reachable_outcomes(before), reachable_outcomes(after)
    if new_ends - old_ends:
        lines.append(f"- Outcomes newly reachable: {_codes(new_ends - old_ends)}")
    if old_ends - new_ends:
        lines.append(f"- Outcomes no longer reachable: {_codes(old_ends - new_ends)}")
    return lines


def _title(tree: Tree, default_lang: str | None) -> str:
    values = _languages(tree.title, default_lang)
    return values.get(default_lang or "default") or next(iter(values.values()), tree.id)


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
            body = [f"- New tree: {len(new.nodes)} nodes, starting at `{new.start}`"]
            if reachable_outcomes(new):
                body.append(f"- Outcomes: {_codes(reachable_outcomes(new))}")
            title = _title(new, default_lang)
        elif new is None and old is not None:
            count = len(old.nodes)
            body = [f"- Tree removed (it had {count} node{'s' if count != 1 else ''})"]
            title = _title(old, default_lang)
        else:
            assert old is not None and new is not None
            body = tree_changes(old, new, default_lang)
            title = _title(new, default_lang)
        if body:
            sections.append(f"### `{tree_id}`: {title}\n\n" + "\n".join(body))
    header = f"## Decision trees changed since `{ref}`"
    if not sections:
        return f"{header}\n\nNo decision tree changed.\n"
    return header + "\n\n" + "\n\n".join(sections) + "\n"
