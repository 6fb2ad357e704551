"""The ``sopkit`` command: the same core as the plugin, without MkDocs.

Each sub-command is a ``run_*`` function that reads the site, calls the core or an
editors' module, and prints; :func:`build_parser` declares them all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .compile.catalog import (
    CheckResult,
    UnreadableFolder,
    check_paths,
    display_path,
    expand,
    infer_languages,
    tree_files,
)
from .compile.limits import check_printable
from .compile.pages import check_pages
from .compile.reader import ID_RE, ID_RULE, shown
from .compile.review import today
from .compile.schema import schema_text
from .editors.diff import diff_markdown
from .editors.drift import check_drift, format_stats, tree_stats
from .editors.history import GitError, changed_files, check_ref, tree_at, trees_at
from .editors.init import ExistingFiles, LinkedFiles, write_repository
from .editors.notes import note_lines
from .editors.page_drift import check_page_drift, format_page_stats, page_pairs
from .editors.po_import import check_folder, write_changes
from .editors.starter import REPO_SCHEMA, schema_ref, starter_tree
from .editors.translate import export_catalogs
from .editors.usage import Usage
from .editors.watch import watch
from .integrations.assets import config_lines, copy_assets
from .integrations.jobaids_build import JobAidsUnavailable, build_job_aids, site_folder
from .integrations.plugin_off import engine_note
from .integrations.preview import PreviewServer, serve
from .integrations.site import Site, find_config, load_site, terminology_problems
from .integrations.site_locales import locale_problems, site_ui
from .languages import Languages
from .locales import (
    LocaleError,
    ui_strings,
    write_locale,
)
from .model import Span, Tree
from .problems import (
    FORMATS,
    Problem,
    error,
    format_problems,
    printable,
    sort_problems,
    summary_line,
)
from .render.flowchart import GraphvizFailed, GraphvizMissing, dot_to_svg
from .render.pdf import PdfUnavailable
from .render.printing import JobAidFailed
from .render.usage import html as usage_html
from .render.usage import markdown as usage_markdown


class UsageError(Exception):
    """Bad usage of a command: printed as ``sopkit: error: ...``, exit code 2."""


# -- check and stats: every tree of the site (or the paths given) -------------------


def run_check(args: argparse.Namespace) -> int:
    """``sopkit check``: print problems, return the exit code."""
    if args.watch:
        return _watch(args)
    problems, files = _problems(args)
    output = format_problems(problems, args.format)
    if output:
        # Flushed before the summary: with both streams in one pipe, a long report would
        # otherwise be cut by the summary at a buffer boundary, mid-line.
        print(output, flush=True)
    if args.format == "text":
        print(summary_line(problems, files), file=sys.stderr)
        note = engine_note(_site(args.paths))
        if note:
            print(note, file=sys.stderr)
    errors = any(p.is_error for p in problems)
    warnings = any(not p.is_error for p in problems)
    return 1 if errors or (args.strict and warnings) else 0


def _problems(args: argparse.Namespace) -> tuple[list[Problem], int]:
    """Every problem ``sopkit check`` reports, sorted, and how many files it read."""
    site = _site(args.paths)
    result = _check(site, args.paths, args)
    languages = site.languages or _languages(result)
    problems = site.problems + result.problems + locale_problems(site, languages, Path.cwd())
    problems += check_printable(result.trees.values(), site.settings.pdf)
    if not args.paths and site.docs_dir is not None and site.docs_dir.is_dir():
        trees_dir = display_path(site.trees_dir, Path.cwd())
        problems += check_pages(
            site.docs_dir,
            result.trees,
            result.broken,
            trees_dir,
            Path.cwd(),
            site.excluded,
            site.anchors,
            site.languages or _languages(result),
        )
        languages = site.languages or _languages(result)
        problems += terminology_problems(site, result.trees.values(), languages, Path.cwd())
    if args.since:
        problems += _drift(result, site, args.since)
        if not args.paths and site.docs_dir is not None and site.docs_dir.is_dir():
            problems += _page_drift(site, result, args.since)
    return sort_problems(problems), result.files


def _watch(args: argparse.Namespace) -> int:
    """``sopkit check --watch``: check, then again whenever a file is saved."""
    if args.format != "text":
        raise UsageError("--watch prints text: leave out --format")
    if not 0.01 <= args.interval <= 60:  # also false for nan
        raise UsageError(f"--interval must be from 0.01 to 60 seconds, found {args.interval:g}")
    site = _site(args.paths)
    folders = [*(args.paths or [site.trees_dir]), *([site.docs_dir] if site.docs_dir else [])]
    watched = folders + ([site.config_file] if site.config_file else [])
    watch(lambda: _problems(args), watched, args.interval)  # until Ctrl+C, in main()


def run_stats(args: argparse.Namespace) -> int:
    """``sopkit stats``: per tree and language, texts translated, missing, possibly stale."""
    site = _site(args.paths)
    result = _check(site, args.paths, args)
    languages = site.languages or _languages(result)
    if args.since:
        _check_ref(args.since, site.root)
    rows = []
    for tree_id in sorted(result.trees):
        tree = result.trees[tree_id]
        then = tree_at(_source(tree.path), args.since) if args.since else None
        if args.since and then is None:
            then = tree  # a new tree has nothing stale
        rows += [(tree_id, row) for row in tree_stats(tree, languages, then)]
    print(format_stats(rows))
    docs = site.docs_dir
    pairs = page_pairs(docs, languages, site.excluded) if docs and docs.is_dir() else []
    if pairs and not args.paths:
        assert docs is not None
        changed = changed_files(docs, args.since) if args.since else None
        print()
        print(format_page_stats(pairs, changed))
    return 0


def run_notes(args: argparse.Namespace) -> int:
    """``sopkit notes``: every editor note of the trees, with its location."""
    site = _site(args.paths)
    result = _check(site, args.paths, args)
    languages = site.languages or _languages(result)
    trees = result.trees.values()
    lines = note_lines(trees, languages.default)
    if lines:
        print("\n".join(lines))
    notes, count = sum(1 for tree in trees for _ in tree.editor_notes()), len(trees)
    print(
        f"{notes or 'No'} editor note{'s' if notes != 1 else ''} "
        f"in {count} tree{'s' if count != 1 else ''}.",
        file=sys.stderr,
    )
    if result.broken:
        broken = ", ".join(sorted(result.broken))
        print(f"Left out, as they have errors (see sopkit check): {broken}", file=sys.stderr)
        return 1
    return 0


def _site(paths: list[Path]) -> Site:
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or directory: {path}")
    return load_site(paths[0] if paths else Path.cwd())


def _check(site: Site, paths: list[Path], args: argparse.Namespace) -> CheckResult:
    """Every tree of ``paths`` (default: the site's trees directory), checked.

    When files are named, a ``goto`` in them is checked against every tree of the site.
    """
    if not paths and not site.trees_dir.is_dir():
        raise UsageError(f"no trees directory at {display_path(site.trees_dir, Path.cwd())}")
    return check_paths(
        expand(paths or [site.trees_dir]),
        site.languages,
        site.docs_dir,
        Path.cwd(),
        site.review_every_days,
        _review_date(args),
        context=tree_files(site.trees_dir) if paths else (),
        anchors=site.anchors,
    )


def _drift(result: CheckResult, site: Site, ref: str) -> list[Problem]:
    """Stale-translation warnings for every checked tree, compared with ``ref``."""
    languages = site.languages or _languages(result)
    _check_ref(ref, site.root)
    problems: list[Problem] = []
    for tree in result.trees.values():
        then = tree_at(_source(tree.path), ref)
        if then is not None:
            problems += check_drift(tree, then, languages, ref)
    return problems


def _page_drift(site: Site, result: CheckResult, ref: str) -> list[Problem]:
    """Stale-page warnings: ``x.md`` changed since ``ref`` while ``x.<lang>.md`` did not."""
    assert site.docs_dir is not None
    languages = site.languages or _languages(result)
    try:
        return check_page_drift(site.docs_dir, languages, ref, Path.cwd(), site.excluded)
    except GitError as exc:
        raise UsageError(str(exc)) from None


def _review_date(args: argparse.Namespace) -> dt.date:
    """The date review dates are checked against; :class:`UsageError` when malformed."""
    try:
        return today(getattr(args, "today", None))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _check_ref(ref: str, where: Path) -> None:
    try:
        check_ref(ref, where)
    except GitError as exc:
        raise UsageError(str(exc)) from None


def _source(shown_path: str) -> Path:
    path = Path(shown_path)
    return path if path.is_absolute() else Path.cwd() / path


def _languages(result: CheckResult) -> Languages:
    return infer_languages(result.trees.values()) or Languages.of(["en"])


# -- translate: PO files out and back in --------------------------------------------


def run_translate_export(args: argparse.Namespace) -> int:
    """``sopkit translate export``: one PO file per tree and one for the UI strings."""
    site = _site([])
    result = _check(site, [], args)
    languages = site.languages or _languages(result)
    lang = _translation_language(args.lang, languages)
    before = None
    if args.since:
        _check_ref(args.since, site.root)
        before = {t.id: tree_at(_source(t.path), args.since) for t in result.trees.values()}
    files = export_catalogs(result.trees, languages, lang, _site_ui(site), before)
    out: Path = args.out or Path("translations") / lang
    out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"Wrote {len(files)} PO files for '{lang}' to {out}", file=sys.stderr)
    _report_broken(result)
    return 1 if result.broken else 0


def run_translate_import(args: argparse.Namespace) -> int:
    """``sopkit translate import``: translations from PO files into the trees, in place."""
    folder: Path = args.directory
    if not folder.is_dir():
        raise UsageError(f"no such directory: {folder}")
    files = sorted(folder.glob("*.po"))
    if not files:
        raise UsageError(f"{folder} has no .po files")
    site = _site([])
    result = _check(site, [], args)
    languages = site.languages or _languages(result)
    lang = _translation_language(args.lang, languages) if args.lang else None
    shown = [(path, display_path(path, Path.cwd())) for path in files]
    importer, problems = check_folder(
        shown, result.trees, lang, languages, fuzzy=args.fuzzy, broken=result.broken
    )
    ui: dict[str, str] = {}
    if importer is not None and not problems:
        ui, problems = _ui_changes(site, importer.result.lang, importer.result.ui)
    if importer is not None and not problems:
        problems = write_changes(importer, Path.cwd())
    if problems or importer is None:
        print(format_problems(sort_problems(problems), "text"), flush=True)
        print(f"{len(problems)} problem(s); no file was changed.", file=sys.stderr)
        return 1
    done = importer.result
    for path, count in sorted(done.changed.items()):
        print(f"{path}: {count} text{'s' if count != 1 else ''} changed")
    if ui:
        _write_ui(site, done.lang, ui)
    if done.fuzzy_skipped:
        print(
            f"Left out {done.fuzzy_skipped} fuzzy entr{'ies' if done.fuzzy_skipped != 1 else 'y'}"
            " (review them in the PO editor, or import them with --fuzzy).",
            file=sys.stderr,
        )
    if not done.changed and not ui:
        print("No translation changed.", file=sys.stderr)
    return 0


def _translation_language(lang: str, languages: Languages) -> str:
    if lang == languages.default:
        raise UsageError(f"'{lang}' is the default language: its texts are the sources")
    if lang not in languages.codes:
        raise UsageError(
            f"'{lang}' is not one of the site's languages ({', '.join(languages.codes)})"
        )
    return lang


def _site_ui(site: Site) -> dict[str, dict[str, str]]:
    """The site's own UI strings; :class:`UsageError` when a locale file is unusable."""
    try:
        return site_ui(site)
    except LocaleError as exc:
        raise UsageError(str(exc)) from None


def _ui_changes(
    site: Site, lang: str, strings: dict[str, str]
) -> tuple[dict[str, str], list[Problem]]:
    """The UI strings that differ from what the site shows, or why they cannot be kept."""
    shown_now = ui_strings(lang, lang, _site_ui(site))
    changed = {key: text for key, text in strings.items() if shown_now.get(key) != text}
    if not changed or site.settings.locales_dir is not None:
        return changed, []
    where = Span(display_path(site.config_file, Path.cwd()) if site.config_file else ".", 1, 1)
    count = len(changed)
    return {}, [
        error(
            "po-no-locales-dir",
            where,
            f"{count} UI string{'s were' if count != 1 else ' was'} translated, but the site "
            "has no 'locales_dir' to keep them in",
            "add 'locales_dir: locales' to the sopkit plugin's options in mkdocs.yml",
        )
    ]


def _write_ui(site: Site, lang: str, changed: dict[str, str]) -> None:
    """Write changed UI strings into the site's locale file for ``lang``."""
    assert site.settings.locales_dir is not None
    path = site.root / site.settings.locales_dir / f"{lang}.json"
    write_locale(path, lang, changed)
    count = len(changed)
    print(f"{display_path(path, Path.cwd())}: {count} UI string{'s' if count != 1 else ''} changed")


def _report_broken(result: CheckResult) -> None:
    if result.broken:
        broken = ", ".join(sorted(result.broken))
        print(f"Left out, as they have errors (see sopkit check): {broken}", file=sys.stderr)


# -- the editors' commands --------------------------------------------------------


def run_diff(args: argparse.Namespace) -> int:
    """``sopkit diff REF``: Markdown summary of what changed in each tree since ``REF``."""
    site = load_site(Path.cwd())
    trees_dir = args.trees_dir or site.trees_dir
    _check_ref(args.ref, trees_dir if trees_dir.is_dir() else site.root)
    before = trees_at(trees_dir, args.ref) if trees_dir.is_dir() else {}
    result = check_paths(expand([trees_dir]), root=Path.cwd())
    unread = [p for p in result.errors if p.code in _UNREAD_BY_DIFF]
    if unread:
        # The summary would compare one file of two, or call a tree not read "removed".
        print(format_problems(unread, "text"), file=sys.stderr)
        return 1
    after = result.trees
    languages = site.languages or _languages(CheckResult(after, [], 0))
    sys.stdout.write(diff_markdown(before, after, args.ref, languages.default))
    return 0


_UNREAD_BY_DIFF = ("duplicate-tree", "outside-trees-dir")
"""Problems that leave a tree file out of the comparison ``sopkit diff`` prints."""


def run_schema(args: argparse.Namespace) -> int:
    """``sopkit schema``: print the JSON Schema of tree files, or write it to a file."""
    text = schema_text()
    if args.output is None:
        sys.stdout.write(text)
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {printable(str(args.output))}", file=sys.stderr)
    return 0


def run_new(args: argparse.Namespace) -> int:
    """``sopkit new ID``: write a starter tree to the trees directory."""
    if not ID_RE.fullmatch(args.tree_id):
        raise UsageError(f"tree id '{shown(args.tree_id)}' is not valid: {ID_RULE}")
    site = load_site(Path.cwd())
    trees_dir = args.trees_dir or site.trees_dir
    target = trees_dir / f"{args.tree_id}.yml"
    # The folder's path, then the name: resolving the file itself would follow a link.
    shown_target = f"{display_path(trees_dir, Path.cwd())}/{target.name}"
    if target.is_symlink():
        raise UsageError(
            f"{shown_target} is a symbolic link; sopkit new never writes through a link "
            "(remove it, or choose another id)"
        )
    if target.exists() and not args.force:
        raise UsageError(f"{shown_target} already exists (use --force)")
    languages = site.languages or Languages.of(["en", "es"])
    schema = schema_ref(site.root, trees_dir)
    trees_dir.mkdir(parents=True, exist_ok=True)
    text = starter_tree(args.tree_id, languages, _review_date(args), schema)
    _write_new_file(target, shown_target, text, replace=args.force)
    print(f"wrote {printable(shown_target)}", file=sys.stderr)
    if schema is None:
        print(
            f"(for completion in editors: sopkit schema --output {REPO_SCHEMA.as_posix()},"
            " then run sopkit new again or add the schema line yourself)",
            file=sys.stderr,
        )
    print(
        f"Show it to agents on a page under docs/ with:\n\n```decision-tree\n{args.tree_id}\n```",
        file=sys.stderr,
    )
    return 0


def _write_new_file(target: Path, shown_target: str, text: str, *, replace: bool) -> None:
    """Write ``text`` to ``target``, never through a symbolic link (checked as it opens)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | (os.O_TRUNC if replace else os.O_EXCL)
    try:
        handle = os.open(target, flags, 0o644)
    except OSError as exc:
        raise UsageError(
            f"cannot write {shown_target}: {exc.strerror} "
            "(sopkit new never writes through a symbolic link)"
        ) from None
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
        file.write(text)


def run_init(args: argparse.Namespace) -> int:
    """``sopkit init [DIR]``: write a new content repository (nothing if a file exists)."""
    root: Path = args.directory
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is not a directory")  # printed escaped, by main()
    name = args.site_name or _title_of(root)
    try:
        written = write_repository(root, name, _review_date(args), overwrite=args.force)
    except ExistingFiles as exc:
        raise UsageError(
            "these files exist already, so nothing was written: "
            + ", ".join(exc.paths)
            + " (use --force to overwrite them)"
        ) from None
    except LinkedFiles as exc:
        raise UsageError(
            "these files are symbolic links, so nothing was written: "
            + ", ".join(exc.paths)
            + " (sopkit init never writes through a link: remove them first)"
        ) from None
    shown_root = printable(root.as_posix().rstrip("/") + "/") if root != Path() else ""
    for path in written:
        print(f"wrote {shown_root}{path}", file=sys.stderr)
    enter = f"cd {printable(root.as_posix())} && " if root != Path() else ""
    print(
        "\nNext: " + enter + "sopkit check --strict && mkdocs serve\n"
        "Add a procedure with: sopkit new TREE-ID",
        file=sys.stderr,
    )
    return 0


# -- other engines: the player's files, the job aids of a built site ------------------


def run_assets(args: argparse.Namespace) -> int:
    """``sopkit assets --output DIR``: copy the player's files, print the config lines."""
    written = copy_assets(args.output)
    site = load_site(Path.cwd())
    print(f"Wrote {len(written)} files into {args.output}. List them in the site's config:")
    print(config_lines(args.output, site.docs_dir))
    return 0


# -- report: how the guides were used ------------------------------------------------


def run_report(args: argparse.Namespace) -> int:
    """``sopkit report``: the usage of each tree from the player's event lines."""
    usage = Usage()
    for name in args.events:
        if name == "-":
            usage.read(sys.stdin.buffer, "<stdin>")
            continue
        try:
            with open(name, "rb") as stream:
                usage.read(stream, name)
        except OSError as exc:
            raise UsageError(
                f"{name}: cannot read this events file ({exc.strerror or exc}); name files "
                "of event lines, or - for standard input"
            ) from None
    trees, languages = _report_trees()
    text = usage_markdown(usage, trees, languages)
    if args.output:
        _write_text(args.output, text)
    else:
        sys.stdout.write(text)
    if args.html:
        _write_text(args.html, usage_html(usage, trees, languages, _chart))
    if usage.malformed:
        print(
            f"sopkit: {usage.malformed} of {usage.lines} lines skipped, not events of the "
            f"schema (the first at {usage.first_malformed})",
            file=sys.stderr,
        )
    return 0


def _report_trees() -> tuple[dict[str, Tree], Languages]:
    """The site's trees without errors, to name nodes and draw charts (none without a site)."""
    site = load_site(Path.cwd())
    if not site.trees_dir.is_dir():
        return {}, site.languages or Languages.of(["en"])
    result = check_paths(expand([site.trees_dir]), site.languages, None, Path.cwd())
    return dict(result.trees), site.languages or _languages(result)


def _chart(source: str) -> str | None:
    """DOT laid out as SVG; None (and why, once) when Graphviz cannot draw it."""
    try:
        return dot_to_svg(source)
    except (GraphvizMissing, GraphvizFailed) as exc:
        print(f"sopkit: no flowchart in the HTML report: {exc}", file=sys.stderr)
        return None


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the report ({exc.strerror or exc})") from None


# -- preview: one tree's guide, reloaded on save ----------------------------------------


def run_preview(args: argparse.Namespace) -> int:
    """``sopkit preview TREE``: serve one tree's guide, reloaded on every save."""
    given = Path(args.tree)
    is_file = given.suffix in (".yml", ".yaml")
    if is_file and not given.is_file():
        raise UsageError(f"no such tree file: {args.tree}")
    site = load_site(given.parent if is_file else Path.cwd())
    tree_id = given.stem if is_file else args.tree
    if is_file and given.resolve().parent != site.trees_dir:
        shown_dir = display_path(site.trees_dir, Path.cwd())
        raise UsageError(f"{args.tree} is not in the site's trees folder {shown_dir}")
    if not any((site.trees_dir / f"{tree_id}{s}").is_file() for s in (".yml", ".yaml")):
        shown_dir = display_path(site.trees_dir, Path.cwd())
        raise UsageError(f"no tree '{tree_id}' in {shown_dir} (name its id or its file)")
    try:
        server = PreviewServer.open(site, tree_id, args.host, args.port, Path.cwd())
    except OSError as exc:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    serve(server, lambda line: print(line, flush=True))
    return 0


def run_jobaids_build(args: argparse.Namespace) -> int:
    """``sopkit jobaids build``: print the job aids and copy them into the built site."""
    if args.config is not None and not args.config.is_file():
        raise UsageError(f"no such file: {args.config}")
    start = args.config if args.config is not None else Path.cwd()
    if args.config is None and find_config(start) is None:
        raise UsageError("no mkdocs.yml or zensical.toml here or above: name it with --config")
    site = load_site(start)
    site_dir = site_folder(site, args.site_dir)
    try:
        written = build_job_aids(site, site_dir)
    except (JobAidsUnavailable, JobAidFailed, PdfUnavailable) as exc:
        print(f"sopkit: {printable(str(exc))}", file=sys.stderr)
        return 1
    for warning in written.warnings:
        print(f"warning: {printable(warning)}", file=sys.stderr)
    print(
        f"Wrote {len(written.files)} job-aid files into {site_dir} "
        f"({written.printed} PDFs printed, the rest from the cache)."
    )
    return 0


def _title_of(root: Path) -> str:
    words = root.resolve().name.replace("-", " ").replace("_", " ").strip()
    return f"{words.capitalize()} escalation guides" if words else "Escalation guides"


# -- the parser -------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"sopkit: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``sopkit`` (its sub-commands and their options)."""
    parser = _Parser(prog="sopkit", description="Check and build escalation decision trees.")
    parser.add_argument("--version", action="version", version=f"sopkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    _add_check(commands)
    _add_editor_commands(commands)
    _add_translate(commands)
    _add_engine_commands(commands)
    _add_report(commands)
    return parser


def _add_report(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``report``."""
    report = commands.add_parser(
        "report",
        help="how the guides were used, from the player's event lines",
        description="Read the JSON event lines the player sends with events: beacon (files, "
        "or - for standard input) and print, per tree and language, as Markdown: starts, "
        "completions by outcome, where guides were left, approximate median and 90th "
        "percentile time per step, and answer shares per question. Run it beside mkdocs.yml "
        "to name steps by their words and draw the charts.",
    )
    report.add_argument("events", nargs="+", metavar="EVENTS", help="event line files, or -")
    report.add_argument("--output", "-o", type=Path, metavar="FILE", help="write the Markdown here")
    report.add_argument(
        "--html", type=Path, metavar="FILE", help="also write an HTML page with heat-mapped charts"
    )
    report.set_defaults(run=run_report)


def _add_engine_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``assets`` and ``jobaids build``: sopkit under engines without the plugin."""
    assets = commands.add_parser(
        "assets",
        help="copy the player's scripts and styles (for engines without the plugin)",
        description="Copy the player's modules and styles into DIR (say, "
        "docs/assets/sopkit) and print the extra_javascript and extra_css entries that "
        "load them. Needed where the sopkit plugin does not run (Zensical).",
    )
    assets.add_argument("--output", "-o", type=Path, required=True, metavar="DIR")
    assets.set_defaults(run=run_assets)

    jobaids = commands.add_parser(
        "jobaids",
        help="job aids of a built site (for engines without the plugin)",
        description="Job aids outside MkDocs.",
    )
    actions = jobaids.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True
    build = actions.add_parser(
        "build",
        help="print the PDFs, flowcharts and training packs into a built site",
        description="Print every tree's job aid (PDF) and flowchart (SVG) in every "
        "language, and each language's training pack, through the job-aid cache, then "
        "write them into the built site's job-aids/ folder (job-aids/TREE.pdf, "
        "job-aids/TREE.LANG.pdf in other languages), where the guides link them. "
        "Nothing else in the site is touched. Exit 0 done, 1 on a tree error or a job "
        "aid that cannot be printed, 2 on bad usage.",
    )
    build.add_argument(
        "--site-dir", type=Path, metavar="DIR", help="the built site (default: site_dir)"
    )
    build.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="mkdocs.yml or zensical.toml (default: the one here or above)",
    )
    build.set_defaults(run=run_jobaids_build)

    preview = commands.add_parser(
        "preview",
        help="serve one tree's guide, reloaded on every save",
        description="Serve TREE's guide on its own, in every language of the site, with "
        "the player and the tree's problems on the page; the page reloads when the tree "
        "is saved. The site is not built and nothing is written. Stop with Ctrl+C.",
    )
    preview.add_argument("tree", metavar="TREE", help="a tree id, or its file")
    preview.add_argument("--port", type=int, default=8010, help="default: 8010 (0: any free)")
    preview.add_argument(
        "--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only)"
    )
    preview.set_defaults(run=run_preview)


def _add_check(commands: argparse._SubParsersAction[Any]) -> None:
    check = commands.add_parser(
        "check",
        help="check tree files and report every problem",
        description="Check decision trees. Exit 0 when clean, 1 on errors "
        "(or warnings with --strict), 2 on bad usage.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="tree files or directories (default: decision_trees/ next to mkdocs.yml)",
    )
    check.add_argument("--strict", action="store_true", help="warnings fail the check too")
    check.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--since",
        metavar="REF",
        help="also warn where the default-language text of a tree or a page (x.md) changed "
        "since this git ref but a translation (x.<lang>.md) did not",
    )
    check.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="check review dates as of this date (default: $SOPKIT_TODAY, else today)",
    )
    check.add_argument(
        "--watch",
        action="store_true",
        help="check again whenever a tree, page or mkdocs.yml is saved, printing what is "
        "new and what was fixed (Ctrl+C stops)",
    )
    check.add_argument(
        "--interval",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="how often --watch looks for saved files, 0.01 to 60 (default: 0.5)",
    )
    check.set_defaults(run=run_check)


