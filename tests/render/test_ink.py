"""`--ink low`: outlines, hatching and light tones instead of filled areas.

Every filled shape a book draws is recorded at the canvas (its fill tone and the area of its
bounding box), so the rule is checked on what is drawn, not on the PDF read back.
"""

from __future__ import annotations

import inspect
import json
import re
from dataclasses import replace

from click.testing import CliRunner
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from conftest import AI_PM, SHORT, build, make_profile
from workbook.build import build_workbook
from workbook.cli import main
from workbook.content import load_library
from workbook.render.theme import ACCENT, LIGHTEST, palette

MARK = 10 * mm * mm  # a small mark (a rating dot, a milestone's diamond) may stay solid
SHAPES = ("rect", "ellipse", "roundRect", "drawPath")


def tone(colour) -> float:
    """A colour's grey level as printed in black and white (1 is white)."""
    colour = colors.toColor(colour)
    return 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue


def _area(name: str, args: dict) -> float:
    if name == "drawPath":
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", " ".join(args["aPath"]._code))]
        xs, ys = numbers[0::2], numbers[1::2]
        return (max(xs) - min(xs)) * (max(ys) - min(ys)) if xs else 0.0
    if name == "ellipse":
        return abs((args["x2"] - args["x1"]) * (args["y2"] - args["y1"]))
    return abs(args["width"] * args["height"])


def filled_shapes(monkeypatch, ink: str) -> list[tuple[float, float]]:
    """(tone, area in pt²) of every filled shape an AI PM book draws in `ink`: it has every
    section, the playbook's funnel too."""
    found: list[tuple[float, float]] = []

    def recorder(name: str):
        original = getattr(Canvas, name)
        signature = inspect.signature(original)

        def record(canvas, *args, **kwargs):
            bound = signature.bind(canvas, *args, **kwargs)
            bound.apply_defaults()
            if bound.arguments.get("fill"):
                found.append((tone(canvas._fillColorObj), _area(name, bound.arguments)))
            return original(canvas, *args, **kwargs)

        return record

    with monkeypatch.context() as patch:
        for name in SHAPES:
            patch.setattr(Canvas, name, recorder(name))
        profile = make_profile(weeks_off=[{"from": "2027-03-01", "to": "2027-03-07"}])
        library = load_library()
        build_workbook(library, library.pathways[AI_PM], profile, replace(SHORT, ink=ink))
    return found


def dark(shapes: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(t, a) for t, a in shapes if t < LIGHTEST and a > MARK]


def test_low_ink_fills_no_area_darker_than_a_light_tone(monkeypatch):
    normal = filled_shapes(monkeypatch, "normal")
    low = filled_shapes(monkeypatch, "low")
    # the normal book's bars are solid: the rule has something to tell apart
    assert sum(a for _, a in dark(normal)) > 1000 * mm * mm  # as drawn once, by the kept pass
    assert dark(low) == []
    assert len(low) >= len(normal) * 0.5  # the same book, its marks outlined rather than gone


def test_low_ink_keeps_every_kind_of_bar_distinct():
    for ink in ("normal", "low"):
        marks = palette(ink, ACCENT)
        looks = [marks.bar, *marks.tracks.values()]
        assert len({(f.ground, f.outline, f.hatch, f.step, f.cross) for f in looks}) == len(looks)
    low = palette("low", ACCENT)
    filled = [low.bar, low.figure, low.marker, *low.tracks.values()]
    assert all(f.ground is None or tone(f.ground) >= LIGHTEST for f in filled)
    assert all(f.outline is not None or f.hatch is not None for f in filled)
    assert tone(low.on_bar) < 0.2  # a caption on a light bar is printed dark


def test_normal_ink_is_the_default_and_kept_out_of_the_settings(library):
    options = json.loads(build(library).reader.metadata["/Keywords"])["options"]
    assert "ink" not in options  # a book built without --ink keeps its bytes


def test_low_ink_is_kept_in_the_book_and_rebuilt_from_it(tmp_path):
    book, again = tmp_path / "low.pdf", tmp_path / "again.pdf"
    made = CliRunner().invoke(main, ["generate", "--ink", "low", "--weeks", "1-2", "--out", book])
    assert made.exit_code == 0, made.output
    rebuilt = CliRunner().invoke(main, ["generate", "--from-pdf", book, "--out", again])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert again.read_bytes() == book.read_bytes()
