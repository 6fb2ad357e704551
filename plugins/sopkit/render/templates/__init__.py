"""Jinja2 templates shipped with sopkit."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    """The shared template environment (autoescaping on, templates from this package)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sopkit.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # The templates ship inside the package: no need to stat them on every render.
        auto_reload=False,
    )
