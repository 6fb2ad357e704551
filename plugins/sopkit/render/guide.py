"""The guide: a tree as plain, linked HTML that the player enhances.

Without JavaScript every node is a section with a stable anchor and every answer a
link to the next node, so the procedure is complete with scripts off and each step is
indexed by search. The player (``assets/sopkit.js``) builds on the ``data-sopkit-*``
hooks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Node, Text, Tree
from .context import PageContext
from .templates import environment
from .text import TextRenderer, plain, safe_url

_renderer = TextRenderer()


def anchor(tree_id: str, node_id: str) -> str:
    """The HTML id of a node's heading: ``<tree-id>--<node-id>``."""
    return f"{tree_id}--{node_id}"


@dataclass(frozen=True)
class Texts:
    """Renders a tree's texts for one page, marking fallbacks to the default language."""

    ctx: PageContext

    def _get(self, text: Text, lang: str | None = None) -> tuple[str, bool]:
        return text.get(lang or self.ctx.lang, self.ctx.languages.default)

    def inline(self, text: Text | None) -> Markup:
        """One line of inline Markdown, in a ``lang`` span when not translated."""
        if text is None:
            return Markup("")
        source, translated = self._get(text)
        rendered = Markup(_renderer.inline(source, self.ctx.link))
        return rendered if translated else self._mark(rendered, "span")

    def block(self, text: Text | None) -> Markup:
        """Markdown paragraphs, in a ``lang`` block when not translated."""
        if text is None:
            return Markup("")
        source, translated = self._get(text)
        rendered = Markup(_renderer.block(source, self.ctx.link))
        return rendered if translated else self._mark(rendered, "div")

    def plain(self, text: Text | None, lang: str | None = None) -> str:
        """The words of a text without markup (titles, case notes)."""
        if text is None:
            return ""
        return plain(self._get(text, lang)[0])

    def _mark(self, rendered: Markup, tag: str) -> Markup:
        default = self.ctx.languages.default
        note = escape(self.ctx.ui["not_translated"])
        return Markup(
            f'<{tag} lang="{default}" class="sopkit-fallback">{rendered}</{tag}>'
            f' <small class="sopkit-untranslated">({note})</small>'
        )


def render_guide(tree: Tree, ctx: PageContext) -> str:
    """Render a tree as the guide HTML for one page (pure: model in, string out)."""
    texts = Texts(ctx)
    template = environment().get_template("guide.html.j2")
    return template.render(
        tree=tree,
        ctx=ctx,
        ui=ctx.ui,
        t=texts,
        steps=tree.step_numbers(),
        anchor=anchor,
        goto=_goto(ctx, texts),
        player_data=_player_data(tree, ctx, texts),
        pdf_url=ctx.pdf_url(tree.id),
        link_href=lambda href: safe_url(ctx.link(href)),
    )


def _goto(ctx: PageContext, texts: Texts) -> Callable[[Node], tuple[str, str]]:
    def target(node: Node) -> tuple[str, str]:
        """(href, title) of a goto node's destination."""
        assert node.tree is not None
        other = ctx.trees.get(node.tree)
        title = texts.plain(other.title) if other is not None else node.tree
        page = ctx.tree_page(node.tree) or ""
        start = node.target_node or (other.start if other is not None else None)
        href = f"{page}#{anchor(node.tree, start)}" if start else page or "#"
        return href, title

    return target


def _player_data(tree: Tree, ctx: PageContext, texts: Texts) -> str:
    """The JSON the player needs beyond the HTML: UI strings and case-note texts.

    Case notes may be in another language than the page, so their texts travel here.
    """
    note_lang = ctx.note_lang
    nodes = {}
    if note_lang != ctx.lang:
        for node in tree.nodes.values():
            entry: dict[str, object] = {"text": texts.plain(node.text, note_lang)}
            if node.answers:
                entry["answers"] = [texts.plain(a.label, note_lang) for a in node.answers]
            if node.checklist:
                entry["checklist"] = [texts.plain(c.text, note_lang) for c in node.checklist]
            if node.fields:
                entry["fields"] = {f.id: texts.plain(f.label, note_lang) for f in node.fields}
            nodes[node.id] = entry
    note: dict[str, object] = {"lang": note_lang, "title": texts.plain(tree.title, note_lang)}
    if note_lang != ctx.lang:
        note["ui"] = ctx.note_ui
        note["nodes"] = nodes
    data = {"ui": ctx.ui, "note": note}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
