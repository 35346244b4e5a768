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
from html import escape as html_escape
from itertools import groupby, pairwise
from pathlib import Path
from struct import unpack_from

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont
from reportlab.pdfgen.canvas import Canvas

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
# What ReportLab reads of a TrueType font; OS/2 and the others are optional.
NEEDED_TABLES = ("cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post")
FILE_CHECKSUM = 0xB1B0AFBA  # every intact font sums to this (head's checkSumAdjustment sees to it)
CHECKSUM_WORDS = 16_384  # summed a slice at a time, so a 64 MiB font never becomes a list of ints
MAX_CMAP_CODES = 0x110000  # every Unicode code point once: more is a character map built to hang
CMAP_HEADERS = {0: 262, 2: 518, 4: 14, 6: 10, 10: 20, 12: 16, 13: 16}  # formats ReportLab reads
CMAP_DAMAGED = "is damaged: its character map (cmap) runs past its table"
# A composite glyph's parts: the flags that say how long each part is, and whether more follow.
ARGS_ARE_WORDS, ONE_SCALE, MORE_COMPONENTS, TWO_SCALES, TWO_BY_TWO = 1, 8, 0x20, 0x40, 0x80
RESTRICTED = 0x0002  # OS/2 fsType: a licence that forbids embedding the font
NO_SUBSETTING = 0x0300  # OS/2 fsType: no subsetting, or bitmaps only
TRIAL = "workbook-font-check"

