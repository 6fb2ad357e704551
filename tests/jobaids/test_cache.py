"""Job aids built through the cache: what is printed again, by how many workers, and when."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from sopkit import Languages, PageContext, check_paths
from sopkit.compile.catalog import tree_files
from sopkit.model import Text, Tree
from sopkit.render import cache as cache_module
from sopkit.render.cache import JobAidCache, pdf_key
from sopkit.render.jobaid import JobAid
from sopkit.render.printing import BuiltJobAid, JobAidBuilder, JobAidSettings, LanguagePlan

from ..conftest import SITE_FIXTURE

LANGS = Languages.of(["en", "es"])


def fixture_trees(root: Path = SITE_FIXTURE) -> dict[str, Tree]:
    result = check_paths(tree_files(root / "decision_trees"), LANGS, root=root)
    assert result.problems == []
    return dict(result.trees)


def build(
    builder: JobAidBuilder, trees: dict[str, Tree], langs: tuple[str, ...] = ("en",)
) -> dict[str, dict[str, BuiltJobAid]]:
    """Every tree's job aid in ``langs``, as the plugin asks for them."""
    plans = {
        lang: (
            trees.values(),
            PageContext(lang=lang, languages=LANGS, trees=trees),
            lambda tree_id: f"https://help.example/{tree_id}/",
        )
        for lang in langs
    }
    return builder.build_languages(plans)


def builder(folder: Path, **settings: object) -> JobAidBuilder:
    options = {"flowchart": False, "workers": 1, **settings}
    return JobAidBuilder(JobAidCache(folder), JobAidSettings(**options))  # type: ignore[arg-type]


def retitled(tree: Tree, words: str) -> Tree:
    return dataclasses.replace(tree, title=Text({"en": words, "es": words}, tree.title.span))


def reworded(tree: Tree, node_id: str, words: str) -> Tree:
    node = tree.nodes[node_id]
    assert node.text is not None
    text = Text({"en": words, "es": words}, node.text.span)
    nodes = {**tree.nodes, node_id: dataclasses.replace(node, text=text)}
    return dataclasses.replace(tree, nodes=nodes)


def test_a_second_build_of_unchanged_trees_prints_nothing(tmp_path: Path) -> None:
    trees = fixture_trees()
    first = builder(tmp_path)
    built = build(first, trees, ("en", "es"))
    assert first.printed == 4
    again = builder(tmp_path)
    rebuilt = build(again, trees, ("en", "es"))
    assert again.printed == 0
    for lang in ("en", "es"):
        for tree_id in trees:
            before, after = built[lang][tree_id].pdf, rebuilt[lang][tree_id].pdf
            assert before is not None and after is not None
            assert after.data == before.data


def test_a_build_from_a_full_cache_draws_no_qr_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job aid's key names its QR code by the guide's URL: a build that finds every
    PDF (and the training pack) in the cache draws no code, and another URL prints
    again, with the new code."""
    import segno

    from sopkit.render import jobaid

    trees = fixture_trees()
    first = builder(tmp_path)
    built = build(first, trees)["en"]
    ctx = PageContext(lang="en", languages=LANGS, trees=trees)
    pack = first.pack_job(built.values(), ctx, site_name="Help", url=None)
    assert pack is not None and pack.htmls
    first.print_packs([pack])

    drawn: list[str] = []
    real = segno.make

    def counting(content: str, *args: object, **kwargs: object) -> segno.QRCode:
        drawn.append(content)
        return real(content, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(segno, "make", counting)
    jobaid.qr_image.cache_clear()  # a new build process
    again = builder(tmp_path)
    rebuilt = build(again, trees)["en"]
    repack = again.pack_job(rebuilt.values(), ctx, site_name="Help", url=None)
    assert repack is not None and repack.key == pack.key and repack.htmls == ()
    again.print_packs([repack])
    assert (again.printed, drawn) == (0, [])

    moved = builder(tmp_path)
    plan = LanguagePlan(trees.values(), ctx, lambda tree_id: f"https://sop.example/{tree_id}/")
    moved.build_languages({"en": plan})
    assert moved.printed == len(trees)
    assert sorted(drawn) == sorted(f"https://sop.example/{tree_id}/" for tree_id in trees)


def test_a_changed_tree_prints_only_its_own_job_aid(tmp_path: Path) -> None:
    trees = fixture_trees()
    build(builder(tmp_path), trees)
    trees["printer"] = reworded(trees["printer"], "done", "Escalate to Tier 3")
    again = builder(tmp_path)
    build(again, trees)
    assert again.printed == 1


def test_a_changed_title_also_reprints_the_trees_that_hand_off_to_it(tmp_path: Path) -> None:
    trees = fixture_trees()
    build(builder(tmp_path), trees)
    trees["printer"] = retitled(trees["printer"], "Paper stuck in the printer")
    again = builder(tmp_path)
    built = build(again, trees)
    assert again.printed == 2  # the printer's job aid, and the router's that names it
    assert {aid.key for aid in built["en"].values()}.isdisjoint(
        {aid.key for aid in build(builder(tmp_path / "old"), fixture_trees())["en"].values()}
    )


def test_a_changed_setting_reprints(tmp_path: Path) -> None:
    trees = fixture_trees()
    build(builder(tmp_path), trees)
    letter = builder(tmp_path, paper="letter")
    build(letter, trees)
    assert letter.printed == 2


def test_a_changed_template_changes_every_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "sopkit"
    shutil.copytree(cache_module.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "PACKAGE_DIR", package)
    cache_module.source_digest.cache_clear()
    cache_module.printer_digest.cache_clear()
    before = pdf_key(["<p>same html</p>"])
    template = package / "render" / "templates" / "jobaid.html.j2"
    template.write_text(template.read_text("utf-8") + "\n{# changed #}\n", "utf-8")
    cache_module.source_digest.cache_clear()
    cache_module.printer_digest.cache_clear()
    try:
        assert pdf_key(["<p>same html</p>"]) != before
    finally:
        cache_module.source_digest.cache_clear()
        cache_module.printer_digest.cache_clear()


def test_another_qr_code_library_changes_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key names the QR code by its URL, so the library that draws it is part of it."""
    real = cache_module._version
    cache_module.printer_digest.cache_clear()
    before = pdf_key(["<p>same html</p>"])
    monkeypatch.setattr(
        cache_module, "_version", lambda name: "0.0.1" if name == "segno" else real(name)
    )
    cache_module.printer_digest.cache_clear()
    try:
        assert pdf_key(["<p>same html</p>"]) != before
    finally:
        cache_module.printer_digest.cache_clear()


