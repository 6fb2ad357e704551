"""Synthetic bilingual sites for the benchmark: N trees of ~30 nodes, EN + ES.

Each tree ``sop-NNNN`` is shown on its own SOP page (``sop/sop-NNNN.md`` and
``.es.md``). The *plain* variant of a site is the same site where every tree fence is
replaced by Markdown of similar length holding the same texts, built without sopkit.
Texts carry the tree and node numbers so no two trees share them (caches cannot hide
work), and a fifth of them use Markdown (emphasis, code, links) so both text paths run.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sopkit.editors.init import repository_files

LANGS = ("en", "es")
QUESTIONS = 10  # 10 questions + 10 steps + 10 outcomes + 1 final outcome = 31 nodes
PAGE_LINK = "policies/policy.md"
SECTION_SIZE = 50
"""Procedures per navigation section in the ``sopkit init`` layout."""

_WORDS = {
    "en": "check the customer account status and confirm the reported impact before you continue",
    "es": "revise el estado de la cuenta del cliente y confirme el impacto antes de continuar",
}
_KEYWORD = {"en": "procedure", "es": "procedimiento"}
_YES = {"en": "Yes", "es": "Sí"}
_NO = {"en": "No", "es": "No"}


def tree_id(index: int) -> str:
    """The id of the synthetic tree number ``index``."""
    return f"sop-{index:04d}"


def _text(lang: str, tree: int, node: str, kind: str, markdown: bool = False) -> str:
    words = _WORDS[lang]
    if markdown:
        return f"{kind} {node} of tree {tree} — please **{words}**, see `case-{tree}`"
    return f"{kind} {node} of tree {tree}: {words}"


def _both(tree: int, node: str, kind: str, markdown: bool = False) -> dict[str, str]:
    return {lang: _text(lang, tree, node, kind, markdown) for lang in LANGS}


def _extras(tree: int, k: int, node: str) -> dict[str, Any]:
    """Optional keys, rotated so that every kind appears in every tree."""
    extras: dict[str, Any] = {}
    if k % 3 == 0:
        extras["help"] = {
            lang: f"{_text(lang, tree, node, 'Help', True)}.\n\n- {_WORDS[lang]}\n- {node}\n"
            for lang in LANGS
        }
    if k % 4 == 1:
        extras["checklist"] = [_both(tree, node, "Check A"), _both(tree, node, "Check B")]
    if k % 5 == 2:
        extras["fields"] = [
            {"id": f"ref-{node}", "label": _both(tree, node, "Field"), "required": True}
        ]
    if k % 4 == 3:
        extras["script"] = _both(tree, node, "Say")
    if k % 5 == 4:
        extras["callouts"] = [{"kind": "warning", "text": _both(tree, node, "Careful")}]
    if k % 6 == 5:
        extras["links"] = [{"text": _both(tree, node, "Policy"), "href": PAGE_LINK}]
    return extras


def tree_spec(
    index: int, questions: int = QUESTIONS, goto: bool = True, reviewed: str = "2026-01-15"
) -> dict[str, Any]:
    """The tree as plain data (what its YAML file holds)."""
    nodes: dict[str, Any] = {}
    for k in range(1, questions + 1):
        q, s, o = f"q{k}", f"s{k}", f"o{k}"
        nodes[q] = {
            "type": "question",
            "text": _both(index, q, "Question", markdown=k % 5 == 0),
            **_extras(index, k, q),
            "answers": [
                {"label": dict(_YES), "next": s},
                {"label": dict(_NO), "next": o},
            ],
        }
        step: dict[str, Any] = {"type": "step", "text": _both(index, s, "Step")}
        step.update(_extras(index, k + 1, s))
        if k % 7 == 3:
            step["timebox"] = {"minutes": 15}
        step["next"] = f"q{k + 1}" if k < questions else "done"
        nodes[s] = step
        if goto and index > 0 and k == questions // 2:
            nodes[o] = {"type": "goto", "tree": tree_id(index - 1)}
        else:
            result = ("escalate", "resolve", "transfer", "new-case")[k % 4]
            nodes[o] = {"type": "outcome", "result": result, "text": _both(index, o, "Outcome")}
    nodes["done"] = {"type": "outcome", "result": "resolve", "text": _both(index, "done", "Done")}
    return {
        "title": dict.fromkeys(LANGS, f"Synthetic procedure {index}"),
        "summary": {lang: _text(lang, index, "summary", "Summary", True) for lang in LANGS},
        "keywords": {lang: [_KEYWORD[lang], f"{_KEYWORD[lang]} {index}"] for lang in LANGS},
        "owner": "Benchmark Operations",
        "reviewed": reviewed,
        "start": "q1",
        "nodes": nodes,
    }


def dump_tree(spec: dict[str, Any]) -> str:
    """The YAML of a tree spec (no anchors: every mapping is a fresh object)."""
    return yaml.dump(spec, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)


def _md_text(value: Any, lang: str) -> str:
    return str(value[lang]) if isinstance(value, dict) else str(value)


def tree_markdown(spec: dict[str, Any], tid: str, lang: str) -> str:
    """The tree written by hand as Markdown: same texts, headings and answer links."""
    out = [f"## {_md_text(spec['title'], lang)}", "", _md_text(spec["summary"], lang), ""]
    for number, (node_id, node) in enumerate(spec["nodes"].items(), start=1):
        text = _md_text(node.get("text", {lang: node.get("tree", "")}), lang)
        out += [f"### {number}. {text} {{#{tid}--{node_id}}}", ""]
        if "help" in node:
            out += [_md_text(node["help"], lang), ""]
        for callout in node.get("callouts", []):
            out += [f"!!! {callout['kind']}", "", f"    {_md_text(callout['text'], lang)}", ""]
        if "script" in node:
            out += [f"> {_md_text(node['script'], lang)}", ""]
        out += [f"- [ ] {_md_text(item, lang)}" for item in node.get("checklist", [])]
        out += [f"- {_md_text(f['label'], lang)}: ____" for f in node.get("fields", [])]
        for link in node.get("links", []):
            out.append(f"[{_md_text(link['text'], lang)}](../{link['href']})")
        for answer in node.get("answers", []):
            out.append(f"- [{_md_text(answer['label'], lang)}](#{tid}--{answer['next']})")
        if "next" in node:
            out.append(f"- [Continue](#{tid}--{node['next']})")
        if node["type"] == "goto":
            out.append(f"- [{node['tree']}]({node['tree']}.md)")
        if node["type"] == "outcome":
            out.append(f"**{node['result']}**")
        out.append("")
    return "\n".join(out)


def _page(title: str, lang: str, body: str) -> str:
    intro = {
        "en": "Use this procedure when the case matches the situation below. Read each step "
        "aloud if the customer is on the line, and record every answer in the case note.",
        "es": "Use este procedimiento cuando el caso coincida con la situación descrita. Lea "
        "cada paso en voz alta si el cliente está en línea y anote cada respuesta en el caso.",
    }[lang]
    after = {"en": "After the call", "es": "Después de la llamada"}[lang]
    return f"# {title}\n\n{intro}\n\n{body}\n\n## {after}\n\n{intro}\n"


def fence(tid: str) -> str:
    """The Markdown that shows a tree on a page."""
    return f"```decision-tree\n{tid}\n```"


def mkdocs_yml(site_name: str, sopkit: bool, pdf: bool = False, flowchart: bool = False) -> str:
    """A configuration like the demo site's (Material, search, i18n), sopkit optional."""
    plugin = ""
    if sopkit:
        options = f"      pdf: {str(pdf).lower()}\n      flowchart: {str(flowchart).lower()}\n"
        plugin = "  - sopkit:\n" + options
    return f"""site_name: {site_name}
docs_dir: docs
theme:
  name: material
  font: false
  language: en
  features:
    - navigation.sections
    - navigation.top
    - search.highlight
    - content.code.copy
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: false  # its de-duplication is quadratic; see benchmarks.md
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: es
          name: Español
          build: true
{plugin}nav:
  - index.md
  - {PAGE_LINK}
validation:
  nav:
    omitted_files: ignore
"""


