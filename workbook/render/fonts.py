"""TrueType files → registered ReportLab fonts; user text in any script → safe Paragraph markup."""

from __future__ import annotations

import hashlib
import importlib
import io
import logging
import stat
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from workbook.errors import InputError, Problem
from workbook.render import scripts
from workbook.render.scripts import JOINERS, complex_script, invisible
from workbook.render.shaping import ShapingFont

log = logging.getLogger("workbook")

FACES = ("regular", "bold", "italic", "bold-italic")
FIRA_FILES = {
    "regular": "FiraSans-Regular.ttf",
    "bold": "FiraSans-Bold.ttf",
    "italic": "FiraSans-Italic.ttf",
    "bold-italic": "FiraSans-BoldItalic.ttf",
}
FAMILY = "Workbook"
# CJK TrueType fonts run to 20-30 MB; a file far larger is not a font, and is never read whole.
MAX_FONT_BYTES = 64 * 1024 * 1024
TRUETYPE = (b"\x00\x01\x00\x00", b"true")
NOT_TRUETYPE = {
    b"OTTO": "is an OpenType font with PostScript (CFF) outlines, which cannot be embedded",
    b"ttcf": "is a font collection (.ttc)",
    b"wOFF": "is a web font (WOFF)",
    b"wOF2": "is a web font (WOFF2)",
}
OTHER_FONT_SUFFIXES = (".otf", ".ttc", ".otc", ".woff", ".woff2")
USE_TTF = "use a TrueType .ttf file (see fonts/README.md)"

