"""Page presets: the papers and e-ink tablets a workbook is made for, listed once.

The profile's `paper` field, the CLI's `--paper` choices, the renderer's page geometry and a
cohort's separator pages all derive from `PRESETS`. A tablet's page has the proportions of its
screen, at the screen's physical size, so that the device shows it edge to edge at true size
(its writing lines then measure on the screen what they measure in the PDF). A tablet's wide
sections (timeline, skills gap matrix) stay upright, as the screen shows them; on paper they turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TAB_COLUMN = 14  # millimetres: room for a tab's short label ("Worksheets") at a legible size


@dataclass(frozen=True)
class Preset:
    name: str
    title: str  # what the README and --help call it
    width: float  # millimetres, portrait
    height: float
    margin: float  # millimetres, on every side of a page
    tablet: bool = False

    @property
    def tabs(self) -> float:
        """The width (millimetres) of the column of side tabs at a tablet page's outer edge, which
        widens that margin: a tablet's book links each section from every page."""
        return TAB_COLUMN if self.tablet else 0

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) in points."""
        return self.width / 25.4 * 72, self.height / 25.4 * 72


def _screen(pixels: tuple[int, int], ppi: int) -> tuple[float, float]:
    """A screen of `pixels` (portrait) at `ppi` → its size in millimetres, to 0.1 mm."""
    return tuple(round(p / ppi * 25.4, 1) for p in pixels)  # type: ignore[return-value]


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset("letter", "US Letter, 8.5 x 11 in", 215.9, 279.4, 18),
        Preset("a4", "A4, 210 x 297 mm", 210, 297, 18),
        Preset("a5", "A5, 148 x 210 mm (a half A4 binder or notebook)", 148, 210, 12),
        Preset(
            "remarkable",
            "reMarkable 2 (10.3 in, 1404 x 1872 px at 226 ppi)",
            *_screen((1404, 1872), 226),
            8,
            tablet=True,
        ),
        Preset(
            "remarkable-pro",
            "reMarkable Paper Pro (11.8 in, 1620 x 2160 px at 229 ppi)",
            *_screen((1620, 2160), 229),
            9,
            tablet=True,
        ),
        Preset(
            "kindle-scribe",
            "Kindle Scribe (10.2 in, 1860 x 2480 px at 300 ppi)",
            *_screen((1860, 2480), 300),
            8,
            tablet=True,
        ),
        Preset(
            "supernote-a5x",
            "Supernote A5 X (10.3 in, 1404 x 1872 px at 226 ppi)",
            *_screen((1404, 1872), 226),
            8,
            tablet=True,
        ),
        Preset(
            "boox-note-air",
            "BOOX Note Air (10.3 in, 1404 x 1872 px at 227 ppi)",
            *_screen((1404, 1872), 227),
            8,
            tablet=True,
        ),
    )
}
PAPER_NAMES = tuple(PRESETS)
Paper = Literal[PAPER_NAMES]  # type: ignore[valid-type]
