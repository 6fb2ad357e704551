"""The guide: a tree as plain, linked HTML that the player enhances.

Without JavaScript every node is a section with a stable anchor and every answer a
link to the next node, so the procedure is complete with scripts off and each step is
indexed by search. The player (``assets/sopkit/player.mjs``) builds on the ``data-sopkit-*``
hooks.

The markup: ``section.sopkit-tree`` (tree id, start node, content hash and the
player's JSON as ``data-sopkit-*``, named by its title) holds a header with the ``h2``
title (visually hidden when the page's heading says the same, so the title shows once
and the headings still go h1, h2, h3) and, when the review is overdue, a one-line
notice; then ``ol.sopkit-steps`` with one ``li.sopkit-node`` per node: an ``h3`` with
the anchor ``<tree>--<node>``, then help, callouts, script, checklist, fields, links
and the ways on (answers, continue, outcome, goto), and, when the site sets
``report_problem_url``, a ``p.sopkit-report`` link to report a problem with the step.
Below the steps, so that the first question is on the first screen: the map
(``details.sopkit-map``) when a flowchart is drawn, the collapsed
``details.sopkit-about`` ("About this procedure": summary, then a meta line with owner,
review date, version and PDF link), and, when usage events are sent, the
``p.sopkit-events-notice`` line saying so. Golden files pin it.

Escaping happens as the HTML is built: every piece is written with
``Markup(...).format(...)``, which escapes what it is given unless it is ``Markup``
already (texts sanitised by :mod:`sopkit.render.text`, and pieces built here).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from markupsafe import Markup

from ..locales import player_strings
from ..model import Answer, Handoff, Next, Node, Rule, Text, Tree, Way
from .context import PageContext, compact_json
from .decide import decide_html
from .fields import field_controls
from .text import TextRenderer, plain, safe_url
from .timebox import timebox_line

_renderer = TextRenderer()
_NL = Markup("\n")


# An opening or closing link tag as the sanitiser writes it (attribute values in double
# quotes, where a ">" may stand).
_LINK_TAG_RE = re.compile(r'<a\b(?:[^>"]|"[^"]*")*>|</a>')


def anchor(tree_id: str, node_id: str) -> str:
    """The HTML id of a node's heading: ``<tree-id>--<node-id>``."""
    return f"{tree_id}--{node_id}"


class Texts:
    """Renders a tree's texts for one page, marking fallbacks to the default language."""

    __slots__ = ("ctx",)

    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx

    def inline(self, text: Text | None) -> Markup:
        """One line of inline Markdown, in a ``lang`` span when not translated."""
        return self._render(text, inline=True)

    def link_words(self, text: Text | None) -> Markup:
        """One line of inline Markdown inside a link (an answer): its own links become
        their words, since a browser ends the outer link where an inner one starts (the
        answer would lose its words, and a press on them would leave the guide)."""
        return Markup(_LINK_TAG_RE.sub("", self.inline(text)))

    def block(self, text: Text | None) -> Markup:
        """Markdown paragraphs, in a ``lang`` block when not translated."""
        return self._render(text, inline=False)

    def plain(self, text: Text | None, lang: str | None = None) -> str:
        """The words of a text without markup (titles, case notes)."""
        if text is None:
            return ""
        return plain(text.get(lang or self.ctx.lang, self.ctx.languages.default)[0])

    def tree_title(self, tree_id: str) -> str:
        """The plain title of another tree of the site (its id when there is no such tree)."""
        other = self.ctx.trees.get(tree_id)
        return self.plain(other.title) if other is not None else tree_id

    def _render(self, text: Text | None, inline: bool) -> Markup:
        if text is None:
            return Markup()
        ctx = self.ctx
        default = ctx.languages.default
        source, translated = text.get(ctx.lang, default)
        # Sanitised by the text renderer: only formatting tags and safe URLs are left.
        rendered = Markup(_renderer.html(source, inline, ctx.link))
        if translated:  # written in the page's language, or a plain default on its page
            return rendered
        return Markup(
            '<{tag} lang="{lang}" class="sopkit-fallback">{text}</{tag}>'
            ' <small class="sopkit-untranslated">({note})</small>'
        ).format(
            tag="span" if inline else "div",
            lang=default,
            text=rendered,
            note=ctx.ui["not_translated"],
        )


def clear_text_cache() -> None:
    """Forget every rendered text, so that the next guides are rendered from cold."""
    _renderer.clear()


def render_guide(tree: Tree, ctx: PageContext, page_heading: str | None = None) -> str:
    """Render a tree as the guide HTML for one page (pure: model in, string out).

    ``page_heading`` is the heading of the page the guide sits under (its words); when
    it says the same as the tree's title, the title is not shown a second time.
    """
    texts = Texts(ctx)
    writer = _NodeWriter(tree, ctx, texts)
    nodes = Markup().join([writer.node(node) for node in tree.nodes.values()])
    return str(_frame(tree, ctx, texts, nodes, page_heading))


