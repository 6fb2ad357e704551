"""``sopkit preview TREE``: one tree's guide, served on its own, reloaded on save.

An editor saving a tree waits for that tree, not for the site: each request checks
and renders only the tree asked for, and reads only the trees it hands off to, so the
time from save to page does not grow with the site. The page is
:func:`sopkit.render.preview.preview_html`, in every language of the site, with the
real player and the tree's problems; a small module polls the server and reloads the
page when the tree's file (or the site's config) changes.

Served with the standard library's ``http.server`` on 127.0.0.1 by default. Nothing
is written: no site folder, no cache, no job aid (the guide has no PDF link and no
map). Addresses: ``/<tree>/`` in the default language, ``/<lang>/<tree>/`` in the
others, ``/assets/sopkit/<file>`` the player's files.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast
from urllib.parse import parse_qs, urlsplit

from ..compile.catalog import Catalog, infer_languages
from ..compile.review import today
from ..languages import Languages
from ..locales import LocaleError
from ..model import Handoff, Tree
from ..problems import Problem
from ..render.context import PageContext
from ..render.guide import render_guide
from ..render.preview import PreviewPage, preview_html
from .assets import ASSETS
from .site import Site
from .site_locales import site_ui

ASSETS_URL = "/assets/sopkit/"
RELOAD_URL = "/__sopkit/reload.mjs"
STYLE_URL = "/__sopkit/preview.css"
VERSION_URL = "/__sopkit/version"
RELOAD_SCRIPT = Path(__file__).with_name("preview_reload.mjs")
STYLE = Path(__file__).with_name("preview.css")
_TREE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_TYPES = {".mjs": "text/javascript", ".css": "text/css"}


class Preview:
    """The trees of one site, checked and rendered one at a time on request."""

    def __init__(self, site: Site, shown_from: Path) -> None:
        self.site = site
        self.catalog = Catalog(shown_from)
        self._lock = threading.Lock()  # the catalog is not made for threads
        try:
            self.ui = site_ui(site)
        except LocaleError:
            self.ui = {}  # `sopkit check` says what is wrong with the locale files

    def tree_path(self, tree_id: str) -> Path | None:
        """The file of tree ``tree_id`` in the site's trees folder, or None."""
        if not _TREE_ID.fullmatch(tree_id):
            return None
        for suffix in (".yml", ".yaml"):
            path = self.site.trees_dir / f"{tree_id}{suffix}"
            if path.is_file():
                return path
        return None

    def version(self, tree_id: str) -> str:
        """Changes whenever the tree's file or the site's config is saved."""
        stamps = []
        for path in (self.tree_path(tree_id), self.site.config_file):
            try:
                stat = path.stat() if path is not None else None
            except OSError:
                stat = None
            stamps.append(f"{stat.st_mtime_ns}-{stat.st_size}" if stat else "none")
        return ".".join(stamps)

    def languages(self, tree: Tree | None) -> Languages:
        """The site's languages; without a site, those the tree uses."""
        found = self.site.languages or (infer_languages([tree]) if tree else None)
        return found or Languages.of(["en"])

    def url(self, tree_id: str, lang: str, languages: Languages) -> str:
        """The address of a tree's preview in ``lang``."""
        return f"/{tree_id}/" if lang == languages.default else f"/{lang}/{tree_id}/"

    def page(self, tree_id: str, lang: str | None) -> str | None:
        """The preview page of a tree in ``lang`` (None: the default language); None
        when there is no such tree or language."""
        path = self.tree_path(tree_id)
        if path is None:
            return None
        version = self.version(tree_id)  # before reading: a save while rendering reloads
        with self._lock:
            tree, problems, others = self._check(path)
        languages = self.languages(tree)
        lang = lang or languages.default
        if lang not in languages.codes:
            return None
        guide = None
        # A tree with errors is not rendered, as the site's build stops on it.
        if tree is not None and not any(p.is_error for p in problems):
            guide = render_guide(tree, self._context(tree, others, lang, languages))
        page = PreviewPage(
            tree_id=tree_id,
            lang=lang,
            title=_title(tree, tree_id, lang, languages),
            guide=guide,
            problems=problems,
            languages=[(code, self.url(tree_id, code, languages)) for code in languages.codes],
            version=version,
            assets=ASSETS_URL,
            reload_script=RELOAD_URL,
            stylesheet=STYLE_URL,
        )
        return preview_html(page)

    def _check(self, path: Path) -> tuple[Tree | None, list[Problem], dict[str, Tree]]:
        """The tree of ``path``, its problems, and the trees it hands off to.

        Its hand-offs are checked against the trees they name, not against every tree
        of the site (that is ``sopkit check``'s, with loops through several trees):
        the time a save takes does not grow with the site.
        """
        site = self.site
        alone = self.catalog.check([path], site.languages).trees.get(path.stem)
        targets = [self.tree_path(t) for t in _handoffs(alone)] if alone is not None else []
        known = [p for p in targets if p is not None and p != path]
        result = self.catalog.check(
            [path],
            site.languages,
            site.docs_dir if site.config_file else None,
            site.review_every_days,
            today(),
            context=known,
            anchors=site.anchors,
        )  # the file is read once: the catalog keeps what it read until it changes
        tree = result.trees.get(path.stem)
        handed = self.catalog.check(known, site.languages).trees if tree and known else {}
        return tree, result.problems, dict(handed)

    def _context(
        self, tree: Tree, others: dict[str, Tree], lang: str, languages: Languages
    ) -> PageContext:
        settings = self.site.settings
        return PageContext(
            lang=lang,
            languages=languages,
            trees={**others, tree.id: tree},
            tree_page=lambda tree_id: self.url(tree_id, lang, languages),
            case_note_lang=settings.case_note_language,
            call_idle_minutes=settings.call_idle_minutes,
            extra_ui=self.ui,
        )