def _add_editor_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``init``, ``schema``, ``stats``, ``notes``, ``diff`` and ``new`` to the parser."""
    init = commands.add_parser(
        "init",
        help="write a new content repository (mkdocs.yml, a starter tree, CI, hooks)",
        description="Write a working content repository into DIR (default: here): "
        "mkdocs.yml (English and Spanish), a starter tree with scenario tests, its pages, "
        "requirements.txt pinning this sopkit, a GitHub workflow, a pre-commit hook and "
        "the JSON Schema for editors. Writes nothing if any of those files exists.",
    )
    init.add_argument("directory", nargs="?", type=Path, default=Path(), metavar="DIR")
    init.add_argument("--site-name", metavar="NAME", help="the site's name (default: DIR's)")
    init.add_argument("--force", action="store_true", help="overwrite existing files")
    init.add_argument("--today", metavar="YYYY-MM-DD", help="the starter's 'reviewed' date")
    init.set_defaults(run=run_init)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of tree files",
        description="Print the JSON Schema of tree files (for editor completion), or write "
        "it with --output.",
    )
    schema.add_argument("--output", "-o", type=Path, metavar="FILE", help="write to FILE")
    schema.set_defaults(run=run_schema)

    stats = commands.add_parser(
        "stats",
        help="count translated, missing and stale texts per tree and language",
        description="Per tree and language: how many texts are translated, missing, or "
        "(with --since) possibly stale; then the same for the translated pages (x.<lang>.md).",
    )
    stats.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="tree files or dirs")
    stats.add_argument("--since", metavar="REF", help="count stale translations since REF")
    stats.set_defaults(run=run_stats)

    notes = commands.add_parser(
        "notes",
        help="list the editor notes of the trees, with their locations",
        description="Print every editor_note of the trees (notes agents never see), one "
        "line per note and language, at its file:line:col.",
    )
    notes.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="tree files or dirs")
    notes.set_defaults(run=run_notes)

    diff = commands.add_parser(
        "diff",
        help="summarise what changed in each tree since a git ref (Markdown)",
        description="Print, as Markdown for a pull request, what changed in each tree "
        "since REF: nodes, re-pointed answers, texts per language, reachable outcomes.",
    )
    diff.add_argument("ref", metavar="REF", help="a git commit, branch or tag")
    diff.add_argument("--trees-dir", type=Path, metavar="DIR", help="the trees directory")
    diff.set_defaults(run=run_diff)

    new = commands.add_parser(
        "new",
        help="write a starter tree",
        description="Write decision_trees/ID.yml: a small valid tree with scenario tests, "
        "its texts in English and Spanish (the title in the default language only).",
    )
    new.add_argument("tree_id", metavar="ID", help="the new tree's id (its file name)")
    new.add_argument("--trees-dir", type=Path, metavar="DIR", help="where to write it")
    new.add_argument("--force", action="store_true", help="overwrite an existing file")
    new.add_argument("--today", metavar="YYYY-MM-DD", help="the 'reviewed' date to write")
    new.set_defaults(run=run_new)


def _add_translate(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``translate export`` and ``translate import``."""
    translate = commands.add_parser(
        "translate",
        help="exchange translations with PO editors (export, import)",
        description="Export the texts of every tree and sopkit's UI strings as gettext PO "
        "files for a PO editor (Poedit, Weblate, Crowdin, Lokalize), and import them back.",
    )
    actions = translate.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True
    export = actions.add_parser(
        "export",
        help="write one PO file per tree and sopkit-ui.po",
        description="Write DIR/<tree id>.po for every tree and DIR/sopkit-ui.po: msgid the "
        "default-language text, msgstr the translation. With --since, a translation whose "
        "source changed since REF while it did not is marked fuzzy.",
    )
    export.add_argument("--lang", required=True, help="the language to translate into")
    export.add_argument("--out", type=Path, metavar="DIR", help="default: translations/LANG")
    export.add_argument("--since", metavar="REF", help="mark fuzzy what drifted since REF")
    export.set_defaults(run=run_translate_export)
    back = actions.add_parser(
        "import",
        help="write translated PO files back into the trees",
        description="Write the translations of DIR/*.po into the tree files, changing only "
        "those texts. Nothing is written if an entry is stale, unknown or changes a link.",
    )
    back.add_argument("directory", type=Path, metavar="DIR")
    back.add_argument("--fuzzy", action="store_true", help="import fuzzy entries too")
    back.add_argument("--lang", help="the language (default: the PO files' Language header)")
    back.set_defaults(run=run_translate_import)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sopkit`` with ``argv`` (default: the command line) and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (UsageError, UnreadableFolder) as exc:
        print(f"sopkit: error: {printable(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