def same_words(first: str, second: str) -> bool:
    """True when two headings have the same words, whatever their case, punctuation
    and spacing (``Back office: x`` and ``Back office - x``)."""

    def words(text: str) -> list[str]:
        return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold())

    return words(first) == words(second)


def _frame(
    tree: Tree, ctx: PageContext, texts: Texts, nodes: Markup, page_heading: str | None
) -> Markup:
    """The guide around its nodes: title, overdue notice, steps, map, "About"."""
    ui = ctx.ui
    title_class = "sopkit-tree__title"
    if page_heading is not None and same_words(page_heading, texts.plain(tree.title)):
        title_class += " sopkit-sr-only"  # named once on screen, still a heading to navigate
    parts = [
        Markup(
            '<section class="sopkit-tree" lang="{lang}" data-sopkit-tree="{id}" '
            'data-sopkit-start="{start}" data-sopkit-hash="{hash}" '
            'data-sopkit-version="{version}" data-sopkit-data="{data}" '
            'aria-labelledby="{id}--title">\n'
            '<header class="sopkit-tree__header">\n'
            '<h2 class="{title_class}" id="{id}--title">{title}</h2>\n'
        ).format(
            lang=ctx.lang,
            id=tree.id,
            start=tree.start,
            hash=tree.content_hash,
            version=tree.version,
            data=_player_data(tree, ctx, texts),
            title_class=title_class,
            title=texts.inline(tree.title),
        )
    ]
    if tree.id in ctx.overdue:
        # Kept in sight: the agent should know the procedure may be out of date.
        due = ctx.overdue[tree.id].isoformat()
        parts.append(
            Markup(
                '<p class="sopkit-tree__overdue"><strong class="sopkit-overdue" '
                'data-sopkit-overdue="{}">{}</strong></p>\n'
            ).format(due, ui["overdue"].format(date=due))
        )
    parts.append(Markup('</header>\n<ol class="sopkit-steps">\n{}</ol>\n').format(nodes))
    map_svg = ctx.map_svg(tree.id)
    if map_svg:
        # The flowchart's SVG is written by Graphviz from labels escaped for it.
        parts.append(
            Markup(
                '<details class="sopkit-map"><summary>{}</summary>'
                '<div class="sopkit-map__chart">{}</div></details>\n'
            ).format(ui["map"], Markup(map_svg))
        )
    parts.append(_about(tree, ctx, texts))
    if ctx.insight.events != "off":
        # Said where the agent sees it, below the steps so the first question stays up.
        parts.append(Markup('<p class="sopkit-events-notice">{}</p>\n').format(ui["events_notice"]))
    parts.append(Markup("</section>\n"))
    return Markup().join(parts)


def _about(tree: Tree, ctx: PageContext, texts: Texts) -> Markup:
    """The collapsed "About this procedure": summary, owner, review date, version, PDF."""
    ui = ctx.ui
    parts = [Markup('<details class="sopkit-about"><summary>{}</summary>\n').format(ui["about"])]
    if tree.summary:
        parts.append(
            Markup('<div class="sopkit-tree__summary">{}</div>\n').format(texts.block(tree.summary))
        )
    parts.append(Markup('<p class="sopkit-tree__meta">\n'))
    if tree.owner:
        parts.append(Markup("<span>{}: {}</span> · ").format(ui["owner"], tree.owner))
    if tree.reviewed:
        parts.append(
            Markup('<span>{}: <time datetime="{day}">{day}</time></span> · ').format(
                ui["reviewed"], day=tree.reviewed.isoformat()
            )
        )
    parts.append(
        Markup("<span>{}: <code>{}</code></span>\n").format(ui["version"], tree.content_hash)
    )
    pdf_url = ctx.pdf_url(tree.id)
    if pdf_url:
        parts.append(Markup(' · <a class="sopkit-pdf" href="{}">{}</a>').format(pdf_url, ui["pdf"]))
    parts.append(Markup("</p>\n</details>\n"))
    return Markup().join(parts)


