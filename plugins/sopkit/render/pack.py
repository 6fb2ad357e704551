"""The training pack: every job aid of a site in one PDF per language.

A cover, the contents with the page where each job aid starts (WeasyPrint's
``target-counter()``), then each job aid exactly as its own PDF prints it, from a new
page. Editor notes are not printed (DECISIONS.md 10). Pure: job aids in, HTML out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Tree
from .context import PageContext
from .guide import Texts
from .jobaid import (
    JobAid,
    Paper,
    css_string,
    footer_line,
    heading_id,
    jobaid_style,
    page_counter_css,
    qr_image,
    render_jobaid_body,
)
from .templates import environment

PACK_NAME = "training-pack"
"""The pack's file name, without ``.pdf`` (next to the job aids)."""


@dataclass(frozen=True)
class PackEntry:
    """One job aid in the pack, as the site's job-aid index orders them."""

    tree: Tree
    aid: JobAid


@dataclass(frozen=True)
class _Printed:
    title: str
    heading_id: str
    footer: str
    body: Markup


def render_training_pack(
    entries: Sequence[PackEntry],
    ctx: PageContext,
    *,
    site_name: str,
    paper: Paper = "a4",
    url: str | None = None,
    qr: Callable[[str], str] = qr_image,
) -> str:
    """The training pack of one language as an HTML document for WeasyPrint (pure; ``qr``:
    see :func:`~sopkit.render.jobaid.render_jobaid_body`)."""
    texts = Texts(ctx)
    aids = [
        _Printed(
            title=texts.plain(entry.tree.title),
            heading_id=heading_id(entry.tree),
            footer=footer_line(entry.tree, ctx, entry.aid.guide_url),
            body=render_jobaid_body(entry.tree, ctx, entry.aid, qr),
        )
        for entry in entries
    ]
    template = environment().get_template("pack.html.j2")
    return template.render(
        ctx=ctx,
        ui=ctx.ui,
        title=ctx.ui["jobaid.pack_title"],
        site=site_name,
        url=url,
        paper=paper,
        aids=aids,
        style=jobaid_style(),
        css=lambda value: Markup(css_string(value)),
        page_counter=Markup(page_counter_css(ctx.ui["jobaid.page"])),
    )
