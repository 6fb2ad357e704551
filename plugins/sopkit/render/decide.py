"""A decide node in the guide: its rules as text with links, and the data the player runs.

Without JavaScript the agent reads the rules (``If Amount is above 500: go to step 7``)
and follows the link of the first that holds. The player evaluates the same rules from
``data-sopkit-rules`` (the parsed conditions, see :mod:`sopkit.conditions`) on arrival.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..model import Node, Tree
from .conditions import ConditionWords
from .context import compact_json

if TYPE_CHECKING:
    from .guide import Texts


def decide_html(
    node: Node, tree: Tree, texts: Texts, steps: dict[str, int], href: Callable[[str], str]
) -> Markup:
    """The rules of decide node ``node``, first to last, then ``Otherwise``."""
    ui = texts.ctx.ui
    words = ConditionWords(tree, texts)

    def link(target: str) -> Markup:
        return Markup(
            '<a class="sopkit-rule__next" href="#{anchor}" data-sopkit-next="{next}">{then}</a>'
        ).format(
            anchor=href(target),
            next=target,
            then=ui["jobaid.go_to"].format(n=steps.get(target, "?")),
        )

    items = [
        Markup(
            '<li class="sopkit-rule" data-sopkit-rule="{i}"><span class="sopkit-rule__if">'
            "{if_}</span> {when}: {link}</li>\n"
        ).format(i=i, if_=ui["decide.if"], when=words.say(rule.condition), link=link(rule.next))
        for i, rule in enumerate(node.rules)
    ]
    if node.otherwise is not None:
        items.append(
            Markup(
                '<li class="sopkit-rule sopkit-rule--otherwise" data-sopkit-rule="otherwise">'
                '<span class="sopkit-rule__if">{}</span>: {}</li>\n'
            ).format(ui["decide.otherwise"], link(node.otherwise))
        )
    return Markup(
        '<p class="sopkit-decide__intro">{intro}</p>\n'
        '<ol class="sopkit-rules" data-sopkit-rules="{data}">\n{items}</ol>\n'
    ).format(
        intro=ui["decide.intro"],
        data=rules_json(node, tree, texts, words),
        items=Markup().join(items),
    )


def rules_json(node: Node, tree: Tree, texts: Texts, words: ConditionWords) -> str:
    """What the player needs to decide and say why, in the page's and the note's language.

    ``rules``: each rule's condition (with ``say``/``why`` words per comparison), its
    ``next`` and the target's title; ``fields``: id, type and currency of each field (as
    lists: ids are never object keys in the player); ``otherwise`` and its title.
    """
    ctx = texts.ctx
    note_words = words if ctx.note_lang == ctx.lang else ConditionWords(tree, texts, ctx.note_lang)

    def title(target: str, lang: str | None = None) -> str:
        found = tree.nodes.get(target)
        return texts.plain(found.text, lang) if found is not None else target

    rules = []
    for rule in node.rules:
        entry: dict[str, object] = {
            "when": words.for_player(rule.condition),
            "next": rule.next,
            "title": title(rule.next),
        }
        if note_words is not words:
            entry["note"] = note_words.for_player(rule.condition)
            entry["note_title"] = title(rule.next, ctx.note_lang)
        rules.append(entry)
    data: dict[str, object] = {
        "rules": rules,
        "otherwise": node.otherwise,
        "title": title(node.otherwise or ""),
        "fields": sorted([f.id, f.type, f.currency or ""] for f in words.fields.values()),
    }
    if note_words is not words:
        data["note_title"] = title(node.otherwise or "", ctx.note_lang)
    return compact_json(data)
