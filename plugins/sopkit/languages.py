"""The languages of a site: every stage (compile, render, editors, integrations) uses them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

LANG_RE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
"""A language code as trees and sites write it: ``en``, ``es``, ``pt-BR``."""


@dataclass(frozen=True, slots=True)
class Languages:
    """The site's languages; ``default`` is also the first of ``codes``."""

    codes: tuple[str, ...]
    default: str

    @classmethod
    def of(cls, codes: Sequence[str], default: str | None = None) -> Languages:
        """Languages from a list of codes, the default first."""
        default = default or codes[0]
        ordered = (default, *(c for c in codes if c != default))
        return cls(ordered, default)