# Fallbacks installed with the tool, for scripts Fira Sans lacks. Each is a variable TrueType font
# whose default instance is its Regular: ReportLab embeds the default outlines (the variation
# tables are left out of the subset), so no instancing is needed. Loaded on first use only.
BUNDLED = (
    (
        "arabic",
        "fontpkg_noto_sans_arabic",
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFE)),
    ),
    ("hebrew", "fontpkg_heebo", ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    ("devanagari", "fontpkg_noto_sans_devanagari", ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    ("thai", "fontpkg_noto_sans_thai", ((0x0E00, 0x0E7F),)),
)


@dataclass(frozen=True)
class Fallback:
    """A registered fallback font and the characters it has."""

    name: str
    font: ShapingFont
    coverage: frozenset[int]


MISSING = Fallback("", None, frozenset())  # type: ignore[arg-type]  # no configured font has it


@dataclass
class FontSet:
    """A registered family (four faces) plus fallbacks, with the coverage of each."""

    family: str
    faces: dict[str, str]
    coverage: frozenset[int]
    fallbacks: tuple[Fallback, ...] = ()  # a centre's own, tried before the bundled ones
    digest: str = ""  # the centre's font files, hashed ('' for the bundled fonts)
    reported: set[str] = field(default_factory=set)
    as_is: frozenset[str] = field(init=False)  # characters the family prints with no help

    def __post_init__(self):
        usable = (chr(code) for code in self.coverage)
        simple = (c for c in usable if not invisible(c) and not complex_script(c))
        self.as_is = frozenset(simple) | {"\n", "\t"}

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
        """Plain user text → Paragraph markup that prints it: escaped, in visual order, shaped,
        with fallback-font runs for the characters the family lacks."""
        if self._as_is(text):
            return escape(text)
        return "".join(_wrap(chars, font) for font, chars in self._runs(text))

    def plain(self, text: str) -> str:
        """User text for canvas.drawString (no markup): invisible marks dropped, glyphs checked."""
        text = "".join(char for char in text if not invisible(char))
        self._report(self.missing(text))
        return text

    def width(self, text: str, font: str, size: float) -> float:
        """How wide `text` prints in `font` at `size`, fallbacks and shaping included."""
        if self._as_is(text):
            return stringWidth(text, font, size)
        return sum(stringWidth(chars, name or font, size) for name, chars in self._runs(text))

    def fit(self, text: str, font: str, size: float, width: float) -> str:
        """Plain text for one line of `width`, cut short with an ellipsis when it would not fit."""
        text = self.plain(text)
        if self.width(text, font, size) <= width:
            return text
        low, high = 0, len(text)  # the longest start that fits with "…" after it
        while low < high:
            middle = (low + high + 1) // 2
            if self.width(text[:middle] + "…", font, size) <= width:
                low = middle
            else:
                high = middle - 1
        return text[:low].rstrip() + "…"

    def missing(self, text: str) -> str:
        """The characters of `text` that no configured font can print, each once, in order.

        Empty when the text prints in full. A batch can call it per row to report a name that would
        print with boxes (invisible marks such as zero-width joiners are never counted)."""
        if self._as_is(text):
            return ""
        kept, fonts = self._choose_fonts(unicodedata.normalize("NFC", text))
        return "".join(dict.fromkeys(c for c, f in zip(kept, fonts, strict=True) if f is MISSING))

    def _as_is(self, text: str) -> bool:
        return self.as_is.issuperset(text) and (
            text.isascii() or unicodedata.is_normalized("NFC", text)
        )

    def _runs(self, text: str) -> list[tuple[str | None, str]]:
        """(font name or None for the family, characters to draw) for each run, in visual order."""
        kept, fonts = self._choose_fonts(unicodedata.normalize("NFC", text))
        self._report("".join(c for c, f in zip(kept, fonts, strict=True) if f is MISSING))
        levels = scripts.levels(kept) if scripts.right_to_left(kept) else [0] * len(kept)
        runs = _group(kept, self._settle(kept, fonts, levels), levels)
        return [self._draw(*runs[i]) for i in scripts.visual_order([level for _, level, _ in runs])]

    def _draw(self, font: Fallback | None, level: int, text: str) -> tuple[str | None, str]:
        """One run → (font name, characters in visual order): shaped when its script needs it."""
        rtl = level % 2 == 1
        if font is MISSING:  # the family's box, with the character kept in the text layer
            regular = pdfmetrics.getFont(self.regular)
            return self.regular, regular.boxes(text[::-1] if rtl else text)
        if font and any(map(complex_script, text)):
            return font.name, font.font.shape(text, rtl)
        drawn = scripts.mirrored(text) if rtl else text
        drawn = "".join(char for char in drawn if char not in JOINERS)
        return (font.name if font else None), drawn

    def _choose_fonts(self, text: str) -> tuple[str, list[Fallback | None]]:
        """The visible characters of `text` and the font of each (None: the family)."""
        kept: list[str] = []
        fonts: list[Fallback | None] = []
        shaped: Fallback | None = None  # the fallback of the shaped run going on, if any
        for char in text:
            if invisible(char) and char not in JOINERS:
                continue
            if shaped and (char in JOINERS or _joins_run(char, shaped)):
                font = shaped  # spaces and joiners stay in the run, which shapes as one
            elif char in JOINERS:
                continue  # nothing to join outside a shaped run
            else:
                font = self._font_for(char)
                shaped = font if font and font is not MISSING and complex_script(char) else None
            kept.append(char)
            fonts.append(font)
        return "".join(kept), fonts

    def _settle(self, text: str, fonts: list, levels: list[int]) -> list:
        """A space taken into a shaped run goes back to its own font when bidi puts it outside the
        run: between Arabic and Latin it belongs to the line, not to the Arabic word."""
        letters = None  # the level of the last letter set in a fallback
        for index, (char, font) in enumerate(zip(text, fonts, strict=True)):
            if not font or font is MISSING:
                continue
            if not scripts.neutral(char):
                letters = levels[index]
            elif levels[index] != letters:
                fonts[index] = self._font_for(char)
        return fonts

    def _font_for(self, char: str) -> Fallback | None:
        code = ord(char)
        if code in self.coverage and not complex_script(char):
            return None
        for fallback in (*self.fallbacks, *_bundled_for(code)):
            if code in fallback.coverage:
                return fallback
        return None if code in self.coverage else MISSING

    def _report(self, chars: str) -> None:
        new = [char for char in dict.fromkeys(chars) if char not in self.reported]
        if not new:
            return
        self.reported.update(new)
        names = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in new)
        box, it = (
            ("it will print as a box", "it") if len(new) == 1 else ("they print as boxes", "them")
        )
        log.warning(
            "no configured font has a glyph for %s; %s. Put a TrueType (.ttf) font that has %s in "
            "a folder and pass it with --fonts FOLDER (see fonts/README.md)",
            names,
            box,
            it,
        )


