"""A few pages rendered at low resolution and compared, with a tolerance, with reference images.

The references are small grayscale PNGs under tests/render/references/. A change that moves what
a page shows fails here; when the change is meant, look at the new page, then regenerate:

    WORKBOOK_REGENERATE_REFERENCES=1 python -m pytest -p no:xdist tests/render/test_references.py
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from conftest import FILLABLE, PATHWAY_IDS, SHORT, build

REFERENCES = Path(__file__).parent / "references"
REGENERATE = os.environ.get("WORKBOOK_REGENERATE_REFERENCES") == "1"
WIDTH = 240  # pixels across: enough to see a layout move, small enough to keep in the repo
MEAN = 0.75  # the mean difference, out of 255, that antialiasing in another pdfium may make
FAR = 64  # a pixel this much darker or lighter has changed, not been smoothed differently
MOVED = 0.002  # the share of pixels that may have changed so (a frame for rules: 0.8 %)

# (name, options, profile changes, the bookmark of the page, pages after it)
CASES = [
    ("letter-cover", SHORT, {}, None, 0),
    ("letter-timeline", SHORT, {}, "Your timeline", 0),
    ("letter-week-1", SHORT, {}, "Weekly checklists", 0),
    ("letter-matrix", SHORT, {}, "Skills gap matrix", 0),
    ("a4-designer-teardown", SHORT, {"pathway": PATHWAY_IDS[1], "paper": "a4"}, "Worksheets", 0),
    ("a5-week-1", SHORT, {"paper": "a5"}, "Weekly checklists", 0),
    ("remarkable-week-1", SHORT, {"paper": "remarkable"}, "Weekly checklists", 0),
    ("kindle-left-handed-week-1", dataclasses.replace(SHORT, hand="left"),
     {"paper": "kindle-scribe"}, "Weekly checklists", 0),
    ("low-ink-timeline", dataclasses.replace(SHORT, ink="low"), {}, "Your timeline", 0),
    ("fillable-week-1", FILLABLE, {},
     "Weekly checklists", 0),
    ("duplex-contents", dataclasses.replace(SHORT, duplex=True), {}, "Contents", 0),
]  # fmt: skip


def rendered(pdf, page: int) -> Image.Image:
    document = pdfium.PdfDocument(pdf.data)
    width, _ = document[page].get_size()
    image = document[page].render(scale=WIDTH / width, grayscale=True).to_pil()
    return image.convert("L")


@pytest.mark.parametrize(
    ("name", "options", "changes", "bookmark", "after"), CASES, ids=[c[0] for c in CASES]
)
def test_the_page_looks_as_it_did(library, name, options, changes, bookmark, after):
    pdf = build(library, options, **changes)
    page = (pdf.page_of(bookmark) - 1 if bookmark else 0) + after
    image = rendered(pdf, page)
    reference = REFERENCES / f"{name}.png"
    if REGENERATE:
        REFERENCES.mkdir(exist_ok=True)
        image.save(reference, optimize=True)
    expected = Image.open(reference).convert("L")
    assert image.size == expected.size, f"{name}: the page's size or proportions changed"
    difference = ImageChops.difference(image, expected)
    mean = ImageStat.Stat(difference).mean[0]
    changed = sum(difference.point(lambda v: 255 if v >= FAR else 0).histogram()[255:])
    share = changed / (image.size[0] * image.size[1])
    assert mean <= MEAN and share <= MOVED, (
        f"{name}: page {page + 1} differs from {reference.name} (mean {mean:.2f}, "
        f"{share:.2%} of pixels moved); look at it, and regenerate if the change is meant"
    )
