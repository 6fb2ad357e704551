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
from .compile.pages import check_pages
from .compile.reader import ID_RE, ID_RULE, shown
from .compile.review import today
from .compile.schema import schema_text
from .editors.diff import diff_markdown
from .editors.drift import check_drift, format_stats, tree_stats
from .editors.history import GitError, check_ref, tree_at, trees_at
from .editors.init import ExistingFiles, LinkedFiles, write_repository
from .editors.notes import note_lines
from .editors.starter import REPO_SCHEMA, schema_ref, starter_tree
from .editors.watch import watch
from .integrations.site import Site, load_site, terminology_problems
from .languages import Languages
from .problems import (
    FORMATS,
    Problem,
    format_problems,
    printable,
    sort_problems,
    summary_line,
)


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
    errors = any(p.is_error for p in problems)
    warnings = any(not p.is_error for p in problems)
    return 1 if errors or (args.strict and warnings) else 0


def _problems(args: argparse.Namespace) -> tuple[list[Problem], int]:
    """Every problem ``sopkit check`` reports, sorted, and how many files it read."""
    site = _site(args.paths)
    result = _check(site, args.paths, args)
    problems = site.problems + result.problems
    if not args.paths and site.docs_dir is not None and site.docs_dir.is_dir():
        trees_dir = display_path(site.trees_dir, Path.cwd())
        problems += check_pages(
            site.docs_dir, result.trees, result.broken, trees_dir, Path.cwd(), site.excluded
        )
        languages = site.languages or _languages(result)
        problems += terminology_problems(site, result.trees.values(), languages, Path.cwd())
    if args.since:
        problems += _drift(result, site, args.since)
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
    return parser


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
        help="also warn where the default-language text changed since this git ref "
        "but a translation did not",
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
        "(with --since) possibly stale.",
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