def _handoffs(tree: Tree) -> list[str]:
    """Ids of the trees ``tree`` hands off to, in order, once each."""
    ways = (way for node in tree.nodes.values() for way in node.ways)
    return list(dict.fromkeys(way.tree for way in ways if isinstance(way, Handoff)))


def _title(tree: Tree | None, tree_id: str, lang: str, languages: Languages) -> str:
    if tree is None:
        return tree_id
    return tree.title.get(lang, languages.default)[0] or tree_id


class _Handler(BaseHTTPRequestHandler):
    """Answers the preview's few addresses."""

    def do_GET(self) -> None:
        """The page, the player's files, the reload module or the tree's version."""
        address = urlsplit(self.path)
        server = cast(PreviewServer, self.server)
        preview = server.preview
        if address.path == VERSION_URL:
            page = parse_qs(address.query).get("page", [""])[0]
            found = _page_address(page)
            body = preview.version(found[0]) if found else "none"
            self._send(HTTPStatus.OK, body, "text/plain")
        elif address.path == RELOAD_URL:
            self._send(HTTPStatus.OK, RELOAD_SCRIPT.read_text("utf-8"), "text/javascript")
        elif address.path == STYLE_URL:
            self._send(HTTPStatus.OK, STYLE.read_text("utf-8"), "text/css")
        elif address.path.startswith(ASSETS_URL):
            self._asset(address.path.removeprefix(ASSETS_URL))
        elif address.path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, "", "image/x-icon")  # none, and no 404 logged
        elif address.path == "/":
            self._redirect(f"/{server.tree_id}/")
        else:
            self._page(address.path, preview)

    def _page(self, path: str, preview: Preview) -> None:
        found = _page_address(path)
        html = preview.page(*found) if found else None
        if html is None:
            self._send(HTTPStatus.NOT_FOUND, f"No tree or language at {path}", "text/plain")
        else:
            self._send(HTTPStatus.OK, html, "text/html")

    def _asset(self, name: str) -> None:
        source = ASSETS / name
        if "/" in name or source.suffix not in _TYPES or not source.is_file():
            self._send(HTTPStatus.NOT_FOUND, f"No player file {name}", "text/plain")
            return
        self._send(HTTPStatus.OK, source.read_text("utf-8"), _TYPES[source.suffix])

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, body: str, content_type: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the editor watches the page, not the log."""


def _page_address(path: str) -> tuple[str, str | None] | None:
    """``/<tree>/`` or ``/<lang>/<tree>/`` as (tree id, language or None)."""
    parts = [part for part in path.split("/") if part]
    if len(parts) == 1:
        return parts[0], None
    if len(parts) == 2:
        return parts[1], parts[0]
    return None


class PreviewServer(ThreadingHTTPServer):
    """An HTTP server for one :class:`Preview`, opened at ``tree_id``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], preview: Preview, tree_id: str) -> None:
        super().__init__(address, _Handler)
        self.preview = preview
        self.tree_id = tree_id

    @classmethod
    def open(
        cls, site: Site, tree_id: str, host: str, port: int, shown_from: Path
    ) -> PreviewServer:
        """A server listening on ``host:port`` (``port`` 0: any free one)."""
        return cls((host, port), Preview(site, shown_from), tree_id)

    @property
    def url(self) -> str:
        """The address of the tree's preview in the default language."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/{self.tree_id}/"


@contextmanager
def serving(
    site: Site, tree_id: str, host: str = "127.0.0.1", port: int = 8010, shown_from: Path = Path()
) -> Iterator[PreviewServer]:
    """A preview server answering in a thread until the block ends."""
    server = PreviewServer.open(site, tree_id, host, port, shown_from)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def serve(server: PreviewServer, say: Callable[[str], None]) -> None:
    """Answer until Ctrl+C."""
    say(f"Previewing at {server.url} (reloads on save; Ctrl+C to stop). Nothing is written.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
