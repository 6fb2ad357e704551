"""``sopkit jobaids build``: the job aids of a site built by another engine (Zensical).

It reads the site's settings and pages as ``sopkit check`` does, prints what the job-aid
cache lacks (the same cache, keys and pool of printers as the MkDocs plugin), then
copies into the built site, for each language, where the guides and the job-aids list
link them (see :mod:`sopkit.integrations.site_pages`):

- ``job-aids/<tree>.pdf`` and ``job-aids/<tree>.svg`` (the flowchart), and
  ``job-aids/<tree>.<lang>.pdf`` / ``.svg`` in every other language;
- ``job-aids/training-pack.pdf`` (``training-pack.<lang>.pdf``).

Everything is printed into the cache first; the site folder is written only once every
job aid printed, and only those files are written (the rest of the site is left as the
engine built it).
"""

from __future__ import annotations

import os
import posixpath
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..compile.catalog import CheckResult, UnreadableFolder, check_paths, expand
from ..languages import Languages
from ..render.cache import JobAidCache, digest
from ..render.context import PageContext
from ..render.printing import (
    MAX_PAGES,
    BuiltJobAid,
    JobAidBuilder,
    JobAidSettings,
    LanguagePlan,
    missing_tools,
    over_budget_message,
)
from .engine_host import CACHE_ENV
from .site import Site
from .site_pages import SitePages, job_aid_path, nav_places, pack_path


class JobAidsUnavailable(Exception):
    """The job aids cannot be built (the message says why and what to do)."""


@dataclass
class Written:
    """What ``sopkit jobaids build`` wrote into the site, and its warnings."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    printed: int = 0
    """PDFs printed (the rest came from the cache)."""


def site_folder(site: Site, given: Path | None) -> Path:
    """The built site: ``given``, else the config's ``site_dir`` (default ``site``)."""
    if given is not None:
        return given
    site_dir = site.config.get("site_dir") or "site"
    return site.root / str(site_dir)


def build_job_aids(site: Site, site_dir: Path) -> Written:
    """Print every tree's job aids in every language and copy them into ``site_dir``."""
    if site.config_file is None:
        raise JobAidsUnavailable("no mkdocs.yml or zensical.toml here or above")
    if not site_dir.is_dir():
        raise JobAidsUnavailable(
            f"no built site at {site_dir}: build the site first, or name it with --site-dir"
        )
    settings = site.settings
    if site.problems:
        raise JobAidsUnavailable("\n".join(str(p) for p in site.problems))
    wanted = JobAidSettings(settings.pdf, settings.flowchart, settings.paper)
    if not (wanted.pdf or wanted.flowchart):
        return Written()
    problems = missing_tools(wanted)
    if problems:
        raise JobAidsUnavailable("; ".join(problems))
    result = _trees(site)
    languages = site.languages or Languages.of([settings.default_language or "en"])
    docs_dir = site.docs_dir or site.root / "docs"
    use_dirs = site.config.get("use_directory_urls", True) is not False
    pages = SitePages.scan(docs_dir, languages, site.excluded, use_dirs)
    folder = (site.root / (os.environ.get(CACHE_ENV) or settings.cache_dir)).resolve()
    builder = JobAidBuilder(JobAidCache(folder), wanted)
    site_url = str(site.config.get("site_url") or "")
    plans = {
        lang: _plan(result, languages, lang, pages, site_url, settings.ui_strings)
        for lang in languages.codes
    }
    built = builder.build_languages(plans)
    written = Written(printed=builder.printed)
    for lang, aids in built.items():
        written.files += _copy(aids.values(), builder, site_dir, languages, written.warnings)
        pack = _pack(builder, aids, pages, plans[lang].ctx, site, site_url)
        if pack is not None:
            target = site_dir / pack_path(lang, languages)
            shutil.copyfile(pack, target)
            written.files.append(target)
    written.printed = builder.printed
    return written


def _trees(site: Site) -> CheckResult:
    """The site's trees; their errors stop the command (``sopkit check`` says them all)."""
    try:
        paths = expand([site.trees_dir])
    except UnreadableFolder as exc:
        raise JobAidsUnavailable(str(exc)) from None
    result = check_paths(paths, site.languages, site.docs_dir, site.root)
    errors = [p for p in result.problems if p.is_error]
    if errors:
        raise JobAidsUnavailable(
            "\n".join(str(p) for p in errors)
            + f"\n{len(errors)} error{'s' if len(errors) != 1 else ''} in the decision trees;"
            " no job aid was written (sopkit check says them all)"
        )
    return result


def _plan(
    result: CheckResult,
    languages: Languages,
    lang: str,
    pages: SitePages,
    site_url: str,
    ui: Mapping[str, Mapping[str, str]],
) -> LanguagePlan:
    """How to print ``lang``'s job aids: links from ``job-aids/`` (absolute with
    ``site_url``), each guide's URL for its QR code, and the key of all of it."""

    def link(href: str) -> str:
        path, hash_, anchor = href.partition("#")
        url = pages.url_in(path, lang) if path else None
        if url is None:
            return href
        return posixpath.join(site_url or "../", url) + hash_ + anchor

    def guide_url(tree_id: str) -> str | None:
        url = pages.tree_url(tree_id, lang)
        return posixpath.join(site_url, url) if url is not None and site_url else None

    ctx = PageContext(lang=lang, languages=languages, trees=result.trees, link=link, extra_ui=ui)
    urls = sorted((path, pages.url_in(path, lang)) for path in pages.paths)
    trees = sorted((tree_id, pages.tree_url(tree_id, lang)) for tree_id in result.trees)
    context = digest(lang, site_url, repr(urls), repr(trees), repr(ui), repr(languages))
    return LanguagePlan(result.trees.values(), ctx, guide_url, context)


def _copy(
    aids: Iterable[BuiltJobAid],
    builder: JobAidBuilder,
    site_dir: Path,
    languages: Languages,
    warnings: list[str],
) -> list[Path]:
    """Write each job aid's PDF and flowchart where the guides link them."""
    files = []
    for aid in aids:
        if aid.svg is not None:
            target = site_dir / job_aid_path(aid.tree.id, aid.lang, languages, "svg")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(aid.svg, encoding="utf-8")
            files.append(target)
        if aid.key is not None and aid.pdf is not None:
            target = site_dir / job_aid_path(aid.tree.id, aid.lang, languages)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(builder.cache.pdf_path(aid.key), target)
            files.append(target)
            if aid.pdf.pages > MAX_PAGES:
                warnings.append(over_budget_message(aid.tree, aid.lang, aid.pdf.pages))
    return files


def _pack(
    builder: JobAidBuilder,
    aids: Mapping[str, BuiltJobAid],
    pages: SitePages,
    ctx: PageContext,
    site: Site,
    site_url: str,
) -> Path | None:
    """The training pack of one language in the cache (printed if missing), or None."""
    places = nav_places(site.config.get("nav"))
    last = (len(places), None)

    def position(aid: BuiltJobAid) -> tuple[int, str]:
        page = pages.tree_pages.get(aid.tree.id)
        return (places.get(page, last)[0] if page is not None else last[0], aid.tree.id)

    path = pack_path(ctx.lang, ctx.languages)
    url = posixpath.join(site_url, path) if site_url else None
    site_name = str(site.config.get("site_name") or "")
    job = builder.pack_job(sorted(aids.values(), key=position), ctx, site_name=site_name, url=url)
    if job is None:
        return None
    builder.print_packs([job])
    return builder.cache.pdf_path(job.key)
