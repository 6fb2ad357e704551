"""A time box in words, for the guide and the job aid: how long, and what to do then.

``Time box: 30 seconds. When time is up: Complete the transfer to voicemail.`` The
action is the node's ``timeup`` text; without one, it follows from where the node
leads (``go to step 7 (Escalate).`` before an outcome, ``go to step 4.`` before
another step), so a time box never says "escalate" unless the procedure does. The
player shows the same action when the countdown ends (``assets/sopkit/timer.mjs``
reads it from ``.sopkit-timebox__then``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from ..durations import duration
from ..model import Node, Tree

if TYPE_CHECKING:
    from .guide import Texts


def timebox_line(node: Node, tree: Tree, texts: Texts, steps: Mapping[str, int]) -> Markup:
    """``Time box: <duration>. When time is up: <action>`` (empty without a time box)."""
    if node.timebox is None:
        return Markup()
    ui = texts.ctx.ui
    if node.timeup is not None:
        action = texts.inline(node.timeup)
    else:
        action = escape(default_timeup(node, tree, ui, steps))
    return escape(ui["timebox"]).format(
        duration=duration(node.timebox.seconds, texts.ctx.lang),
        action=Markup('<span class="sopkit-timebox__then">{}</span>').format(action),
    )


def default_timeup(node: Node, tree: Tree, ui: Mapping[str, str], steps: Mapping[str, int]) -> str:
    """What to do when time is up, for a node without ``timeup``: from where it leads.

    A step leads one way: to an outcome (its result said, ``go to step 7 (Escalate).``)
    or to another node (``go to step 4.``). A question's answers lead several ways: the
    agent answers with what they know.
    """
    if node.type != "step" or node.next is None:
        return ui["timeup.question"]
    target = tree.nodes.get(node.next)
    n = steps.get(node.next, "?")
    if target is not None and target.type == "outcome":
        return ui["timeup.outcome"].format(n=n, result=ui[f"result.{target.result}"])
    return ui["timeup.next"].format(n=n)
