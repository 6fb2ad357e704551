"""The "what changed" list that a ```` ```changes ```` fence shows, in the page's language.

One item per day and procedure, newest first: the date, the procedure (linked to its
guide when the host knows the page) and what changed in words an agent reads, each
step linked to its place in the guide while it still exists. Text changes are listed
on the page of the language they were made in. When the history is incomplete (a
shallow clone) or missing (no Git checkout), a notice says so.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup, escape

from ..editors.changes import RecentChanges, TreeChange
from ..editors.diff import (
    AgentChange,
    NodesAdded,
    NodesRemoved,
    OutcomesReachable,
    OutcomesUnreachable,
    Repointed,
    StartMoved,
    TextsChanged,
)
from ..model import Tree
from .context import PageContext
from .guide import Texts, anchor

_LONGEST = 60
"""Characters of a step's text that name it; longer texts are cut with an ellipsis."""


def render_changes(recent: RecentChanges, ctx: PageContext) -> str:
    """The list as HTML for one page (pure: model in, string out)."""
    ui = ctx.ui
    out = [Markup('<div class="sopkit-changes">')]
    if recent.history == "refused":
        out.append(_notice("warning", ui["changes.refused"]))
        out.append(Markup("</div>"))
        return "\n".join(out)
    if recent.history == "unavailable" or recent.as_of is None:
        out.append(_notice("note", ui["changes.unavailable"]))
        out.append(Markup("</div>"))
        return "\n".join(out)
    if recent.history == "shallow":
        out.append(_notice("warning", ui["changes.shallow"]))
    start = recent.as_of - dt.timedelta(days=recent.days - 1)
    period = {"start": start.isoformat(), "end": recent.as_of.isoformat()}
    writer = _ChangeWriter(ctx)
    items = [item for entry in recent.entries if (item := writer.entry(entry)) is not None]
    if not items:
        out.append(Markup("<p>{}</p>").format(ui["changes.none"].format(**period)))
    else:
        out.append(Markup("<p>{}</p>").format(ui["changes.period"].format(**period)))
        out.append(Markup("<ul>"))
        out.extend(items)
        out.append(Markup("</ul>"))
    out.append(Markup("</div>"))
    return "\n".join(out)


def _notice(kind: str, message: str) -> Markup:
    return Markup('<div class="admonition {}" role="note"><p>{}</p></div>').format(kind, message)


class _ChangeWriter:
    """Writes one day's changes to one tree in the page's language."""

    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self.ui = ctx.ui
        self.texts = Texts(ctx)

    def entry(self, entry: TreeChange) -> Markup | None:
        """The list item of ``entry``; None when nothing of it shows in this language."""
        lines: list[Markup]
        if entry.before is None:
            lines = [escape(self.ui["changes.new_tree"])]
        elif entry.after is None:
            lines = [escape(self.ui["changes.removed_tree"])]
        else:
            lines = [
                self.change(c, entry.before, entry.after)
                for c in entry.changes_in(self.lang, self.ctx.languages.default)
            ]
        if not lines:
            return None
        tree = entry.after or entry.before
        assert tree is not None
        current = self.ctx.trees.get(entry.tree_id)
        title = self.texts.plain((current or tree).title)
        page = self.ctx.tree_page(entry.tree_id) if current is not None else None
        name = (
            Markup('<a href="{}">{}</a>').format(page or "#", title) if page is not None else title
        )
        body = Markup("").join(Markup("<li>{}</li>\n").format(line) for line in lines)
        return Markup(
            '<li><time datetime="{day}">{day}</time> — <strong>{name}</strong>'
            "<ul>\n{body}</ul></li>"
        ).format(day=entry.day.isoformat(), name=name, body=body)

    @property
    def lang(self) -> str:
        return self.ctx.lang

    def change(self, change: AgentChange, before: Tree, after: Tree) -> Markup:
        """One change, in words."""
        ui = self.ui
        match change:
            case NodesAdded(nodes):
                return self._say("changes.added", steps=self._steps(after, nodes))
            case NodesRemoved(nodes):
                return self._say("changes.removed", steps=self._steps(before, nodes, link=False))
            case StartMoved(_, start):
                return self._say("changes.start", step=self._step(after, start))
            case Repointed(node, _, _, target, label):
                step = self._step(after, node)
                where = self._step(after, target) if target in after.nodes else target
                if label is None:
                    return self._say("changes.repointed", step=step, target=where)
                answer = self.texts.plain(label)
                return self._say("changes.repointed_answer", step=step, answer=answer, target=where)
            case TextsChanged():
                steps = [self._step(after, node) for node in change.nodes()]
                if len(change.nodes()) < len(change.names):
                    steps.insert(0, escape(ui["changes.title"]))
                return self._say("changes.texts", steps=Markup(", ").join(steps))
            case OutcomesReachable(nodes):
                return self._say("changes.reachable", steps=self._steps(after, nodes))
            case OutcomesUnreachable(nodes):
                return self._say("changes.unreachable", steps=self._steps(after, nodes))

    def _say(self, key: str, **values: object) -> Markup:
        """The UI string ``key`` (escaped) with ``values`` (escaped unless Markup)."""
        return escape(self.ui[key]).format(**values)

    def _steps(self, tree: Tree, nodes: tuple[str, ...], link: bool = True) -> Markup:
        return Markup(", ").join(self._step(tree, node, link) for node in nodes)

    def _step(self, tree: Tree, node_id: str, link: bool = True) -> Markup:
        """A step named by its text, linked to it in the guide while it still exists."""
        node = tree.nodes.get(node_id)
        words = self.texts.plain(node.text) if node is not None and node.text else node_id
        if len(words) > _LONGEST:
            words = words[: _LONGEST - 1].rstrip() + "…"
        current = self.ctx.trees.get(tree.id)
        page = self.ctx.tree_page(tree.id) if current is not None else None
        quoted = self.ui["changes.quoted"].format(text=words)
        if not link or page is None or current is None or node_id not in current.nodes:
            return escape(quoted)
        return Markup('<a href="{}#{}">{}</a>').format(page, anchor(tree.id, node_id), quoted)