class _NodeWriter:
    """Writes the HTML of each node (the markup is described in the module docstring)."""

    def __init__(self, tree: Tree, ctx: PageContext, texts: Texts) -> None:
        self.tree = tree
        self.ctx = ctx
        self.t = texts
        self.steps = tree.step_numbers()
        self.ui = ctx.ui

    def node(self, node: Node) -> Markup:
        n = self.steps[node.id]
        attrs = Markup()
        if node.result:
            attrs += Markup(' data-sopkit-result="{}"').format(node.result)
        if node.timebox:
            attrs += Markup(' data-sopkit-timebox="{}"').format(node.timebox.seconds)
        if node.type == "goto" and not node.text:
            heading: str | Markup = self.ui["goto"].format(title=self.t.tree_title(str(node.tree)))
        elif node.type == "decide" and not node.text:
            heading = self.ui["decide.title"]
        else:
            heading = self.t.inline(node.text)
        parts = [
            Markup(
                '<li class="sopkit-node sopkit-node--{type}" data-sopkit-node="{id}" '
                'data-sopkit-type="{type}" data-sopkit-step="{n}"{attrs}>\n'
                '<h3 class="sopkit-node__title" id="{anchor}" tabindex="-1">'
                '<span class="sopkit-node__step">{step}</span> {heading}</h3>\n'
            ).format(
                type=node.type,
                id=node.id,
                n=n,
                attrs=attrs,
                anchor=anchor(self.tree.id, node.id),
                step=self.ui["step"].format(n=n),
                heading=heading,
            )
        ]
        if node.timebox:
            line = timebox_line(node, self.tree, self.t, self.steps)
            parts.append(Markup('<p class="sopkit-timebox">{}</p>\n').format(line))
        parts += [self.extras(node), _NL, self.ways_on(node), self.report(node), Markup("</li>\n")]
        return Markup().join(parts)

    def report(self, node: Node) -> Markup:
        """The "Report a problem with this step" link, when the site sets its address."""
        template = self.ctx.insight.report_problem_url
        if template is None:
            return Markup()
        href = report_problem_href(template, self.tree, node.id, self.ctx)
        # An issue tracker opens beside the guide, so the call's place is kept.
        target = Markup(' target="_blank" rel="noopener"') if href.startswith("https:") else ""
        return Markup('<p class="sopkit-report"><a href="{}"{}>{}</a></p>\n').format(
            href, target, self.ui["report_problem"]
        )

    def extras(self, node: Node) -> Markup:
        """Help, callouts, script, checklist, fields and links, each when the node has it."""
        ui, t = self.ui, self.t
        parts = []
        if node.help:
            parts.append(Markup('<div class="sopkit-help">{}</div>\n').format(t.block(node.help)))
        for callout in node.callouts:
            parts.append(
                Markup(
                    '<div class="admonition {kind} sopkit-callout" role="note">'
                    '<p class="admonition-title">{title}</p>{text}</div>\n'
                ).format(
                    kind=callout.kind,
                    title=ui.get(f"callout.{callout.kind}") or callout.kind.capitalize(),
                    text=t.block(callout.text),
                )
            )
        if node.script:
            parts.append(
                Markup(
                    '<div class="sopkit-script"><p class="sopkit-script__title">{}</p>'
                    '<blockquote class="sopkit-script__text">{}</blockquote></div>\n'
                ).format(ui["say"], t.block(node.script))
            )
        if node.checklist:
            parts.append(self.checklist(node))
        if node.fields:
            parts.append(self.fields(node))
        if node.links:
            links = Markup(" · ").join(
                Markup('<a href="{}">{}</a>').format(
                    safe_url(self.ctx.link(link.href)), t.inline(link.text)
                )
                for link in node.links
            )
            parts.append(Markup('<p class="sopkit-links">{}:\n{}</p>\n').format(ui["links"], links))
        return Markup().join(parts)

    def checklist(self, node: Node) -> Markup:
        ui = self.ui
        items = []
        for i, item in enumerate(node.checklist):
            optional = Markup()
            if not item.required:
                optional = Markup(' <span class="sopkit-optional">({})</span>').format(
                    ui["optional"]
                )
            items.append(
                Markup(
                    '<li><input type="checkbox" id="{id}" autocomplete="off" '
                    'data-sopkit-check="{node}.{key}"{required}> '
                    '<label for="{id}">{text}{optional}</label></li>\n'
                ).format(
                    id=f"{anchor(self.tree.id, node.id)}--check-{i}",
                    node=node.id,
                    key=item.key(self.ctx.languages.default),
                    required=Markup(" data-sopkit-required" if item.required else ""),
                    text=self.t.inline(item.text),
                    optional=optional,
                )
            )
        return Markup(
            '<fieldset class="sopkit-checklist"><legend>{}</legend><ul>\n{}</ul></fieldset>\n'
        ).format(ui["checklist"], Markup().join(items))

    def fields(self, node: Node) -> Markup:
        return field_controls(node, self.tree.id, self.t)

    def ways_on(self, node: Node) -> Markup:
        """The node's ways on as links (a question's answers as a list), or its outcome."""
        ui = self.ui
        if node.type == "outcome":
            return Markup(
                '<p class="sopkit-outcome sopkit-outcome--{}"><strong>{}: {}</strong></p>\n'
            ).format(node.result, ui["outcome"], ui[f"result.{node.result}"])
        if node.type == "decide":
            return decide_html(node, self.tree, self.t, self.steps, self._anchor)
        links = Markup().join([self.way(way) for way in node.ways])
        if node.answers:
            return Markup('<ul class="sopkit-answers" aria-label="{}">\n{}</ul>\n').format(
                ui["answers"], links
            )
        return links

    def _anchor(self, node_id: str) -> str:
        return anchor(self.tree.id, node_id)

    def way(self, way: Way) -> Markup:
        """A way on as a link: an answer, continue, or a hand-off (a rule: see decide_html)."""
        ui, tree_id = self.ui, self.tree.id
        if isinstance(way, Answer):
            return Markup(
                '<li><a class="sopkit-answer" href="#{anchor}" data-sopkit-next="{next}" '
                'data-sopkit-answer="{key}" data-sopkit-if="{if_}" data-sopkit-then="{then}">'
                "{label}</a></li>\n"
            ).format(
                anchor=anchor(tree_id, way.next),
                key=way.key(self.ctx.languages.default),
                next=way.next,
                if_=ui["jobaid.col_if"],
                then=ui["jobaid.go_to"].format(n=self.steps[way.next]),
                label=self.t.link_words(way.label),
            )
        if isinstance(way, Next | Rule):
            return Markup(
                '<p class="sopkit-answers sopkit-answers--continue"><a class="sopkit-answer" '
                'href="#{anchor}" data-sopkit-next="{next}" data-sopkit-then="{then}">'
                "{label}</a></p>\n"
            ).format(
                anchor=anchor(tree_id, way.next),
                next=way.next,
                then=ui["jobaid.go_to"].format(n=self.steps[way.next]),
                label=ui["continue"],
            )
        return Markup(
            '<p class="sopkit-answers sopkit-answers--goto"><a class="sopkit-answer sopkit-goto" '
            'href="{href}" data-sopkit-goto="{tree}">{label}</a></p>\n'
        ).format(
            href=_handoff_href(way, self.ctx),
            tree=way.tree,
            label=ui["goto"].format(title=self.t.tree_title(way.tree)),
        )


