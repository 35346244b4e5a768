"""CLI flags → one typed Options object that travels unchanged to the renderer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from workbook.paper import Paper

if TYPE_CHECKING:
    from workbook.brand import Brand

Ink = Literal["normal", "low"]
INKS: tuple[Ink, ...] = ("normal", "low")


@dataclass(frozen=True)
class Options:
    """Every setting that changes the output; each CLI flag maps onto one field."""

    paper: Paper | None = None  # None: the profile's own choice
    content_dir: Path | None = None  # None: the content bundled with the package
    fonts_dir: Path | None = None  # None: the bundled Fira Sans family
    weeks: tuple[int, int] | None = None  # print only these working weeks' pages (inclusive)
    duplex: bool = False  # printed on both sides: sections on right-hand pages, mirrored margins
    imposition: Literal["booklet"] | None = None  # sheets to fold (implies duplex)
    signature: int | None = None  # with a booklet: sheets per signature (None: one signature)
    brand: Brand | None = None  # a career centre's name, logo, accent and footer line
    hand: Literal["right", "left"] = "right"  # the writing hand: a tablet's tabs on its side
    ink: Ink = "normal"  # low: outlines and light tones instead of filled areas
    edition: Literal["print", "fillable"] = "print"  # fillable: form fields to fill on screen

    @property
    def bound(self) -> bool:
        """Whether the pages are printed on both sides and bound."""
        return self.duplex or self.imposition is not None

    @property
    def fillable(self) -> bool:
        return self.edition == "fillable"
