"""All trees of a site, loaded and checked together, re-reading only files that changed."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..languages import Languages
from ..model import Span, Tree
from ..problems import Problem, error, sort_problems
from .anchors import AnchorRules
from .checks import DocsFiles, check_links, check_tree
from .handoffs import check_gotos
from .loader import load_bytes, load_file
from .reader import shown
from .review import check_review
from .scenarios import check_scenarios
from .validate import build_tree


@dataclass(frozen=True)
class CheckResult:
    """The trees that compiled, every problem found, and how many files were read."""

    trees: Mapping[str, Tree]
    problems: list[Problem]
    files: int
    broken: frozenset[str] = field(default_factory=frozenset)
    """Ids of trees whose files exist but did not compile (their errors say why)."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings."""
        return [p for p in self.problems if not p.is_error]


class UnreadableFolder(Exception):
    """A trees directory sopkit may not list (the message says which, and what to do)."""


def tree_files(trees_dir: Path) -> list[Path]:
    """The tree files of a directory (``*.yml`` and ``*.yaml``), sorted.

    Raises :class:`UnreadableFolder` when the directory exists but cannot be listed.
    """
    if not trees_dir.is_dir():
        return []
    try:
        entries = list(trees_dir.iterdir())
    except OSError as exc:
        raise UnreadableFolder(
            f"cannot list the trees directory {trees_dir.as_posix()}: "
            f"{exc.strerror or exc}; give the user running sopkit read access to it"
        ) from None
    return sorted(p for p in entries if p.suffix in (".yml", ".yaml") and p.is_file())


def display_path(path: Path, root: Path | None) -> str:
    """A path as shown in messages: relative to ``root`` when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


# Changes within this time of a file's last change may not show in its times (coarse
# file systems keep whole or even two seconds).
_RACY_NS = 2_000_000_000


def _stat_hint(path: Path) -> tuple[int, int, int, int] | None:
    """What the file system says of a file: times of the last write and of the last
    change of any kind (``cp -p`` and ``touch -d`` set the first, never the second),
    size and inode; None when it cannot say."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)


@dataclass(frozen=True)
class _Cached:
    """A tree file as last read: its stat hint, the hash of its bytes, what they gave."""

    hint: tuple[int, int, int, int] | None
    settled: bool
    """True when the file was read well after its last change, so an unchanged hint
    means unchanged bytes."""
    digest: bytes
    tree: Tree | None
    problems: list[Problem]


