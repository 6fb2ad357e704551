"""The page ``sopkit preview`` serves: one tree's guide, its problems, nothing else.

A pure function, model in, string out: the guide as the site renders it, between a
bar that names the tree, links its other languages and says it is a preview, and the
check's problems of the tree (each with ``file:line:col``) above it. The page loads
the player's own modules and styles, and the preview's reload module; no inline
script, so it runs under ``script-src 'self'``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..problems import Problem

PLAYER_FILES = ("player.mjs", "page.mjs")
STYLES = ("sopkit.css",)


@dataclass(frozen=True)
class PreviewPage:
    """What a preview page shows."""

    tree_id: str
    lang: str
    title: str
    guide: str | None
    """The guide's HTML, or None when the tree does not compile."""
    problems: Sequence[Problem]
    languages: Sequence[tuple[str, str]]
    """Each language of the site and the URL of this preview in it."""
    version: str
    """What the reload module compares with the server's to know the tree changed."""
    assets: str
    """The URL of the folder of the player's files (ends with ``/``)."""
    reload_script: str
    stylesheet: str
    """The URL of the preview's own styles (its bar and the problems)."""


def preview_html(page: PreviewPage) -> str:
    """The whole HTML document of a preview page."""
    head = Markup("").join(
        Markup('<link rel="stylesheet" href="{}">').format(href)
        for href in [page.assets + name for name in STYLES] + [page.stylesheet]
    )
    scripts = [page.assets + name for name in PLAYER_FILES] + [page.reload_script]
    head += Markup("").join(
        Markup('<script type="module" src="{}"></script>').format(src) for src in scripts
    )
    body = _bar(page) + _problems(page.problems)
    if page.guide is not None:
        body += Markup('<article class="md-typeset">{}</article>').format(Markup(page.guide))
    return Markup(
        '<!doctype html>\n<html lang="{lang}" data-sopkit-preview="{version}">'
        '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{title}</title>{head}</head>"
        '<body class="sopkit-preview"><main>{body}</main></body></html>\n'
    ).format(lang=page.lang, version=page.version, title=page.title, head=head, body=body)


def _bar(page: PreviewPage) -> Markup:
    links = Markup(" ").join(
        Markup('<a href="{}" hreflang="{}"{}>{}</a>').format(
            url, lang, Markup(' aria-current="page"') if lang == page.lang else "", lang
        )
        for lang, url in page.languages
    )
    return Markup(
        '<header class="sopkit-preview-bar"><p>Preview of <code>{tree}</code> '
        "(reloads when the tree is saved) · {links}</p></header>"
    ).format(tree=page.tree_id, links=links)


def _problems(problems: Sequence[Problem]) -> Markup:
    """The tree's problems as a list, errors first as the check sorts them."""
    if not problems:
        return Markup("")
    items = Markup("").join(
        Markup('<li class="sopkit-preview-{}"><code>{}</code>{}</li>').format(
            problem.severity, problem.span, _message(problem)
        )
        for problem in problems
    )
    count = len(problems)
    heading = f"{count} problem{'s' if count != 1 else ''} in this tree"
    return Markup(
        '<section class="sopkit-preview-problems" role="alert"><h2>{}</h2><ul>{}</ul></section>'
    ).format(heading, items)


def _message(problem: Problem) -> Markup:
    text = Markup(" {}[{}] {}").format(problem.severity, problem.code, problem.message)
    if problem.hint:
        text += Markup("<br>{}").format(escape(problem.hint))
    return text
