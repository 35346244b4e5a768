"""The document's layout passes: the first only finds where headings land, and draws nothing."""

from __future__ import annotations

from reportlab.platypus import Flowable

from workbook.render.document import DocumentInfo, render
from workbook.render.flowables import Heading, PageMap
from workbook.render.fonts import load_fonts
from workbook.render.theme import Styles, geometry

FONTS = load_fonts()
STYLES = Styles(FONTS)
INFO = DocumentInfo(title="t", author="a", subject="s", footer="f", settings="{}")


class Counted(Flowable):
    """Counts how often it is laid out and drawn."""

    def __init__(self, counts: dict[str, int]):
        super().__init__()
        self.counts = counts

    def wrap(self, avail_width, avail_height):
        self.counts["wrapped"] += 1
        return avail_width, 20

    def draw(self):
        self.counts["drawn"] += 1


def test_the_first_pass_places_without_drawing_and_the_kept_one_draws_everything():
    counts = {"wrapped": 0, "drawn": 0}
    heading = Heading("Title", STYLES.h1, key="title", outline="Title")
    pdf = render([PageMap(), heading, Counted(counts)], geometry("letter"), FONTS, STYLES, INFO)
    assert counts["drawn"] == 1  # by the second pass, whose pages are kept
    assert counts["wrapped"] >= 2  # laid out on both passes
    assert b"%PDF" in pdf[:10]


def test_a_story_without_a_page_map_is_laid_out_once_and_drawn():
    counts = {"wrapped": 0, "drawn": 0}
    render([Counted(counts)], geometry("letter"), FONTS, STYLES, INFO)  # a facilitator pack's
    assert counts["drawn"] == 1


def test_a_text_is_broken_into_lines_once_per_style_and_width(monkeypatch):
    from reportlab.platypus import Paragraph

    from workbook.render.flowables import Para

    calls = []
    original = Paragraph.breakLines
    monkeypatch.setattr(
        Paragraph, "breakLines", lambda self, width: calls.append(width) or original(self, width)
    )
    text = "A text measured once for each width it is laid out at, however many copies."
    heights = [Para(text, STYLES.body).wrap(width, 1000)[1] for width in (120, 120, 300, 120)]
    assert len(calls) == 2  # 120 and 300
    assert heights[0] == heights[1] == heights[3] > heights[2]


def test_a_text_of_several_fragments_is_broken_once_and_each_copy_splits_and_draws(monkeypatch):
    """Bold and links make ReportLab turn the fragments into words as it breaks the lines; a copy
    that finds the lines already broken gets those words too, so it splits as the first did."""
    from reportlab.platypus import Paragraph

    from workbook.render.flowables import Para

    calls = []
    original = Paragraph.breakLines
    monkeypatch.setattr(
        Paragraph, "breakLines", lambda self, width: calls.append(width) or original(self, width)
    )
    text = "Some <b>bold</b> words and a <a href='#x'>link</a> to wrap " * 6
    first, second = Para(text, STYLES.body), Para(text, STYLES.body)
    assert first.wrap(150, 1000) == second.wrap(150, 1000)
    assert len(calls) == 1
    assert second.frags is first.frags  # the word list breaking made, not the parse
    halves = [[p.wrap(150, 1000)[1] for p in para.split(150, 60)] for para in (first, second)]
    assert halves[0] == halves[1] and len(halves[0]) == 2


def test_the_styles_of_one_look_are_made_once_per_process():
    from workbook.render.theme import styles

    assert styles(FONTS) is styles(FONTS, None, "normal")
    assert styles(FONTS, "#1f4e79") is not styles(FONTS)
    assert styles(FONTS, ink="low") is not styles(FONTS)
