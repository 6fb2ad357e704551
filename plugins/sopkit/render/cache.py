"""The job-aid cache: flowcharts and PDFs kept between builds, keyed by their content.

A PDF's key is a hash of the job-aid HTML documents it is printed from (each layout
tried: with the flowchart, then without it) and of the tools that print it. The HTML
is a pure function of the tree, the titles of the trees it hands off to, the language,
the settings, ``site_url`` and the templates, so a key changes exactly when one of
them does. The tools are sopkit's own source files (templates and assets included),
WeasyPrint, pydyf, Pango and the installed fonts. A flowchart's key is a hash of its
DOT source and Graphviz's version. Nothing is keyed by a file's mtime.

Entries are written to a temporary name and then renamed, so a build killed while
printing never leaves half a PDF in the cache. Entries no build has used for a week are
removed by :meth:`JobAidCache.clean`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

from .pdf import Pdf

PACKAGE_DIR = Path(__file__).resolve().parent.parent
KEEP_SECONDS = 7 * 24 * 3600.0
"""How long an entry no build uses is kept (a week)."""
SOURCE_SUFFIXES = frozenset({".py", ".j2", ".css", ".mjs", ".json", ".ttf", ".woff2"})


def digest(*parts: str | bytes) -> str:
    """A hex SHA-256 of ``parts``, each length-prefixed so no two lists share a digest."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


@cache
def source_digest() -> str:
    """A hash of sopkit's own files: code, templates, locales and assets."""
    parts: list[str | bytes] = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
            parts += [path.relative_to(PACKAGE_DIR).as_posix(), path.read_bytes()]
    return digest(*parts)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"


def _output(command: list[str]) -> str:
    """What a tool prints (stdout and stderr), or '-' when it cannot run."""
    if shutil.which(command[0]) is None:
        return "-"
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "-"
    return (done.stdout + done.stderr).decode("utf-8", "replace")


def _pango_version() -> str:
    """Pango's version, asked of the library itself (importing WeasyPrint takes a second)."""
    name = ctypes.util.find_library("pango-1.0")
    if name is None:
        return "-"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return "-"
    return str(library.pango_version())


@cache
def printer_digest() -> str:
    """A hash of what prints a PDF besides the HTML: sopkit, WeasyPrint, Pango, fonts,
    and segno (the HTML a key is made from names the QR code by its URL)."""
    return digest(
        source_digest(),
        _version("weasyprint"),
        _version("pydyf"),
        _version("segno"),
        _pango_version(),
        # Every installed font file and its size: a font update changes the key.
        _output(["fc-list", "--format", "%{file} %{fontversion}\n"]),
    )


@cache
def graphviz_digest() -> str:
    """A hash of the Graphviz that draws the flowcharts."""
    return digest(source_digest(), _output(["dot", "-V"]))


def pdf_key(htmls: Iterable[str]) -> str:
    """The cache key of the PDF printed from ``htmls`` (each layout tried)."""
    return digest("pdf", printer_digest(), *htmls)


def svg_key(dot_source: str) -> str:
    """The cache key of the flowchart that Graphviz lays out from ``dot_source``."""
    return digest("svg", graphviz_digest(), dot_source)


class JobAidCache:
    """PDFs and flowchart SVGs on disk, under ``folder``, by content key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        """File names read or written since the last :meth:`clean`."""

    def _path(self, name: str) -> Path:
        self.used.add(name)
        return self.folder / name

    def pdf_path(self, key: str) -> Path:
        """Where the PDF of ``key`` is (or will be) kept."""
        return self._path(f"{key}.pdf")

    def get_pdf(self, key: str) -> Pdf | None:
        """The PDF kept under ``key``, or None."""
        about = self._read(f"{key}.pages")  # b"<pages> <layout>"
        data = self._read(f"{key}.pdf")
        numbers = about.split() if about is not None else []
        if data is None or len(numbers) != 2 or not all(n.isdigit() for n in numbers):
            return None
        return Pdf(data, int(numbers[0]), int(numbers[1]))

    def put_pdf(self, key: str, pdf: Pdf) -> Path:
        """Keep ``pdf`` under ``key``; the path of the PDF file."""
        # The PDF last: a PDF in the cache is a complete entry.
        self._write(f"{key}.pages", f"{pdf.pages} {pdf.layout}".encode("ascii"))
        self._write(f"{key}.pdf", pdf.data)
        return self.pdf_path(key)

    def get_svg(self, key: str) -> str | None:
        """The flowchart SVG kept under ``key``, or None."""
        data = self._read(f"{key}.svg")
        return data.decode("utf-8") if data is not None else None

    def put_svg(self, key: str, svg: str) -> None:
        """Keep a flowchart SVG under ``key``."""
        self._write(f"{key}.svg", svg.encode("utf-8"))

    def _read(self, name: str) -> bytes | None:
        try:
            return self._path(name).read_bytes()
        except OSError:
            return None

    def _write(self, name: str, data: bytes) -> None:
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def clean(self, unused_for: float = KEEP_SECONDS) -> int:
        """Remove the entries no build used for ``unused_for`` seconds; how many went.

        Entries used since the last clean are marked used now (their mtime, which
        says nothing about their content). A week's grace keeps the PDFs of another
        configuration of the same site, such as one built with ``pdf: false``.
        """
        removed = 0
        now = time.time()
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                if not path.is_file():
                    continue
                if path.name in self.used:
                    os.utime(path, (now, now))
                elif now - path.stat().st_mtime >= unused_for:
                    path.unlink(missing_ok=True)
                    removed += 1
        self.used = set()
        return removed
