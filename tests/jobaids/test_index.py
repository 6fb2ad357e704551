"""The job aid index page: every job aid, by nav section, with working PDF links."""

from __future__ import annotations

import re

import markdown
import pytest

from sopkit.integrations.markdown_extension import SopkitExtension
from tests.conftest import SITE_FIXTURE, Build
from tests.jobaids.test_jobaids import demo_trees, pdf_path


@pytest.mark.parametrize(
    ("lang", "sections"),
    [
        ("en", ["Technical support", "Complaints and leadership", "Customer escalations"]),
        ("es", ["Soporte técnico", "Quejas y responsables", "Escalamientos de clientes"]),
    ],
)
def test_index_lists_every_job_aid_by_section(
    demo_build: Build, lang: str, sections: list[str]
) -> None:
    prefix = "" if lang == "en" else f"{lang}/"
    page = demo_build.site_dir / f"{prefix}job-aids/index.html"
    html = page.read_text("utf-8")
    found = re.findall(r'class="sopkit-job-aids__section"><strong>([^<]+)</strong>', html)
    assert found[: len(sections)] == sections
    links = re.findall(r'class="sopkit-pdf" href="([^"]+)"', html)
    targets = {(page.parent / href).resolve() for href in links}
    expected = {pdf_path(demo_build, t, lang).resolve() for t in demo_trees()}
    assert targets == expected
    for tree in demo_trees().values():
        title = tree.title.get(lang, "en")[0]
        assert title.replace("&", "&amp;") in html


def test_index_without_mkdocs_lists_titles_in_one_group() -> None:
    ext = SopkitExtension(
        trees_dir=str(SITE_FIXTURE / "decision_trees"), languages=["en", "es"], lang="es"
    )
    html = markdown.markdown("# Ayudas\n\n```job-aids\ngroup: none\n```\n", extensions=[ext])
    assert '<div class="sopkit-job-aids">' in html
    assert "sopkit-job-aids__section" not in html
    assert "Atasco de impresora" in html
    assert "sopkit-pdf" not in html
