"""Job-aid HTML -> PDF with WeasyPrint, offline.

The HTML is self-contained (inline CSS and SVG, the QR code a ``data:`` image); nothing
else is fetched while printing, so a stray URL in content can neither slow the build
nor reach the network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

WEASYPRINT_MISSING = (
    "the PDF job aids need WeasyPrint and the Pango library, but {problem}; install them "
    "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core, "
    "then pip install weasyprint; elsewhere follow WeasyPrint's installation guide) "
    "or turn PDFs off "
    "with 'pdf: false' under the sopkit plugin in mkdocs.yml"
)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the Pango library it needs is not installed."""


@dataclass(frozen=True)
class Pdf:
    """A printed job aid: the PDF file's bytes and how many pages it has."""

    data: bytes
    pages: int
    layout: int = 0
    """Which of the layouts tried was printed (0: the first)."""


def _weasyprint() -> Any:
    try:
        import weasyprint
    except ImportError as exc:
        name = getattr(exc, "name", None)
        problem = (
            "the Python package 'weasyprint' is not installed"
            if name == "weasyprint"
            else f"WeasyPrint could not load ({exc})"
        )
        raise PdfUnavailable(WEASYPRINT_MISSING.format(problem=problem)) from exc
    except OSError as exc:  # WeasyPrint raises OSError when Pango cannot be loaded
        problem = f"the Pango library could not be loaded ({exc})"
        raise PdfUnavailable(WEASYPRINT_MISSING.format(problem=problem)) from exc
    return weasyprint


def check_pdf_support() -> None:
    """Raise :class:`PdfUnavailable` when PDFs cannot be made on this machine."""
    _weasyprint()


class TooManyPages(ValueError):
    """A document was laid out on more pages than a job aid may have."""

    def __init__(self, pages: int) -> None:
        super().__init__(f"{pages} pages")
        self.pages = pages


def render_pdf(html: str) -> Pdf:
    """Print a self-contained HTML document to PDF."""
    return render_first_fitting((html,), fits=1_000_000)


_SHARED_STYLE_RE = re.compile(r"<style data-shared>(.*?)</style>\n?", re.DOTALL)


@cache
def _fetcher() -> Any:
    """WeasyPrint's fetcher, allowed ``data:`` URLs only: any other URL is refused (and
    left out of the PDF) without a request."""
    return _weasyprint().URLFetcher(allowed_protocols={"data"})


@cache
def _parsed(stylesheet: str) -> Any:
    """A shared stylesheet, parsed once per process (every job aid has the same)."""
    return _weasyprint().CSS(string=stylesheet, url_fetcher=_fetcher())


def _layout(html: str) -> Any:
    """The document laid out. Its ``<style data-shared>``, a stylesheet many documents
    have, is parsed once per process rather than with each document."""
    weasyprint = _weasyprint()
    shared = _SHARED_STYLE_RE.search(html)
    sheets = []
    if shared is not None:
        sheets = [_parsed(shared.group(1))]
        html = html[: shared.start()] + html[shared.end() :]
    return weasyprint.HTML(string=html, url_fetcher=_fetcher()).render(stylesheets=sheets)


def render_first_fitting(htmls: Sequence[str], fits: int, limit: int | None = None) -> Pdf:
    """The first of ``htmls`` that lays out on at most ``fits`` pages, as a PDF.

    Each document is laid out in turn, but only the one kept is written: writing (above
    all drawing the flowchart's text) costs as much as the layout. When none fits, the
    last (the shortest) is written. A layout of more than ``limit`` pages raises
    :class:`TooManyPages`.
    """
    last: Any = None
    for layout, html in enumerate(htmls):
        document = _layout(html)
        pages = len(document.pages)
        if limit is not None and pages > limit:
            raise TooManyPages(pages)
        last = (layout, document)
        if pages <= fits:
            break
    if last is None:
        raise ValueError("no document to print")
    layout, document = last
    return Pdf(document.write_pdf(), len(document.pages), layout)