def init_mkdocs_yml(site_name: str, pdf: bool = False, flowchart: bool = False) -> str:
    """The ``mkdocs.yml`` that ``sopkit init`` writes, job aids on or off as asked."""
    text = repository_files(site_name, dt.date.today())["mkdocs.yml"]
    for option, on in (("pdf", pdf), ("flowchart", flowchart)):
        written = f"      {option}: true "
        assert written in text, f"sopkit init's mkdocs.yml no longer sets {option}"
        text = text.replace(written, f"      {option}: {str(on).lower()} ")
    return text


def section_of(index: int) -> str:
    """The docs folder (navigation section) of procedure ``index`` in the init layout."""
    return f"section-{index // SECTION_SIZE + 1:02d}"


@dataclass(frozen=True)
class GeneratedSite:
    """A generated site: its folder, tree count and total nodes."""

    root: Path
    trees: int
    nodes: int

    @property
    def trees_dir(self) -> Path:
        """The folder of the tree files."""
        return self.root / "decision_trees"


def generate_site(
    dest: Path,
    trees: int,
    *,
    plain: bool = False,
    pdf: bool = False,
    flowchart: bool = False,
    questions: int = QUESTIONS,
    layout: str = "flat",
) -> GeneratedSite:
    """Write a site of ``trees`` trees into ``dest`` (replaced if present).

    ``layout="flat"``: every page in ``docs/sop/``, a short explicit ``nav`` (the
    measures of issue 13 on). ``layout="init"``: the configuration ``sopkit init``
    writes, its pages in sections of :data:`SECTION_SIZE` procedures, each section a
    folder with an index page, and no ``nav`` (the navigation follows the folders).
    """
    if layout == "init":
        return _generate_init_site(dest, trees, pdf=pdf, flowchart=flowchart)
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    (docs / "sop").mkdir(parents=True)
    (docs / "policies").mkdir()
    trees_dir = dest / "decision_trees"
    if not plain:
        trees_dir.mkdir()
    (dest / "mkdocs.yml").write_text(
        mkdocs_yml(f"Benchmark {trees}", not plain, pdf, flowchart), encoding="utf-8"
    )
    nodes = 0
    for index in range(trees):
        tid = tree_id(index)
        spec = tree_spec(index, questions)
        nodes += len(spec["nodes"])
        if not plain:
            (trees_dir / f"{tid}.yml").write_text(dump_tree(spec), encoding="utf-8")
        for lang in LANGS:
            body = tree_markdown(spec, tid, lang) if plain else fence(tid)
            suffix = "" if lang == "en" else f".{lang}"
            page = _page(spec["title"][lang], lang, body)
            (docs / "sop" / f"{tid}{suffix}.md").write_text(page, encoding="utf-8")
    for lang in LANGS:
        suffix = "" if lang == "en" else f".{lang}"
        listing = "\n".join(f"- [{tree_id(i)}](sop/{tree_id(i)}.md)" for i in range(trees))
        (docs / f"index{suffix}.md").write_text(f"# Procedures\n\n{listing}\n", encoding="utf-8")
        (docs / "policies" / f"policy{suffix}.md").write_text(
            f"# Policy\n\n{_WORDS[lang]}.\n", encoding="utf-8"
        )
    return GeneratedSite(dest, trees, nodes)


