"""The render boundary: sections are Sections, and the pipeline in build.py needs no ReportLab."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest

from conftest import PATHWAY_IDS, SHORT, make_profile
from workbook import build
from workbook.render.document import Section, Template
from workbook.render.flowables import Heading


@pytest.mark.parametrize("pathway_id", PATHWAY_IDS)
def test_each_section_says_its_key_and_template_and_opens_with_its_heading(library, pathway_id):
    profile = make_profile(pathway=pathway_id)
    pathway = library.pathways[pathway_id]
    ctx = build.context(library, pathway, profile, SHORT, build.plan_for(pathway, profile))
    for make in build.SECTIONS:
        section = make(ctx)
        assert isinstance(section, Section) and section.template in get_args(Template)
        headings = [f for f in section.content if isinstance(f, Heading) and f.level == 0]
        assert [h.key for h in headings[:1]] in ([section.key], [])  # [] when left out
        assert bool(headings) == bool(section.content)


def test_the_pipeline_imports_no_reportlab():
    tree = ast.parse(Path(build.__file__).read_text(encoding="utf-8"))
    imported = [
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert imported and not [name for name in imported if name.split(".")[0] == "reportlab"]