# Fallbacks installed with the tool, for scripts Fira Sans lacks: (script, package, the font file
# inside the package, the code ranges it serves). The fontpkg fonts are variable TrueType fonts
# whose default instance is their Regular: ReportLab embeds the default outlines (the variation
# tables are left out of the subset), so no instancing is needed. The CJK font is the first face
# of a TrueType collection. Loaded on first use only.
FONTPKG = "files/*.ttf"
CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3001, 0x303F),  # CJK symbols and punctuation (the ideographic space is made a plain one)
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31FF),  # Bopomofo, Hangul compatibility Jamo, Katakana extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
)
BUNDLED = (
    (
        "arabic",
        "fontpkg_noto_sans_arabic",
        FONTPKG,
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFE)),
    ),
    ("hebrew", "fontpkg_heebo", FONTPKG, ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    ("devanagari", "fontpkg_noto_sans_devanagari", FONTPKG, ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    ("thai", "fontpkg_noto_sans_thai", FONTPKG, ((0x0E00, 0x0E7F),)),
    ("cjk", "paperang_p2_fonts_cjk", "fonts/wqy-microhei.ttc", CJK_RANGES),
)


def escape(text: str) -> str:
    """&, < and > as entities, for Paragraph markup (html.escape leaving quotes: xml.sax's
    escape would pull urllib, http.client and ssl into every start-up)."""
    return html_escape(text, quote=False)


@dataclass(frozen=True)
class Fallback:
    """A registered fallback font and the characters it has."""

    name: str
    font: ShapingFont
    coverage: frozenset[int]


MISSING = Fallback("", None, frozenset())  # type: ignore[arg-type]  # no configured font has it


@dataclass(eq=False)  # one per family and folder (load_fonts), told apart by identity
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
    """Refuse a file that is not a TrueType font ReportLab can embed, with what is wrong with it.

    ReportLab trusts what a font says of itself: a damaged one can make it loop for minutes,
    fill gigabytes, or raise at any moment of the build. So the font's structure is checked
    first, without ReportLab: its table directory, each table's checksum (which random damage
    fails), the character map's size and the glyph index. Then ReportLab reads it, and a trial does
    what the build does with a font (shape, draw, embed a subset in a PDF in memory): any error
    there means the font cannot be used."""
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
        tables = _table_directory(data)
        _check_checksums(data, tables)
        _check_cmap(data, tables["cmap"])
        glyphs = _check_glyphs(data, tables)
    except Damaged as exc:
        raise _bad(path, str(exc)) from None
    if glyphs > 0xFF and _embedding_forbidden(data, tables):
        raise _bad(
            path, "has a licence that does not allow embedding it in a PDF; use another font"
        )
    try:
        font = ShapingFont(TRIAL, _named(data, path))
    except Exception:  # ReportLab raises many kinds (struct.error, IndexError, TTFError) for one
        raise _bad(path, "is cut short or damaged: it cannot be read as a TrueType font") from None
    if any(glyph >= glyphs for glyph in font.face.charToGlyph.values()):
        raise _bad(path, "is damaged: its character map (cmap) names glyphs it does not have")
    try:
        _trial(font)
    except Exception:
        raise _bad(path, "is damaged: it cannot be embedded in a PDF") from None


class Damaged(Exception):
    """What is wrong with a font's structure, as the message that names the file goes on."""


def _table_directory(data: bytes) -> dict[str, tuple[int, int, int]]:
    """The sfnt table directory: each table's tag → (offset, length, checksum), all in the file."""
    if len(data) < 12:
        raise Damaged("is cut short or damaged: it ends inside its header")
    count = unpack_from(">H", data, 4)[0]
    end = 12 + 16 * count
    if not count:
        raise Damaged("is damaged: it lists no tables")
    if end > len(data):
        raise Damaged("is cut short or damaged: its table directory runs past the end of the file")
    tables: dict[str, tuple[int, int, int]] = {}
    for record in range(12, end, 16):
        raw, checksum, offset, length = unpack_from(">4sLLL", data, record)
        tag = "".join(char if char.isprintable() else "?" for char in raw.decode("latin-1"))
        if tag in tables:
            raise Damaged(f"is damaged: it lists its {tag!r} table twice")
        if offset + length > len(data):
            raise Damaged(
                f"is cut short or damaged: its {tag!r} table runs past the end of the file"
            )
        if offset < end and length:
            raise Damaged(f"is damaged: its {tag!r} table overlaps its table directory")
        tables[tag] = (offset, length, checksum)
    missing = [tag for tag in NEEDED_TABLES if tag not in tables]
    if missing:
        names = ", ".join(repr(tag) for tag in missing)
        raise Damaged(f"is damaged or not a complete TrueType font: it has no {names} table")
    return tables


def _check_checksums(data: bytes, tables: dict[str, tuple[int, int, int]]) -> None:
    """Each table sums (as big-endian 32-bit words) to the checksum its directory records; for
    `head`, with its checkSumAdjustment word taken out, or (as a few fonts have it) left in.

    A font whose tables fail but whose whole file still sums to FILE_CHECKSUM is intact, as its
    maker wrote it with the wrong checksums (ReportLab's own Vera Bold has one for `head`)."""
    failed = []
    for tag, (offset, length, recorded) in tables.items():
        found = _checksum(data, offset, length)
        adjustment = unpack_from(">L", data, offset + 8)[0] if tag == "head" and length >= 12 else 0
        if recorded not in (found, (found - adjustment) & 0xFFFFFFFF):
            failed.append(tag)
    if not failed or _checksum(data, 0, len(data)) == FILE_CHECKSUM:
        return
    if len(failed) == 1:
        what = f"its {failed[0]!r} table fails its checksum"
    else:
        named = ", ".join(repr(tag) for tag in failed[:3])
        more = f" and {len(failed) - 3} more" if len(failed) > 3 else ""
        what = f"{len(failed)} of its {len(tables)} tables fail their checksums ({named}{more})"
    raise Damaged(f"is damaged: {what}; copy or download the font again")


def _checksum(data: bytes, offset: int, length: int) -> int:
    """The TrueType checksum: the table's big-endian 32-bit words summed, the last zero-padded."""
    words, total = length // 4, 0
    for start in range(0, words, CHECKSUM_WORDS):
        count = min(CHECKSUM_WORDS, words - start)
        total += sum(unpack_from(f">{count}L", data, offset + 4 * start))
    tail = data[offset + 4 * words : offset + length]
    return (total + int.from_bytes(tail.ljust(4, b"\0"), "big")) & 0xFFFFFFFF


def _check_cmap(data: bytes, cmap: tuple[int, int, int]) -> None:
    """The character map ReportLab will read lies inside its table and maps at most every
    Unicode code point once. ReportLab walks every range the map lists, so one range of four
    billion codes (in a font whose checksums were made to match) would run for hours and fill
    memory; this reads only the ranges' ends."""
    start, length, _ = cmap
    if length < 4:
        raise Damaged(CMAP_DAMAGED)
    version, count = unpack_from(">HH", data, start)
    if count == 0 and version != 0:  # ReportLab reads the two in either order
        count = version
    _fits(4 + 8 * count, length)
    chosen, unicode = None, False  # the subtable ReportLab picks, as it picks it
    for record in range(start + 4, start + 4 + 8 * count, 8):
        platform, encoding, offset = unpack_from(">HHL", data, record)
        if platform == 3 or (platform, encoding) == (1, 1) or (platform == 0 and encoding != 5):
            chosen, unicode = offset, True
        elif (platform, encoding) == (1, 0) and not unicode:
            chosen = offset
    if chosen is None:
        raise Damaged("has no Unicode character map (cmap), so its letters cannot be found")
    _fits(chosen + 2, length)
    kind = unpack_from(">H", data, start + chosen)[0]
    if kind not in CMAP_HEADERS:
        raise Damaged(f"has a character map (cmap format {kind}) that cannot be read; {USE_TTF}")
    _fits(chosen + CMAP_HEADERS[kind], length)
    codes = _cmap_codes(data, kind, start + chosen, start + length)
    if codes > MAX_CMAP_CODES:
        raise Damaged(f"is damaged: its character map (cmap) lists {codes:,} characters")


def _cmap_codes(data: bytes, kind: int, at: int, end: int) -> int:
    """How many characters ReportLab will loop over in the cmap subtable at `at` (format `kind`,
    whose header is known to lie before `end`)."""
    if kind == 0:
        return 256
    if kind == 2:  # 256 high bytes, each with a run of low bytes (ReportLab reads keys as indexes)
        keys = unpack_from(">256H", data, at + 6)
        runs = (at + 518 + 8 * key + 2 for key in keys if key)  # where each run's length is
        return sum(unpack_from(">H", data, run)[0] for run in runs if run + 2 <= len(data))
    if kind in (6, 10):
        count = (
            unpack_from(">H", data, at + 8)[0] if kind == 6 else unpack_from(">L", data, at + 16)[0]
        )
        _fits(at + CMAP_HEADERS[kind] + 2 * count, end)
        return count
    if kind == 4:
        segments = unpack_from(">H", data, at + 6)[0] // 2
        _fits(at + 16 + 8 * segments, end)
        ends = unpack_from(f">{segments}H", data, at + 14)
        starts = unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
        return sum(max(0, last - first + 1) for first, last in zip(starts, ends, strict=True))
    groups = unpack_from(">L", data, at + 12)[0]  # formats 12 and 13: (first, last, glyph) each
    _fits(at + 16 + 12 * groups, end)
    ranges = (
        unpack_from(">LL", data, group) for group in range(at + 16, at + 16 + 12 * groups, 12)
    )
    return sum(max(0, last - first + 1) for first, last in ranges)


def _fits(needed: int, end: int) -> None:
    if needed > end:
        raise Damaged(CMAP_DAMAGED)


def _check_glyphs(data: bytes, tables: dict[str, tuple[int, int, int]]) -> int:
    """The glyph index (loca) points into the glyph table, in order, and each composite glyph's
    parts stay inside it and name real glyphs: a subset of any characters then embeds. Returns
    the number of glyphs."""
    head, maxp, loca, glyf = (tables[tag][:2] for tag in ("head", "maxp", "loca", "glyf"))
    if head[1] < 54 or maxp[1] < 6:
        raise Damaged("is damaged: its 'head' or 'maxp' table is too short")
    if unpack_from(">L", data, maxp[0])[0] == 0x00010000 and maxp[1] < 32:
        raise Damaged("is damaged: its 'maxp' table is too short")
    long_offsets = unpack_from(">h", data, head[0] + 50)[0]
    glyphs = unpack_from(">H", data, maxp[0] + 4)[0]
    if long_offsets not in (0, 1):
        raise Damaged("is damaged: its glyph index (loca) has an unknown format")
    if (glyphs + 1) * (2 << long_offsets) > loca[1]:
        raise Damaged("is damaged: its glyph index (loca) is shorter than its glyph count")
    if long_offsets:
        positions = unpack_from(f">{glyphs + 1}L", data, loca[0])
    else:
        positions = tuple(2 * word for word in unpack_from(f">{glyphs + 1}H", data, loca[0]))
    if any(later < earlier for earlier, later in pairwise(positions)) or positions[-1] > glyf[1]:
        raise Damaged("is damaged: its glyph index (loca) is out of order or past its glyphs")
    for first, last in pairwise(positions):
        if first != last and not _glyph_fits(data, glyf[0] + first, glyf[0] + last, glyphs):
            raise Damaged("is damaged: a glyph in its glyph table (glyf) is broken")
    return glyphs


def _glyph_fits(data: bytes, start: int, end: int, glyphs: int) -> bool:
    """A glyph has its 10-byte header, and a composite's parts end inside it and name glyphs."""
    if end - start < 10:
        return False
    if unpack_from(">h", data, start)[0] >= 0:
        return True  # a simple glyph: ReportLab copies it as it is
    at, flags = start + 10, MORE_COMPONENTS
    while flags & MORE_COMPONENTS:
        if at + 4 > end:
            return False
        flags, glyph = unpack_from(">HH", data, at)
        if glyph >= glyphs:
            return False
        at += 8 if flags & ARGS_ARE_WORDS else 6
        if flags & ONE_SCALE:
            at += 2
        elif flags & TWO_SCALES:
            at += 4
        elif flags & TWO_BY_TWO:
            at += 8
    return at <= end


def _embedding_forbidden(data: bytes, tables: dict[str, tuple[int, int, int]]) -> bool:
    """Whether the font's licence (OS/2 fsType) forbids embedding or subsetting it: ReportLab then
    refuses a font of more than 256 glyphs."""
    offset, length, _ = tables.get("OS/2", (0, 0, 0))
    if length < 10:
        return False
    kind = unpack_from(">H", data, offset + 8)[0]
    return kind == RESTRICTED or bool(kind & NO_SUBSETTING)


def _trial(font: ShapingFont) -> None:
    """Do with a font just read what the build does, on a tiny PDF in memory: shape a few of its
    characters, draw them and a "missing" box, and embed the subset. Raises whatever ReportLab
    or HarfBuzz raises for a font they cannot use."""
    # a face name of its own, or ReportLab would reuse a font registered with the same name
    font.face.name = TTFNameBytes(TRIAL.encode())
    codes = sorted(code for code in font.face.charToGlyph if _drawable(code))
    sample = "".join(chr(code) for code in codes[:: max(1, len(codes) // 16)])
    pdfmetrics.registerFont(font)
    try:
        canvas = Canvas(io.BytesIO(), invariant=1)
        canvas.setFont(TRIAL, 10)
        canvas.drawString(0, 0, sample + font.shape(sample, rtl=False) + font.boxes("?"))
        canvas.showPage()
        canvas.save()
    finally:
        font.unregister()


def _drawable(code: int) -> bool:
    return 0x20 <= code < 0x110000 and not 0xD800 <= code <= 0xDFFF and chr(code).isprintable()


def _bad(path: Path, message: str) -> InputError:
    return InputError.single(str(path), message)


def _digest(fonts: dict[Path, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(fonts):
        digest.update(path.name.encode() + b"\0" + fonts[path])
    return digest.hexdigest()


def _bundled_for(code: int) -> tuple[Fallback, ...]:
    found = (_bundled(script) for script, _, _, ranges in BUNDLED if scripts.within(code, ranges))
    return tuple(fallback for fallback in found if fallback)


@cache
def _bundled(script: str) -> Fallback | None:
    """The bundled fallback for `script`, registered on first use (once per process)."""
    path = bundled_path(script)
    if path is None:
        package = next(package for name, package, _, _ in BUNDLED if name == script)
        log.warning("the %s fallback font (%s) is not installed", script, package)
        return None
    return _fallback(f"{FAMILY}-{script}", path.read_bytes(), path)  # installed with the tool


def bundled_path(script: str) -> Path | None:
    """The file of the fallback font installed with the tool for `script`, if it is installed."""
    package, pattern = next((package, file) for name, package, file, _ in BUNDLED if name == script)
    try:
        root = Path(importlib.import_module(package).__file__).parent
    except ImportError:
        return None
    return sorted(root.glob(pattern))[0]