def _joins_run(char: str, fallback: Fallback) -> bool:
    return scripts.neutral(char) and ord(char) in fallback.coverage


def _group(text: str, fonts: list, levels: list[int]) -> list[tuple[Fallback | None, int, str]]:
    """Consecutive characters of one font and one bidi level, as (font, level, text) runs."""
    same_run = groupby(zip(text, fonts, levels, strict=True), key=lambda c: (id(c[1]), c[2]))
    return [
        (run[0][1], run[0][2], "".join(c[0] for c in run))
        for _, group in same_run
        if (run := list(group))
    ]


def _wrap(text: str, font: str | None) -> str:
    safe = escape(text)
    return f'<font face="{font}">{safe}</font>' if font else safe


@cache
def load_fonts(font_dir: Path | None = None) -> FontSet:
    """Register the family once per process (and per font folder); return the FontSet.

    A broken or unusable file in `font_dir` is an InputError naming it; so is a folder with no
    .ttf file in it."""
    if font_dir is None:
        return _register_family(FAMILY, _fira_files(), trusted=True)
    family, others = _scan(font_dir)
    prefix = f"{FAMILY}-{hashlib.sha256(bytes(font_dir)).hexdigest()[:8]}"
    problems: list[Problem] = []
    fonts = _read_all(sorted([*family.values(), *others]), problems)
    if problems:
        raise InputError(problems)
    fontset = _register_family(prefix, family or _fira_files(), fonts, trusted=not family)
    fontset.fallbacks = tuple(
        _fallback(f"{prefix}-fallback-{n}", fonts[path], path) for n, path in enumerate(others)
    )
    fontset.digest = _digest(fonts)
    return fontset


def _register_family(
    prefix: str, files: dict[str, Path], fonts: dict[Path, bytes] | None = None, trusted=False
) -> FontSet:
    faces = {face: f"{prefix}-{face}" for face in FACES}
    for face, path in files.items():
        data = path.read_bytes() if trusted else fonts[path]
        # the regular face also draws the boxes for characters that no font has
        kind = ShapingFont if face == "regular" else TTFont
        pdfmetrics.registerFont(kind(faces[face], _named(data, path)))
    for bold, italic, face in (
        (0, 0, "regular"),
        (1, 0, "bold"),
        (0, 1, "italic"),
        (1, 1, "bold-italic"),
    ):
        addMapping(prefix, bold, italic, faces[face])
    return FontSet(prefix, faces, _coverage(pdfmetrics.getFont(faces["regular"])))


def _fallback(name: str, data: bytes, path: Path) -> Fallback:
    font = ShapingFont(name, _named(data, path))
    pdfmetrics.registerFont(font)
    return Fallback(name, font, _coverage(font))


def _coverage(font: TTFont) -> frozenset[int]:
    return frozenset(font.face.charToGlyph)


def _named(data: bytes, path: Path) -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = str(path)  # ReportLab's own messages name the file
    return stream


def _fira_files() -> dict[str, Path]:
    import fontpkg_fira_sans

    folder = Path(fontpkg_fira_sans.ROOT) / "files"
    return {face: folder / name for face, name in FIRA_FILES.items()}


def _scan(font_dir: Path) -> tuple[dict[str, Path], list[Path]]:
    """A centre's folder → its family faces by role, and its fallbacks; names match in any case."""
    try:
        entries = sorted(font_dir.iterdir())
    except OSError as exc:
        raise InputError.single(str(font_dir), f"cannot be read ({exc.strerror})") from None
    problems = [
        Problem(
            str(path), "", f"cannot be used: only TrueType .ttf fonts can be embedded; {USE_TTF}"
        )
        for path in entries
        if path.suffix.lower() in OTHER_FONT_SUFFIXES
    ]
    fonts = [path for path in entries if path.suffix.lower() == ".ttf"]
    family: dict[str, Path] = {}
    for path in fonts:
        role = path.stem.lower()
        if role in family:
            problems.append(
                Problem(str(path), "", f"and {family[role].name} are both the {role} face")
            )
        elif role in FACES:
            family[role] = path
    problems += _folder_problems(font_dir, fonts, family)
    if problems:
        raise InputError(problems)
    regular = family.get("regular")
    faces = {face: family.get(face, regular) for face in FACES} if regular else {}
    return faces, [path for path in fonts if path.stem.lower() not in FACES]


