"""The player: its weight (JS + CSS, gzipped) and its speed in Chromium on a big tree."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from dataclasses import dataclass
from pathlib import Path

from sopkit.integrations.mkdocs_plugin import ASSETS_DIR

from .stats import Sample

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Clicks the current step's first answer and times it until the next step's heading
# is shown and focused and layout is done (reading a layout property forces it).
_CLICK_JS = """
() => {
  const tree = document.querySelector("section.sopkit-tree");
  const current = [...tree.querySelectorAll("li.sopkit-node")].find((li) => !li.hidden);
  const answer = current.querySelector("a.sopkit-answer[data-sopkit-next]");
  if (!answer) return null;
  const next = answer.getAttribute("data-sopkit-next");
  const start = performance.now();
  answer.click();
  const li = tree.querySelector(`li.sopkit-node[data-sopkit-node="${next}"]`);
  const heading = li.querySelector("h3");
  const ok = !li.hidden && document.activeElement === heading && heading.offsetHeight > 0;
  const ms = performance.now() - start;
  return ok ? ms : -1;
}
"""


@dataclass(frozen=True)
class PlayerWeight:
    """Bytes of the player's files, raw and gzipped (level 9)."""

    files: dict[str, tuple[int, int]]

    @property
    def gzipped(self) -> int:
        """Total gzipped bytes."""
        return sum(z for _, z in self.files.values())


def player_weight() -> PlayerWeight:
    """The player's modules and CSS the plugin ships (all loaded by every guide page), gzipped
    one by one (as a server sends them)."""
    files = {}
    for path in sorted(ASSETS_DIR.rglob("*")):
        if path.suffix in (".mjs", ".css"):
            data = path.read_bytes()
            name = path.relative_to(ASSETS_DIR).as_posix()
            files[name] = (len(data), len(gzip.compress(data, compresslevel=9)))
    return PlayerWeight(files)


@dataclass(frozen=True)
class PlayerSpeed:
    """Click-to-next-step milliseconds on one page, and the page's weight."""

    nodes: int
    click_ms: Sample
    page_bytes: int
    guide_bytes: int

    @property
    def bytes_per_node(self) -> float:
        """Bytes of the guide's HTML per node."""
        return self.guide_bytes / self.nodes


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure_player(site_dir: Path, page: str, nodes: int, clicks: int) -> PlayerSpeed:
    """Open ``page`` of a built site in Chromium and time ``clicks`` answer clicks."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
    html = (site_dir / page / "index.html").read_text(encoding="utf-8")
    start = html.index('<section class="sopkit-tree')
    guide = html[start : html.index("</section>", start) + len("</section>")]
    times: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page()
            tab.goto(url)
            tab.wait_for_selector("section.sopkit-tree[data-sopkit-ready]")
            for _ in range(clicks):
                ms = tab.evaluate(_CLICK_JS)
                if ms is None:
                    break
                if ms < 0:
                    raise RuntimeError("the next step was not shown and focused after a click")
                times.append(ms)
            browser.close()
    finally:
        server.shutdown()
    if not times:
        raise RuntimeError("no answer could be clicked")
    return PlayerSpeed(nodes, Sample(tuple(times)), len(html.encode()), len(guide.encode()))
