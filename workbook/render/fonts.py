"""TrueType files → registered ReportLab fonts, and user text → safe Paragraph markup.

The default family is Fira Sans, from the `fontpkg-fira-sans` wheel: static TrueType faces that
cover Latin (Polish and Vietnamese included), Greek, Cyrillic and the arrows and dashes the content
uses, with a humanist shape that stays legible on paper and e-ink. A career centre may point
`--fonts` at a folder of its own TTFs (see fonts/README.md): `regular.ttf`, `bold.ttf`, `italic.ttf`
and `bold-italic.ttf` replace the family, and any other `*.ttf` there is a fallback for characters
the family lacks. A character that no font covers is logged once as a warning that names it.
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger("workbook")

FACES = ("regular", "bold", "italic", "bold-italic")
FIRA_FILES = {
    "regular": "FiraSans-Regular.ttf",
    "bold": "FiraSans-Bold.ttf",
    "italic": "FiraSans-Italic.ttf",
    "bold-italic": "FiraSans-BoldItalic.ttf",
}
FAMILY = "Workbook"


@dataclass
class FontSet:
    """A registered family (four faces) plus fallbacks, with the coverage of each."""

    family: str
    faces: dict[str, str]
    coverage: frozenset[int]
    fallbacks: tuple[tuple[str, frozenset[int]], ...] = ()
    reported: set[str] = field(default_factory=set)

    @property
    def regular(self) -> str:
        return self.faces["regular"]

    @property
    def bold(self) -> str:
        return self.faces["bold"]

    @property
    def italic(self) -> str:
        return self.faces["italic"]

    def markup(self, text: str) -> str:
        """Plain user text → Paragraph markup: escaped, with fallback-font runs for rare glyphs."""
        out, run, run_font = [], [], None
        for char in text:
            font = self._font_for(char)
            if font != run_font and run:
                out.append(_wrap("".join(run), run_font))
                run = []
            run_font = font
            run.append(char)
        if run:
            out.append(_wrap("".join(run), run_font))
        return "".join(out)

    def plain(self, text: str) -> str:
        """User text for canvas.drawString (no markup): checked for coverage, returned as is."""
        for char in text:
            self._font_for(char)
        return text

    def fit(self, text: str, font: str, size: float, width: float) -> str:
        """Plain text for one line of `width`, cut short with an ellipsis when it would not fit."""
        text = self.plain(text)
        if stringWidth(text, font, size) <= width:
            return text
        while text and stringWidth(text + "…", font, size) > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def _font_for(self, char: str) -> str | None:
        code = ord(char)
        if code in self.coverage or char in "\n\t" or unicodedata.category(char).startswith("C"):
            return None
        for name, covered in self.fallbacks:
            if code in covered:
                return name
        if char not in self.reported:
            self.reported.add(char)
            log.warning(
                "no configured font has a glyph for %r (U+%04X %s); it will print as a box",
                char,
                code,
                unicodedata.name(char, "unnamed"),
            )
        return None


def _wrap(text: str, font: str | None) -> str:
    safe = escape(text)
    return f'<font face="{font}">{safe}</font>' if font else safe


@cache
def load_fonts(font_dir: Path | None = None) -> FontSet:
    """Register the family once per process (and per font folder); return the FontSet."""
    files = _family_files(font_dir)
    prefix = (
        FAMILY
        if font_dir is None
        else f"{FAMILY}-{hashlib.sha256(bytes(font_dir)).hexdigest()[:8]}"
    )
    faces = {face: f"{prefix}-{face}" for face in FACES}
    for face, path in files.items():
        pdfmetrics.registerFont(TTFont(faces[face], str(path)))
    for bold, italic, face in (
        (0, 0, "regular"),
        (1, 0, "bold"),
        (0, 1, "italic"),
        (1, 1, "bold-italic"),
    ):
        addMapping(prefix, bold, italic, faces[face])
    fallbacks = []
    for path in _fallback_files(font_dir):
        name = f"{prefix}-fallback-{path.stem}"
        pdfmetrics.registerFont(TTFont(name, str(path)))
        fallbacks.append((name, _coverage(name)))
    return FontSet(prefix, faces, _coverage(faces["regular"]), tuple(fallbacks))


def _coverage(font_name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def _family_files(font_dir: Path | None) -> dict[str, Path]:
    if font_dir is not None and (font_dir / "regular.ttf").is_file():
        regular = font_dir / "regular.ttf"
        return {face: _first_file(font_dir / f"{face}.ttf", regular) for face in FACES}
    import fontpkg_fira_sans

    folder = Path(fontpkg_fira_sans.ROOT) / "files"
    return {face: folder / name for face, name in FIRA_FILES.items()}


def _first_file(path: Path, default: Path) -> Path:
    return path if path.is_file() else default


def _fallback_files(font_dir: Path | None) -> list[Path]:
    if font_dir is None:
        return []
    family = {f"{face}.ttf" for face in FACES}
    return sorted(p for p in font_dir.glob("*.ttf") if p.name.lower() not in family)
