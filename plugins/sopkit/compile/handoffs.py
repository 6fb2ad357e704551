"""Hand-offs across trees: every ``goto`` leads to a tree (and node) that exists, and no
loop of ``goto``s keeps a call going without ever reaching an outcome.

Each tree's own check (:mod:`sopkit.compile.checks`) counts a ``goto`` as an ending;
these checks see the nodes of all trees as one graph. All return problems, none raise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model import Handoff, Tree, Way
from ..problems import Problem, did_you_mean, error
from .decide import Input, decision_inputs


def check_gotos(
    trees: Iterable[Tree], broken: Iterable[str] = (), others: Iterable[Tree] = ()
) -> list[Problem]:
    """Check that every ``goto`` of ``trees`` names an existing tree (and node, when given).

    ``broken`` names trees whose files exist but did not compile: a ``goto`` to them is
    not reported again. ``others`` are trees a ``goto`` may lead to that are not
    checked themselves.
    """
    checked = list(trees)
    by_id = {tree.id: tree for tree in [*others, *checked]}
    skip = set(broken)
    problems: list[Problem] = []
    for tree in checked:
        for node in tree.nodes.values():
            for way in node.ways:
                if isinstance(way, Handoff) and way.tree not in skip:
                    problem = _check_handoff(way, by_id)
                    if problem is not None:
                        problems.append(problem)
    return problems + _check_endless_handoffs(checked, by_id) + _check_entries(checked, by_id)


NodeRef = tuple[str, str]
"""A node of a site: (tree id, node id)."""


def _check_endless_handoffs(checked: list[Tree], by_id: Mapping[str, Tree]) -> list[Problem]:
    """An error at each ``goto`` of ``checked`` that closes a loop no outcome ends.

    Each tree's own check counts a ``goto`` as an ending; here the nodes of all trees are
    one graph, so trees that only hand off to each other (or a tree that hands off to
    itself) are found. The error is at every ``goto`` of such a loop (the one way back
    in each tree), not at the ``goto``s that merely lead into it: fixing the loop fixes
    them. A hand-off to an unknown tree or node counts as an ending (it is reported once,
    as unknown).
    """
    children, ends = _site_graph(by_id)
    can_end = _reaching(ends, children)
    problems: list[Problem] = []
    for tree in checked:
        for node in tree.nodes.values():
            for way in node.ways:
                if not isinstance(way, Handoff):
                    continue
                there = _destination(tree, way, by_id)
                if there is None or there in can_end:
                    continue
                if _leads_to(there, (tree.id, node.id), children):
                    problems.append(_endless_handoff(way))
    return problems


def _site_graph(by_id: Mapping[str, Tree]) -> tuple[dict[NodeRef, list[NodeRef]], set[NodeRef]]:
    """Where each node of every tree leads, and the nodes that end a call (outcomes, and
    ways to unknown nodes, which are reported on their own)."""
    children: dict[NodeRef, list[NodeRef]] = {}
    ends: set[NodeRef] = set()
    for tree in by_id.values():
        for node in tree.nodes.values():
            here = (tree.id, node.id)
            children[here] = []
            if node.type == "outcome":
                ends.add(here)
            for way in node.ways:
                there = _destination(tree, way, by_id)
                if there is None:
                    ends.add(here)
                else:
                    children[here].append(there)
    return children, ends


def _reaching(ends: set[NodeRef], children: Mapping[NodeRef, list[NodeRef]]) -> set[NodeRef]:
    """The nodes from which one of ``ends`` can be reached (``ends`` included)."""
    parents: dict[NodeRef, list[NodeRef]] = {}
    for here, theres in children.items():
        for there in theres:
            parents.setdefault(there, []).append(here)
    found = set(ends)
    stack = list(ends)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in found:
                found.add(parent)
                stack.append(parent)
    return found


def _leads_to(start: NodeRef, goal: NodeRef, children: Mapping[NodeRef, list[NodeRef]]) -> bool:
    """True when ``goal`` can be reached from ``start``."""
    seen = {start}
    stack = [start]
    while stack:
        here = stack.pop()
        if here == goal:
            return True
        for there in children.get(here, ()):
            if there not in seen:
                seen.add(there)
                stack.append(there)
    return False


def _destination(tree: Tree, way: Way, by_id: Mapping[str, Tree]) -> NodeRef | None:
    """The node a way leads to; None when it leads nowhere known."""
    if not isinstance(way, Handoff):
        return (tree.id, way.next) if way.next in tree.nodes else None
    target = by_id.get(way.tree)
    if target is None:
        return None
    node = way.node if way.node is not None else target.start
    return (way.tree, node) if node in target.nodes else None


def _check_entries(checked: list[Tree], by_id: Mapping[str, Tree]) -> list[Problem]:
    """An error at each ``goto tree#node`` that enters a tree after the node where a value
    its decisions read is given: the decision would read nothing there.

    A hand-off starts a new guide, whose values are its own; entering at its start is
    checked with the tree itself.
    """
    inputs: dict[str, list[Input]] = {}
    problems: list[Problem] = []
    for tree in checked:
        for node in tree.nodes.values():
            for way in node.ways:
                if not isinstance(way, Handoff) or way.node is None:
                    continue
                target = by_id.get(way.tree)
                if target is None or way.node not in target.nodes:
                    continue  # an unknown tree or node is reported on its own
                if target.id not in inputs:
                    inputs[target.id] = decision_inputs(target)
                for needed in inputs[target.id]:
                    path = needed.missing(target, way.node)
                    if path is not None:
                        problems.append(_entry_skips(way, needed, path))
    return problems


def _entry_skips(way: Handoff, needed: Input, path: list[str]) -> Problem:
    if len(path) == 1:
        where = f"enters '{way.tree}' at its decide node '{needed.decision}'"
    else:
        where = (
            f"enters '{way.tree}' at '{way.node}', and the path {' > '.join(path)} reaches "
            f"its decide node '{needed.decision}'"
        )
    return error(
        "not-collected",
        way.tree_span,
        f"this goto {where}, which reads {needed.what}, without passing {needed.names()}, "
        f"where it is {needed.done}",
        f"hand off to '{way.tree}' at its start or at a node before {needed.names()}",
    )


def _endless_handoff(way: Handoff) -> Problem:
    return error(
        "endless-goto",
        way.tree_span,
        f"'tree' hands off to '{way.tree}', which leads back here through 'goto' nodes: "
        "this loop never reaches an outcome, so the call could never end",
        "end one of the trees in this loop with an outcome, or hand off to a tree that has one",
    )


def _check_handoff(way: Handoff, by_id: Mapping[str, Tree]) -> Problem | None:
    target = by_id.get(way.tree)
    if target is None:
        return error(
            "unknown-tree",
            way.tree_span,
            f"'tree' points to '{way.tree}', which is not a tree in the trees "
            f"directory" + did_you_mean(way.tree, by_id),
        )
    if way.node is not None and way.node not in target.nodes:
        return error(
            "unknown-next",
            way.tree_span,
            f"'node' points to '{way.node}', which is not a node of "
            f"tree '{way.tree}'" + did_you_mean(way.node, target.nodes),
        )
    return None