class Catalog:
    """Loads trees; a file whose bytes are unchanged is not parsed again.

    The cache is keyed by the hash of a file's bytes (DECISIONS 6). The file's times are
    only a hint to skip reading it: when they, its size and inode are as when it was
    last read, and that read came well after its last change.

    Checks that involve several trees (``goto``) or the languages run on every
    :meth:`check`, as they are cheap; parsing and per-file checks are cached.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._resolved: dict[Path, Path] = {}  # directory -> its real path
        self._cache: dict[Path, _Cached] = {}

    def _load(self, path: Path) -> tuple[Tree | None, list[Problem]]:
        if not self._inside_its_folder(path):
            return None, [_outside(self._shown(path))]
        hint = _stat_hint(path)
        cached = self._cache.get(path)
        if cached is not None and hint is not None and cached.hint == hint and cached.settled:
            return cached.tree, cached.problems
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        read_at = time.time_ns()
        digest = hashlib.sha256(data).digest() if data is not None else b""
        if cached is not None and data is not None and cached.digest == digest:
            tree, problems = cached.tree, cached.problems
        else:
            document, problems = (
                load_bytes(data, self._shown(path))
                if data is not None
                else load_file(path, self._shown(path))
            )
            tree, more = build_tree(document, path.stem)
            problems = problems + more
        settled = hint is not None and read_at - hint[1] > _RACY_NS
        self._cache[path] = _Cached(hint, settled, digest, tree, problems)
        return tree, problems

    def _one_file_per_id(
        self, paths: list[Path], context: Iterable[Path] = ()
    ) -> tuple[list[Path], list[Problem]]:
        """``paths`` without a second file of one tree id, and an error at each checked
        file that shares its id with another file (of ``paths`` or of ``context``).

        ``refund.yml`` and ``refund.yaml`` would both be the tree ``refund``: one would
        silently replace the other.
        """
        checked = set(paths)
        named = {self._where(p) for p in paths}
        first: dict[str, Path] = {}
        kept: list[Path] = []
        problems: list[Problem] = []
        for path in [*paths, *(p for p in context if self._where(p) not in named)]:
            earlier = first.setdefault(path.stem, path)
            if earlier is path:
                if path in checked:
                    kept.append(path)
            elif path in checked or earlier in checked:
                here, other = (path, earlier) if path in checked else (earlier, path)
                problems.append(self._duplicate(here, other))
        return kept, problems

    def _where(self, path: Path) -> tuple[Path, str]:
        """Which file ``path`` is, however it was written (its folder resolved, not it)."""
        return self._real(path.parent), path.name

    def _duplicate(self, path: Path, other: Path) -> Problem:
        return error(
            "duplicate-tree",
            Span(self._shown(path), 1, 1),
            f"this file and {self._shown(other)} are both the tree "
            f"'{shown(path.stem)}': a tree id may name one file only",
            "keep one of them: delete or rename the other",
        )

    def _shown(self, path: Path) -> str:
        """:func:`display_path`, resolving each directory once (not every file)."""
        if self.root is None:
            return path.as_posix()
        root, parent = self._real(self.root), self._real(path.parent)
        try:
            return (parent / path.name).relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    def _inside_its_folder(self, path: Path) -> bool:
        """True unless ``path`` is a link that leads out of the folder it is listed in.

        A link to a file elsewhere (a secrets file, a home directory) would be read and
        quoted in problems, CI annotations and pages.
        """
        if not path.is_symlink():
            return True
        return path.resolve().is_relative_to(self._real(path.parent))

    def _real(self, directory: Path) -> Path:
        real = self._resolved.get(directory)
        if real is None:
            real = self._resolved[directory] = directory.resolve()
        return real

    def check(
        self,
        paths: Iterable[Path],
        languages: Languages | None = None,
        docs_dir: Path | None = None,
        review_every_days: int | None = None,
        today: dt.date | None = None,
        context: Iterable[Path] = (),
        anchors: AnchorRules | None = None,
    ) -> CheckResult:
        """Load and check tree files; all problems of all files are returned together.

        Without ``languages``, the languages are those the trees use, the first used
        being the default. Scenario tests run too, and review dates are checked
        against ``today`` (default: the real date) with ``review_every_days`` as the
        period of trees that set none. ``context`` names the other tree files of the
        site: a ``goto`` of a checked tree may lead to them, but their own problems are
        not reported. ``anchors`` says how the site makes the ids links lead to.
        """
        given, context = list(paths), list(context)
        paths, problems = self._one_file_per_id(given, context)
        trees: dict[str, Tree] = {}
        with paused_gc():
            for path in paths:
                tree, found = self._load(path)
                problems += found
                if tree is not None:
                    trees[tree.id] = tree
        if languages is None:
            languages = infer_languages(trees.values())
        docs = DocsFiles(docs_dir, anchors, languages) if docs_dir is not None else None
        if docs is not None:
            docs.anchors.trees = trees
        for tree in trees.values():
            problems += check_tree(tree, languages)
            problems += check_scenarios(tree, languages.default if languages else None)
            problems += check_review(tree, review_every_days, today or dt.date.today())
            if docs is not None:
                problems += check_links(tree, docs)
        broken = {p.stem for p in paths if p.stem not in trees}
        others: dict[str, Tree] = {}
        for path in context:
            if path not in paths and path.stem not in trees:
                other, _ = self._load(path)
                if other is not None:
                    others[other.id] = other
                else:
                    broken.add(path.stem)
        problems += check_gotos(trees.values(), broken, others.values())
        live = {*paths, *context}
        for stale in [p for p in self._cache if p not in live and not p.exists()]:
            del self._cache[stale]
        return CheckResult(trees, sort_problems(problems), len(given), frozenset(broken))


def _outside(shown_path: str) -> Problem:
    return error(
        "outside-trees-dir",
        Span(shown_path, 1, 1),
        "this file is a link to a file outside the trees directory, so sopkit does not read it",
        "move the tree file itself into the trees directory, in place of the link",
    )


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while trees are loaded.

    Loading makes hundreds of thousands of small objects and no reference cycles, so
    the collector's repeated full passes over a growing heap are pure cost (they made a
    5,000-node tree take three times as long); reference counting frees everything.
    The collector is on again afterwards if it was on before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def infer_languages(trees: Iterable[Tree]) -> Languages | None:
    """The languages used by some trees, the first one used being the default."""
    seen: dict[str, None] = {}
    for tree in trees:
        for lang in tree.languages():
            seen.setdefault(lang, None)
    return Languages.of(list(seen)) if seen else None


def check_paths(
    paths: Iterable[Path],
    languages: Languages | None = None,
    docs_dir: Path | None = None,
    root: Path | None = None,
    review_every_days: int | None = None,
    today: dt.date | None = None,
    context: Iterable[Path] = (),
    anchors: AnchorRules | None = None,
) -> CheckResult:
    """Load and check tree files once (no cache kept); see :class:`Catalog`."""
    return Catalog(root).check(
        paths, languages, docs_dir, review_every_days, today, context, anchors
    )


def expand(paths: Iterable[Path]) -> list[Path]:
    """Tree files named by ``paths``: files as given, directories by their tree files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += tree_files(path)
        else:
            found.append(path)
    return found
