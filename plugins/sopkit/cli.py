"""The ``sopkit`` command: the same core as the plugin, without MkDocs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .commands import (
    UsageError,
    add_check_options,
    add_editor_commands,
    drift_problems,
    review_date,
)
from .compile.catalog import check_paths, display_path, expand
from .integrations.site import load_site
from .problems import FORMATS, format_problems, sort_problems, summary_line


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
    add_check_options(check)
    check.set_defaults(run=run_check)
    add_editor_commands(commands)
    return parser


def run_check(args: argparse.Namespace) -> int:
    """``sopkit check``: print problems, return the exit code."""
    given: list[Path] = args.paths
    site = load_site(given[0] if given else Path.cwd())
    for path in given:
        if not path.exists():
            print(f"sopkit: error: no such file or directory: {path}", file=sys.stderr)
            return 2
    paths = expand(given) if given else expand([site.trees_dir])
    if not given and not site.trees_dir.is_dir():
        print(
            f"sopkit: error: no trees directory at {display_path(site.trees_dir, Path.cwd())}",
            file=sys.stderr,
        )
        return 2
    result = check_paths(
        paths, site.languages, site.docs_dir, Path.cwd(), site.review_every_days, review_date(args)
    )
    if args.since:
        drift = drift_problems(result, site, args.since)
        result.problems[:] = sort_problems(result.problems + drift)
    output = format_problems(result.problems, args.format)
    if output:
        print(output)
    if args.format == "text":
        print(summary_line(result.problems, result.files), file=sys.stderr)
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``sopkit`` with ``argv`` (default: the command line) and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"sopkit: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