def _folder_problems(font_dir: Path, fonts: list[Path], family: dict[str, Path]) -> list[Problem]:
    if not fonts:
        message = "has no .ttf font in it; add one (see fonts/README.md) or leave out --fonts"
        return [Problem(str(font_dir), "", message)]
    if family and "regular" not in family:
        named = ", ".join(path.name for path in family.values())
        message = f"has {named} but no regular.ttf, which replacing the family needs"
        return [Problem(str(font_dir), "", message)]
    return []


def _read_all(paths: list[Path], problems: list[Problem]) -> dict[Path, bytes]:
    fonts: dict[Path, bytes] = {}
    for path in dict.fromkeys(paths):
        try:
            fonts[path] = read_font(path)
        except InputError as exc:
            problems += exc.problems
    return fonts


def read_font(path: Path) -> bytes:
    """A TrueType file's bytes, checked: an InputError names the file and what is wrong with it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _bad(path, "is a link to nothing, or was removed") from None
    except OSError as exc:
        raise _bad(path, f"cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise _bad(path, "is a folder, not a font file")
    if not stat.S_ISREG(info.st_mode):
        raise _bad(path, "is not a regular file")  # a FIFO or device would hang or never end
    if info.st_size > MAX_FONT_BYTES:
        mib = info.st_size / 2**20
        raise _bad(path, f"is {mib:,.0f} MiB; a font may be at most {MAX_FONT_BYTES >> 20} MiB")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FONT_BYTES + 1)  # never more, even if the file grew meanwhile
    except OSError as exc:
        raise _bad(path, f"cannot be read ({exc.strerror})") from None
    _check_font(path, data)
    return data


def _check_font(path: Path, data: bytes) -> None:
    if len(data) > MAX_FONT_BYTES:
        raise _bad(path, f"is larger than {MAX_FONT_BYTES >> 20} MiB")
    if not data:
        raise _bad(path, "is empty")
    magic = data[:4]
    if magic in NOT_TRUETYPE:
        raise _bad(path, f"{NOT_TRUETYPE[magic]}; {USE_TTF}")
    if magic not in TRUETYPE:
        raise _bad(path, "is not a TrueType font (it is another kind of file)")
    try:
        face = TTFont("workbook-check", io.BytesIO(data)).face
        glyphs_fit = face.glyphPos[-1] <= face.table["glyf"]["length"]
    except Exception:  # ReportLab raises many kinds (struct.error, IndexError, TTFError) for one
        glyphs_fit = False
    if not glyphs_fit or any(t["offset"] + t["length"] > len(data) for t in face.tables):
        raise _bad(path, "is cut short or damaged: it cannot be read as a TrueType font")


def _bad(path: Path, message: str) -> InputError:
    return InputError.single(str(path), message)


def _digest(fonts: dict[Path, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(fonts):
        digest.update(path.name.encode() + b"\0" + fonts[path])
    return digest.hexdigest()


def _bundled_for(code: int) -> tuple[Fallback, ...]:
    found = (_bundled(script) for script, _, ranges in BUNDLED if scripts.within(code, ranges))
    return tuple(fallback for fallback in found if fallback)


@cache
def _bundled(script: str) -> Fallback | None:
    """The bundled fallback for `script`, registered on first use (once per process)."""
    package = next(package for name, package, _ in BUNDLED if name == script)
    try:
        root = Path(importlib.import_module(package).ROOT)
    except ImportError:
        log.warning("the %s fallback font (%s) is not installed", script, package)
        return None
    path = sorted((root / "files").glob("*.ttf"))[0]
    return _fallback(f"{FAMILY}-{script}", path.read_bytes(), path)  # installed with the tool
