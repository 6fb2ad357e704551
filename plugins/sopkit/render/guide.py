"""The guide: a tree as plain, linked HTML that the player enhances.

Without JavaScript every node is a section with a stable anchor and every answer a
link to the next node, so the procedure is complete with scripts off and each step is
indexed by search. The player (``assets/sopkit.js``) builds on the ``data-sopkit-*``
hooks.

The markup: ``section.sopkit-tree`` (tree id, start node, content hash and the
player's JSON as ``data-sopkit-*``) holds a header (``h2`` title, summary, meta line
with owner, review date, version and PDF link), then ``ol.sopkit-steps`` with one
``li.sopkit-node`` per node: an ``h3`` with the anchor ``<tree>--<node>``, then help,
callouts, script, checklist, fields, links and the ways on (answers, continue, outcome,
goto); last, the map (``details.sopkit-map``) when a flowchart is drawn. It is written
in plain Python: this runs once per node per language, and Jinja's per-expression
overhead was most of the cost of a build's guides. Golden files pin it.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..locales import player_strings
from ..model import Answer, Handoff, Next, Node, Text, Tree, Way
from .context import PageContext, compact_json
from .text import TextRenderer, plain, safe_url

_renderer = TextRenderer()


def anchor(tree_id: str, node_id: str) -> str:
    """The HTML id of a node's heading: ``<tree-id>--<node-id>``."""
    return f"{tree_id}--{node_id}"


class Texts:
    """Renders a tree's texts for one page, marking fallbacks to the default language."""

    __slots__ = ("_default", "_html", "_lang", "_link", "ctx")

    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        # Looked up once: these methods run for every text of every node.
        self._lang = ctx.lang
        self._default = ctx.languages.default
        self._link = ctx.link
        self._html = _renderer.html

    def _get(self, text: Text, lang: str | None = None) -> tuple[str, bool]:
        return text.get(lang or self._lang, self._default)

    def inline(self, text: Text | None) -> Markup:
        """One line of inline Markdown, in a ``lang`` span when not translated."""
        return Markup(self.inline_html(text))

    def block(self, text: Text | None) -> Markup:
        """Markdown paragraphs, in a ``lang`` block when not translated."""
        return Markup(self.block_html(text))

    # inline_html and block_html run for every text of every node: each does the common
    # case (written in the page's language) itself, without a further call.

    def inline_html(self, text: Text | None) -> str:
        """:meth:`inline` as a plain string of HTML (the node writer joins strings)."""
        if text is None:
            return ""
        source = text.values.get(self._lang)
        if source is not None:
            return self._html(source, True, self._link)
        return self._fallback(text, True)

    def block_html(self, text: Text | None) -> str:
        """:meth:`block` as a plain string of HTML."""
        if text is None:
            return ""
        source = text.values.get(self._lang)
        if source is not None:
            return self._html(source, False, self._link)
        return self._fallback(text, False)

    def plain(self, text: Text | None, lang: str | None = None) -> str:
        """The words of a text without markup (titles, case notes)."""
        if text is None:
            return ""
        return plain(self._get(text, lang)[0])

    def tree_title(self, tree_id: str) -> str:
        """The plain title of another tree of the site (its id when there is no such tree)."""
        other = self.ctx.trees.get(tree_id)
        return self.plain(other.title) if other is not None else tree_id

    def _fallback(self, text: Text, inline: bool) -> str:
        """A text not written in the page's language: the default's, marked as such."""
        source, translated = text.get(self._lang, self._default)
        rendered = self._html(source, inline, self._link)
        if translated:  # a plain string, on a page in the default language
            return rendered
        tag, note = ("span" if inline else "div"), self.ctx.ui_html["not_translated"]
        return (
            f'<{tag} lang="{self._default}" class="sopkit-fallback">{rendered}</{tag}>'
            f' <small class="sopkit-untranslated">({note})</small>'
        )


def clear_text_cache() -> None:
    """Forget every rendered text, so that the next guides are rendered from cold."""
    _renderer.clear()


def render_guide(tree: Tree, ctx: PageContext) -> str:
    """Render a tree as the guide HTML for one page (pure: model in, string out)."""
    texts = Texts(ctx)
    writer = _NodeWriter(tree, ctx, texts, tree.step_numbers())
    nodes_html = "".join([writer.node(node) for node in tree.nodes.values()])
    return _frame(tree, ctx, texts, nodes_html)


