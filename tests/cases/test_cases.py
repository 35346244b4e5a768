"""End-to-end cases as data: each folder's profile → a book → a text dump of its layout, compared
with the folder's expected.txt, so a change in layout reads as a diff.

A case folder holds `profile.yaml`, `case.yaml` (what it checks, and `weeks:` "1-2" or "all")
and `expected.txt`. After an intended layout change, rewrite the dumps and read their diff:
    WORKBOOK_REGENERATE_CASES=1 python -m pytest tests/cases
"""

from __future__ import annotations

import difflib
import io
import math
import os
from pathlib import Path

import pypdf
import pytest
import yaml

from workbook.build import build_workbook
from workbook.options import Options
from workbook.profile import load_profile

HERE = Path(__file__).parent
CASES = sorted(path for path in HERE.iterdir() if (path / "profile.yaml").is_file())
REGENERATE = os.environ.get("WORKBOOK_REGENERATE_CASES") == "1"
HEADING_SIZE = 13  # text this large is a heading or title; bold text from 10.5 pt too
SUBHEADING_SIZE = 10.5


def build_case(library, case: Path) -> bytes:
    settings = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    weeks = str(settings["weeks"])
    first, _, last = weeks.partition("-")
    options = Options(weeks=None if weeks == "all" else (int(first), int(last)))
    profile, pathway = load_profile(case / "profile.yaml", library.pathways)
    return build_workbook(library, pathway, profile, options)


def dump(data: bytes) -> str:
    """Pages, page sizes, the bookmark tree and the headings on each page, as plain lines."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    lines = [f"pages: {len(reader.pages)}", "sizes:"]
    lines += [f"  {run}" for run in _size_runs(reader)]
    lines.append("outline:")
    lines += _outline(reader, reader.outline, 1)
    lines.append("headings:")
    for number, page in enumerate(reader.pages, 1):
        found = _headings(page)
        if found:
            lines.append(f"  p{number}: " + " | ".join(found))
    return "\n".join(lines) + "\n"


def _size_runs(reader) -> list[str]:
    """'1-6 612x792' for each run of pages of one size."""
    runs: list[list] = []
    for number, page in enumerate(reader.pages, 1):
        size = f"{round(float(page.mediabox.width))}x{round(float(page.mediabox.height))}"
        if runs and runs[-1][2] == size:
            runs[-1][1] = number
        else:
            runs.append([number, number, size])
    return [f"{a}-{b} {size}" if a != b else f"{a} {size}" for a, b, size in runs]


def _outline(reader, items, depth: int) -> list[str]:
    lines = []
    for item in items:
        if isinstance(item, list):
            lines += _outline(reader, item, depth + 1)
        else:
            page = reader.get_destination_page_number(item) + 1
            lines.append(f"{'  ' * depth}p{page} {item.title}")
    return lines


def _headings(page) -> list[str]:
    found: list[str] = []

    def visit(text, cm, tm, font, size):
        size *= math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
        bold = font is not None and "Bold" in str(font.get("/BaseFont", ""))
        text = " ".join(text.split())
        large = size >= HEADING_SIZE - 0.05 or (bold and size >= SUBHEADING_SIZE - 0.05)
        if large and any(char.isalpha() for char in text):
            found.append(text)

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_a_case_lays_out_as_its_dump_says(library, case):
    got = dump(build_case(library, case))
    expected = case / "expected.txt"
    if REGENERATE:
        expected.write_text(got, encoding="utf-8")
        return
    assert expected.is_file(), f"{case.name}: no expected.txt (WORKBOOK_REGENERATE_CASES=1)"
    want = expected.read_text(encoding="utf-8")
    diff = difflib.unified_diff(
        want.splitlines(), got.splitlines(), "expected.txt", "this build", lineterm=""
    )
    assert got == want, f"{case.name} changed:\n" + "\n".join(diff)


def test_every_case_says_what_it_checks():
    assert len(CASES) >= 8
    for case in CASES:
        settings = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
        assert settings["checks"].strip(), case.name
        assert str(settings["weeks"]) == "all" or "-" in str(settings["weeks"]), case.name
    whole = [c for c in CASES if "weeks: all" in (c / "case.yaml").read_text(encoding="utf-8")]
    assert len(whole) <= 3  # whole books are slow; the rest print two weekly pages
