"""The job aid index that a ```` ```job-aids ```` fence shows: every job aid with its PDF.

Entries come from the host (the MkDocs plugin knows each tree's page, nav section and
PDF); a host that does not know them lists the trees by title only. The fence's body
may say ``group: none`` (one list) instead of the default, a list per nav section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Tree
from .context import PageContext
from .guide import Texts


@dataclass(frozen=True)
class JobAidEntry:
    """One job aid in the index: its tree, section, guide page and PDF (URLs or None)."""

    tree: Tree
    section: str | None = None
    guide_url: str | None = None
    pdf_url: str | None = None
    pages: int | None = None
    """How many pages the PDF has (a trainer plans the printing by it)."""
    translations: tuple[Translation, ...] = ()
    """The same job aid's PDF in the site's other languages."""


@dataclass(frozen=True)
class Translation:
    """A PDF in another language: its code, the language's own name, the PDF's URL."""

    lang: str
    language: str
    url: str


@dataclass(frozen=True)
class PackLink:
    """The training pack of the page's language (URL, page count) and its translations."""

    url: str
    pages: int | None
    translations: tuple[Translation, ...] = ()


def render_job_aid_index(
    entries: Sequence[JobAidEntry], ctx: PageContext, group: bool, pack: PackLink | None = None
) -> str:
    """The index as HTML: the training pack, then a list per section, in the order given
    (pure)."""
    ui = ctx.ui
    texts = Texts(ctx)
    if not entries:
        return f'<p class="sopkit-job-aids">{escape(ui["jobaid.index_none"])}</p>'
    sections: dict[str | None, list[JobAidEntry]] = {}
    for entry in entries:
        sections.setdefault(entry.section if group else None, []).append(entry)
    if group and None in sections:  # trees in no section come last
        sections[None] = sections.pop(None)
    out = ['<div class="sopkit-job-aids">']
    if pack is not None:
        line = Markup('<a class="sopkit-pack" href="{}">{}</a>').format(
            pack.url, ui["jobaid.index_pack"]
        )
        if pack.pages is not None:  # None while mkdocs serve prints it
            line += Markup(" <small>({})</small>").format(_pages(ctx, pack.pages))
        line += _translations(pack.translations)
        out.append(Markup('<p class="sopkit-job-aids__pack">{}</p>').format(line))
    for section, items in sections.items():
        if group:
            name = section if section is not None else ui["jobaid.index_other"]
            out.append(f'<p class="sopkit-job-aids__section"><strong>{escape(name)}</strong></p>')
        out.append("<ul>")
        for entry in items:
            title = texts.inline(entry.tree.title)
            if entry.guide_url is not None:
                title = Markup('<a href="{}">{}</a>').format(entry.guide_url, title)
            item = Markup("<li>{}").format(title)
            if entry.pdf_url is not None:
                item += Markup(' — <a class="sopkit-pdf" href="{}">{}</a>').format(
                    entry.pdf_url, ui["pdf"]
                )
                if entry.pages is not None:
                    item += Markup(" <small>({})</small>").format(_pages(ctx, entry.pages))
                item += _translations(entry.translations)
            if entry.tree.reviewed is not None:
                item += Markup(" <small>({}: {})</small>").format(
                    ui["reviewed"], entry.tree.reviewed.isoformat()
                )
            out.append(item + Markup("</li>"))
        out.append("</ul>")
    out.append("</div>")
    return "\n".join(out)


def _pages(ctx: PageContext, pages: int) -> str:
    """A page count as the index shows it (``2 p.``)."""
    return ctx.ui["jobaid.index_pages"].format(pages=pages)


def _translations(links: Sequence[Translation]) -> Markup:
    """`` · Español`` links to the same PDF in the site's other languages."""
    return Markup().join(
        Markup(
            ' · <a class="sopkit-pdf-translation" href="{}" hreflang="{}" lang="{}">{}</a>'
        ).format(link.url, link.lang, link.lang, link.language)
        for link in links
    )