def _frame(tree: Tree, ctx: PageContext, texts: Texts, nodes_html: str) -> str:
    """The guide around its nodes: title, summary, meta line, steps, map."""
    ui, tree_id = ctx.ui_html, escape(tree.id)
    parts = [
        f'<section class="sopkit-tree" lang="{escape(ctx.lang)}" data-sopkit-tree="{tree_id}" '
        f'data-sopkit-start="{escape(tree.start)}" data-sopkit-hash="{escape(tree.content_hash)}" '
        f'data-sopkit-version="{escape(tree.version)}" '
        f'data-sopkit-data="{_player_data(tree, ctx, texts)}" '
        f'aria-labelledby="{tree_id}--title">\n'
        '<header class="sopkit-tree__header">\n'
        f'<h2 class="sopkit-tree__title" id="{tree_id}--title">{texts.inline_html(tree.title)}'
        "</h2>\n"
    ]
    if tree.summary:
        parts.append(f'<div class="sopkit-tree__summary">{texts.block_html(tree.summary)}</div>\n')
    parts.append('<p class="sopkit-tree__meta">\n')
    if tree.owner:
        parts.append(f"<span>{ui['owner']}: {escape(tree.owner)}</span> · ")
    if tree.reviewed:
        day = tree.reviewed.isoformat()
        parts.append(f'<span>{ui["reviewed"]}: <time datetime="{day}">{day}</time></span> · ')
    if tree.id in ctx.overdue:
        due = ctx.overdue[tree.id].isoformat()
        parts.append(
            f'<strong class="sopkit-overdue" data-sopkit-overdue="{due}">'
            f"{escape(ctx.ui['overdue'].format(date=due))}</strong> · "
        )
    parts.append(f"<span>{ui['version']}: <code>{escape(tree.content_hash)}</code></span>\n")
    pdf_url = ctx.pdf_url(tree.id)
    if pdf_url:
        parts.append(f' · <a class="sopkit-pdf" href="{escape(pdf_url)}">{ui["pdf"]}</a>')
    parts.append(f'</p>\n</header>\n<ol class="sopkit-steps">\n{nodes_html}</ol>\n')
    map_svg = ctx.map_svg(tree.id)
    if map_svg:
        parts.append(
            f'<details class="sopkit-map"><summary>{ui["map"]}</summary>'
            f'<div class="sopkit-map__chart">{map_svg}</div></details>\n'
        )
    parts.append("</section>\n")
    return "".join(parts)


