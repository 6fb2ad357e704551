"""The player's files, for a site engine that does not run the sopkit plugin.

Under MkDocs the plugin adds them to every page; elsewhere ``sopkit assets --output DIR``
copies them into the docs folder, and the site lists them under ``extra_javascript``
and ``extra_css``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ASSETS = Path(__file__).parent.parent / "assets" / "sopkit"
"""The player's modules and styles, shipped inside the package."""
SCRIPTS = ("player.mjs", "page.mjs")
"""The modules a page loads (``type: module``); they import their siblings."""
STYLESHEETS = ("sopkit.css", "print.css")


def copy_assets(output: Path) -> list[Path]:
    """Copy every file of the player into ``output`` (made if missing); the files written."""
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(ASSETS.iterdir()):
        if source.is_file():
            target = output / source.name
            shutil.copyfile(source, target)
            written.append(target)
    return written


def config_lines(output: Path, docs_dir: Path | None) -> str:
    """The ``extra_javascript`` and ``extra_css`` entries that load the copied files
    (paths relative to the docs folder when ``output`` is inside it)."""
    folder = output.resolve()
    if docs_dir is not None and folder.is_relative_to(docs_dir.resolve()):
        prefix = folder.relative_to(docs_dir.resolve()).as_posix()
    else:
        prefix = output.as_posix()
    lines = ["extra_javascript:"]
    lines += [f"  - {{path: {prefix}/{name}, type: module}}" for name in SCRIPTS]
    lines += ["extra_css:"]
    lines += [f"  - {prefix}/{name}" for name in STYLESHEETS]
    return "\n".join(lines)