def _generate_init_site(dest: Path, trees: int, *, pdf: bool, flowchart: bool) -> GeneratedSite:
    """The ``layout="init"`` site of :func:`generate_site`."""
    if dest.exists():
        shutil.rmtree(dest)
    docs, trees_dir = dest / "docs", dest / "decision_trees"
    (docs / "policies").mkdir(parents=True)
    trees_dir.mkdir()
    (dest / "mkdocs.yml").write_text(
        init_mkdocs_yml(f"Benchmark {trees}", pdf, flowchart), encoding="utf-8"
    )
    reviewed = dt.date.today().isoformat()  # init's review period must not warn
    nodes = 0
    sections: dict[str, list[int]] = {}
    for index in range(trees):
        tid, section = tree_id(index), section_of(index)
        sections.setdefault(section, []).append(index)
        (docs / section).mkdir(exist_ok=True)
        spec = tree_spec(index, reviewed=reviewed)
        nodes += len(spec["nodes"])
        (trees_dir / f"{tid}.yml").write_text(dump_tree(spec), encoding="utf-8")
        for lang in LANGS:
            page = _page(spec["title"][lang], lang, fence(tid))
            (docs / section / f"{tid}{_suffix(lang)}.md").write_text(page, encoding="utf-8")
    for lang in LANGS:
        _write_indexes(docs, lang, sections)
    return GeneratedSite(dest, trees, nodes)


def _suffix(lang: str) -> str:
    return "" if lang == LANGS[0] else f".{lang}"


def _write_indexes(docs: Path, lang: str, sections: dict[str, list[int]]) -> None:
    """The home page, each section's index page and the policy page in ``lang``."""
    suffix = _suffix(lang)
    word = {"en": "Section", "es": "Sección"}[lang]
    listing = "\n".join(f"- [{word} {s[-2:]}]({s}/index.md)" for s in sections)
    (docs / f"index{suffix}.md").write_text(f"# Procedures\n\n{listing}\n", encoding="utf-8")
    for section, indexes in sections.items():
        links = "\n".join(f"- [{tree_id(i)}]({tree_id(i)}.md)" for i in indexes)
        text = f"# {word} {section[-2:]}\n\n{_WORDS[lang]}.\n\n{links}\n"
        (docs / section / f"index{suffix}.md").write_text(text, encoding="utf-8")
    policy = {"en": "Policy", "es": "Política"}[lang]
    for name in ("index", "policy"):
        text = f"# {policy}\n\n{_WORDS[lang]}.\n"
        (docs / "policies" / f"{name}{suffix}.md").write_text(text, encoding="utf-8")