class _NodeWriter:
    """Writes the HTML of each node (the markup is described in the module docstring)."""

    def __init__(
        self,
        tree: Tree,
        ctx: PageContext,
        texts: Texts,
        steps: dict[str, int],
    ) -> None:
        self.tree = tree
        self.ctx = ctx
        self.t = texts
        self.steps = steps
        self.ui = ctx.ui_html
        self.raw_ui = ctx.ui

    def node(self, node: Node) -> str:
        raw, tree_id, n = self.raw_ui, self.tree.id, self.steps[node.id]
        attrs = ""
        if node.result:
            attrs += f' data-sopkit-result="{node.result}"'
        if node.timebox:
            attrs += f' data-sopkit-timebox="{node.timebox.seconds}"'
        if node.type == "goto" and not node.text:
            heading = str(escape(raw["goto"].format(title=self.t.tree_title(str(node.tree)))))
        else:
            heading = self.t.inline_html(node.text)
        step = self.ui["step"].format(n=n)
        parts = [
            f'<li class="sopkit-node sopkit-node--{node.type}" data-sopkit-node="{node.id}" '
            f'data-sopkit-type="{node.type}" data-sopkit-step="{n}"{attrs}>\n'
            f'<h3 class="sopkit-node__title" id="{anchor(tree_id, node.id)}" tabindex="-1">'
            f'<span class="sopkit-node__step">{step}</span> {heading}</h3>\n'
        ]
        if node.timebox:
            minutes = str(round(node.timebox.minutes, 1)).replace(".0", "")
            parts.append(
                f'<p class="sopkit-timebox">{escape(raw["timebox"].format(minutes=minutes))}</p>\n'
            )
        parts.append(self.extras(node))
        parts.append("\n")
        parts.append(self.ways_on(node))
        parts.append("</li>\n")
        return "".join(parts)

    def extras(self, node: Node) -> str:
        ui, t, tree_id = self.ui, self.t, self.tree.id
        parts = []
        if node.help:
            parts.append(f'<div class="sopkit-help">{t.block_html(node.help)}</div>\n')
        for callout in node.callouts:
            title = ui.get(f"callout.{callout.kind}") or escape(callout.kind.capitalize())
            parts.append(
                f'<div class="admonition {callout.kind} sopkit-callout" role="note">'
                f'<p class="admonition-title">{title}</p>{t.block_html(callout.text)}</div>\n'
            )
        if node.script:
            parts.append(
                f'<div class="sopkit-script"><p class="sopkit-script__title">{ui["say"]}</p>'
                f'<blockquote class="sopkit-script__text">{t.block_html(node.script)}</blockquote>'
                "</div>\n"
            )
        if node.checklist:
            parts.append(
                f'<fieldset class="sopkit-checklist"><legend>{ui["checklist"]}</legend><ul>\n'
            )
            for i, item in enumerate(node.checklist):
                cid = f"{anchor(tree_id, node.id)}--check-{i}"
                required = " data-sopkit-required" if item.required else ""
                optional = (
                    ""
                    if item.required
                    else f' <span class="sopkit-optional">({ui["optional"]})</span>'
                )
                parts.append(
                    f'<li><input type="checkbox" id="{cid}" autocomplete="off" '
                    f'data-sopkit-check="{node.id}.{i}"'
                    f'{required}> <label for="{cid}">{t.inline_html(item.text)}{optional}</label>'
                    "</li>\n"
                )
            parts.append("</ul></fieldset>\n")
        if node.fields:
            parts.append(f'<fieldset class="sopkit-fields"><legend>{ui["fields"]}</legend>\n')
            for f in node.fields:
                fid = f"{tree_id}--field-{f.id}"
                mark = f' <span class="sopkit-required">({ui["required"]})</span>'
                aria = ' aria-required="true" data-sopkit-required' if f.required else ""
                parts.append(
                    f'<p class="sopkit-field"><label for="{fid}">{t.inline_html(f.label)}'
                    f"{mark if f.required else ''}</label> "
                    f'<input type="text" id="{fid}" data-sopkit-field="{f.id}" '
                    'autocomplete="off" spellcheck="false"'
                    f"{aria}"
                    "></p>\n"
                )
            parts.append("</fieldset>\n")
        if node.links:
            link_to = self.ctx.link
            links = " · ".join(
                f'<a href="{escape(safe_url(link_to(link.href)))}">{t.inline_html(link.text)}</a>'
                for link in node.links
            )
            parts.append(f'<p class="sopkit-links">{ui["links"]}:\n{links}</p>\n')
        return "".join(parts)

    def ways_on(self, node: Node) -> str:
        """The node's ways on as links (a question's answers as a list), or its outcome."""
        ui = self.ui
        if node.type == "outcome":
            return (
                f'<p class="sopkit-outcome sopkit-outcome--{node.result}"><strong>'
                f"{ui['outcome']}: {ui[f'result.{node.result}']}</strong></p>\n"
            )
        links = "".join([self.way(way) for way in node.ways])
        if node.answers:
            return f'<ul class="sopkit-answers" aria-label="{ui["answers"]}">\n{links}</ul>\n'
        return links

    def way(self, way: Way) -> str:
        ui, tree_id, steps = self.ui, self.tree.id, self.steps
        if isinstance(way, Answer):
            return (
                f'<li><a class="sopkit-answer" href="#{anchor(tree_id, way.next)}" '
                f'data-sopkit-next="{way.next}" data-sopkit-if="{ui["jobaid.col_if"]}" '
                f'data-sopkit-then="{ui["jobaid.go_to"].format(n=steps[way.next])}">'
                f"{self.t.inline_html(way.label)}</a></li>\n"
            )
        if isinstance(way, Next):
            then = ui["jobaid.go_to"].format(n=steps[way.next])
            return (
                '<p class="sopkit-answers sopkit-answers--continue"><a class="sopkit-answer" '
                f'href="#{anchor(tree_id, way.next)}" data-sopkit-next="{way.next}" '
                f'data-sopkit-then="{then}">{ui["continue"]}</a></p>\n'
            )
        title = self.t.tree_title(way.tree)
        return (
            '<p class="sopkit-answers sopkit-answers--goto"><a class="sopkit-answer sopkit-goto" '
            f'href="{escape(_handoff_href(way, self.ctx))}" data-sopkit-goto="{way.tree}">'
            f"{escape(self.raw_ui['goto'].format(title=title))}</a></p>\n"
        )


def _handoff_href(way: Handoff, ctx: PageContext) -> str:
    """Where a hand-off leads: the other tree's page, at its node (or start) when known."""
    other = ctx.trees.get(way.tree)
    page = ctx.tree_page(way.tree) or ""
    start = way.node or (other.start if other is not None else None)
    return f"{page}#{anchor(way.tree, start)}" if start else page or "#"


def _player_data(tree: Tree, ctx: PageContext, texts: Texts) -> str:
    """The JSON the player needs beyond the HTML (UI strings and case-note texts), escaped.

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
        note["ui"] = player_strings(ctx.note_ui)
        note["nodes"] = nodes
    # {"note": ..., "ui": ...} with sorted keys, escaped for the attribute it goes in
    # (escaping works character by character, so the parts can be escaped apart).
    note_json = compact_json(note)
    return f"{{&#34;note&#34;:{escape(note_json)},&#34;ui&#34;:{ctx.player_ui_json}}}"