def _handoff_href(way: Handoff, ctx: PageContext) -> str:
    """Where a hand-off leads: the other tree's page, at its node (or start) when known."""
    other = ctx.trees.get(way.tree)
    page = ctx.tree_page(way.tree) or ""
    start = way.node or (other.start if other is not None else None)
    return f"{page}#{anchor(way.tree, start)}" if start else page or "#"


def report_problem_href(template: str, tree: Tree, node_id: str, ctx: PageContext) -> str:
    """``report_problem_url`` with its placeholders filled in, each URL-encoded."""
    values = {
        "tree": tree.id,
        "node": node_id,
        "version": tree.version,
        "lang": ctx.lang,
        "page": ctx.page_url,
    }
    # Settings accept only these placeholders; any other brace is left as written.
    return re.sub(
        r"\{(\w+)\}",
        lambda m: quote(values[m.group(1)], safe="") if m.group(1) in values else m.group(0),
        template,
    )


def _player_data(tree: Tree, ctx: PageContext, texts: Texts) -> str:
    """The JSON the player needs beyond the HTML: its UI strings and the case note's texts.

    Case notes may be in another language than the page, so their texts travel here.
    """
    note_lang = ctx.note_lang
    note: dict[str, object] = {"lang": note_lang, "title": texts.plain(tree.title, note_lang)}
    if note_lang != ctx.lang:
        note["ui"] = player_strings(ctx.note_ui)
        note["nodes"] = {
            node.id: _note_texts(node, texts, note_lang) for node in tree.nodes.values()
        }
    data: dict[str, object] = {
        "call": {"idle_minutes": ctx.call_idle_minutes},
        "note": note,
        "ui": player_strings(ctx.ui),
    }
    insight = ctx.insight
    if insight.events != "off":
        data["events"] = {"send": insight.events, "url": insight.events_url}
    return compact_json(data)


def _note_texts(node: Node, texts: Texts, lang: str) -> dict[str, object]:
    """The texts of a node that a case note records, in the note's language, by id."""
    entry: dict[str, object] = {"text": texts.plain(node.text, lang)}
    default = texts.ctx.languages.default
    if node.answers:
        entry["answers"] = {a.key(default): texts.plain(a.label, lang) for a in node.answers}
    if node.checklist:
        entry["checklist"] = {c.key(default): texts.plain(c.text, lang) for c in node.checklist}
    if node.fields:
        entry["fields"] = {f.id: texts.plain(f.label, lang) for f in node.fields}
        options = {
            f.id: {o.id: texts.plain(o.label, lang) for o in f.options}
            for f in node.fields
            if f.options
        }
        if options:
            entry["options"] = options
    return entry