def test_the_cache_lives_in_the_folder_it_is_given(tmp_path: Path) -> None:
    folder = tmp_path / "kept"
    built = build(builder(folder), fixture_trees())
    for aid in built["en"].values():
        assert aid.path is not None and aid.path.parent == folder and aid.path.is_file()


def test_clean_removes_what_no_build_used_for_a_while(tmp_path: Path) -> None:
    trees = fixture_trees()
    first = builder(tmp_path)
    build(first, trees)
    first.cache.clean(unused_for=0)
    old = {path.name for path in tmp_path.iterdir()}
    trees["printer"] = reworded(trees["printer"], "done", "Escalate to Tier 3")
    second = builder(tmp_path)
    built = build(second, trees)
    assert JobAidCache(tmp_path).clean() == 0  # unused entries are kept a week
    second.cache.clean(unused_for=0)
    left = {path.name for path in tmp_path.iterdir()}
    printer = built["en"]["printer"].path
    assert printer is not None and printer.name in left
    assert len(old - left) == 2  # the old printer PDF and its page count


def test_same_bytes_with_one_worker_or_two(tmp_path: Path) -> None:
    trees = fixture_trees()
    one = build(builder(tmp_path / "one", flowchart=True), trees, ("en", "es"))
    two = build(builder(tmp_path / "two", flowchart=True, workers=2), trees, ("en", "es"))
    for lang in ("en", "es"):
        for tree_id in trees:
            a, b = one[lang][tree_id].pdf, two[lang][tree_id].pdf
            assert a is not None and b is not None
            assert a.data == b.data, f"{tree_id} ({lang}) differs"


def test_a_rebuild_renders_only_the_trees_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve, unchanged tree objects in an unchanged context are not rendered again."""
    from sopkit.render import printing

    trees = fixture_trees()
    rendered: list[str] = []
    real = printing.render_jobaid

    def counting(tree: Tree, *args: object) -> str:
        rendered.append(tree.id)
        return real(tree, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(printing, "render_jobaid", counting)
    serving = builder(tmp_path)

    def plan(context: str) -> None:
        ctx = PageContext(lang="en", languages=LANGS, trees=trees)
        url = lambda tree_id: f"https://help.example/{tree_id}/"  # noqa: E731
        serving.build_languages({"en": LanguagePlan(trees.values(), ctx, url, context)})

    plan("site as it is")
    rendered.clear()
    plan("site as it is")
    assert rendered == []
    trees["router"] = reworded(trees["router"], "restart", "Turn it off and on")
    plan("site as it is")
    assert set(rendered) == {"router"}
    rendered.clear()
    plan("a page moved")
    assert set(rendered) == {"router", "printer"}


def test_background_printing_gives_the_same_bytes_from_another_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under serve, one job aid is printed in a worker process, never in the server."""
    from sopkit.render import printing

    tree = fixture_trees()["printer"]
    html = printing.jobaid_htmls(
        tree, PageContext(lang="en", languages=LANGS, trees=fixture_trees()), JobAid(tree.path)
    )
    job = printing.PrintJob("key", str(tree.span), tree.id, "en", html)
    here = printing.print_all([job], printing.Limits(), 1)

    def not_here(*args: object) -> object:
        raise AssertionError("printed in the serving process")

    monkeypatch.setattr(printing, "_run_here", not_here)
    away = printing.print_all([job], printing.Limits(), 1, background=True)
    assert away["key"].data == here["key"].data
    assert printing.print_all([], printing.Limits(), 1, background=True) == {}
