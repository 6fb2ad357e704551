"""What an engine that runs only sopkit's Markdown extension (Zensical) goes without:
the MkDocs plugin's work, listed once for the build's warning and ``sopkit check``."""

from __future__ import annotations

from .site import Site, plugin_options

PLUGIN_ONLY = (
    "the PDFs, flowchart files and training pack in the site (run `sopkit jobaids build` "
    "after the build)",
    "page counts in the job-aids list",
    "the search index of every language with the trees' keywords",
    "stopping the build on a tree problem (run `sopkit check --strict` in CI)",
    "the player's scripts and styles added to the pages (list the files of `sopkit "
    "assets` under extra_javascript and extra_css)",
)
"""What the MkDocs plugin does that an engine running only the extension does not."""


def engine_note(site: Site) -> str | None:
    """What ``sopkit check`` says when the site runs sopkit as a Markdown extension
    (for Zensical, which ignores MkDocs plugins): the plugin-only features that are off."""
    config_file = site.config_file
    if config_file is None:
        return None
    extensions = site.config.get("markdown_extensions") or []
    names = [next(iter(e)) if isinstance(e, dict) and e else e for e in extensions]
    toml = config_file.suffix == ".toml"
    if "sopkit" not in names and not toml:
        return None
    plugin = plugin_options(site.config, "sopkit") is not None
    when = (
        "; when built by an engine that ignores MkDocs plugins (Zensical), off: "
        if plugin and not toml
        else " and no MkDocs plugin runs; off: "
    )
    return f"note: {config_file.name} runs sopkit as a Markdown extension{when}" + (
        "; ".join(PLUGIN_ONLY)
    )
