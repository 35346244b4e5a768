"""HarfBuzz-shaped runs → characters a ReportLab TrueType font can draw, text layer kept."""

from __future__ import annotations

import io
from itertools import pairwise
from struct import pack, unpack

from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from workbook.render.scripts import invisible, mirrored

PRIVATE = range(0xF0000, 0x10FFFE)  # supplementary private use planes, far from any real text
ARG_WORDS, XY_VALUES, MORE_COMPONENTS = 0x0001, 0x0002, 0x0020
MAX_GLYPHS = 0xFFFF


class ShapingFont(TTFont):
    """A TrueType font whose text may be shaped by HarfBuzz before ReportLab draws it.

    ReportLab draws one glyph per character, with the font's advance widths; shaping gives joined,
    reordered and positioned glyphs instead. So each shaped cluster (the glyphs for one or more
    characters) becomes one drawable character: the font's own one when the glyph is the plain
    one, or else a private code whose glyph is a composite of the cluster's glyphs at their shaped
    offsets and whose width is the shaped advance. The ToUnicode map then gives each private code
    the characters it stands for, so the PDF's text layer reads as typed.
    """

    def __init__(self, name: str, source: io.BytesIO):
        super().__init__(name, source)
        self._hb = None
        self._codes: dict[tuple[int, int, str], str] = {}
        self._composites: dict[tuple, int] = {}
        self.actual: dict[int, str] = {}  # private code → the characters it stands for
        self._next = iter(PRIVATE)
        self._glyf_moved = False
        self._glyphs = len(self.face.glyphPos) - 1  # the font's own, before composites are added

    def shape(self, text: str, rtl: bool) -> str:
        """`text` (one direction, this font) → the characters that draw it, in visual order."""
        import uharfbuzz as hb

        buffer = hb.Buffer()
        buffer.add_codepoints([ord(char) for char in text])  # clusters are character indexes
        buffer.guess_segment_properties()
        buffer.direction = "rtl" if rtl else "ltr"
        buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        buffer.flags = hb.BufferFlags.REMOVE_DEFAULT_IGNORABLES
        hb.shape(self._harfbuzz(), buffer)
        glyphs = list(zip(buffer.glyph_infos, buffer.glyph_positions, strict=True))
        ends = _cluster_ends([info.cluster for info, _ in glyphs], len(text))
        return "".join(
            self._draw(cluster, text[start : ends[start]], rtl)
            for start, cluster in _clusters(glyphs)
        )

    def boxes(self, text: str) -> str:
        """Characters no font has → this font's "missing glyph" box, one per character, each
        carrying its character in the text layer (so search and copy still find the name)."""
        advance = self.face.hmetrics[0][0]
        return "".join(self._private(0, advance, char) for char in text)

    def _harfbuzz(self):
        if self._hb is None:
            import uharfbuzz as hb

            # the font's own bytes: moving the glyph table appends a copy, it changes none
            self._hb = hb.Font(hb.Face(hb.Blob(self.face._ttf_data)))
        return self._hb

    def _draw(self, cluster: list, text: str, rtl: bool) -> str:
        """One cluster → one character: the font's own one, or a private code.

        A bracket that HarfBuzz mirrored in a right-to-left run is the bracket it shows (a typed
        "(" drawn as ")"), as in the runs drawn unshaped: a reader of the PDF's text reorders the
        run and turns the bracket back, as it does for any PDF."""
        text = "".join(char for char in text if not invisible(char))
        parts, pen = [], 0
        for info, position in cluster:
            # a damaged font's layout tables can name glyphs it lacks, or move them far away
            glyph = info.codepoint if info.codepoint < self._glyphs else 0
            parts.append((glyph, _short(pen + position.x_offset), _short(position.y_offset)))
            pen = _short(pen + position.x_advance)
        if len(parts) == 1 and parts[0][1:] == (0, 0):
            glyph = parts[0][0]
        else:
            glyph = self._composite(tuple(parts), pen) or parts[0][0]
        if rtl and len(text) == 1 and self.face.charToGlyph.get(ord(mirrored(text))) == glyph:
            text = mirrored(text)
        own = self._own_character(glyph, pen, text)
        if own and not (rtl and own.isspace()):
            return own
        return self._private(glyph, pen, text)

    def _own_character(self, glyph: int, advance: int, text: str) -> str | None:
        face = self.face
        if len(text) == 1 and face.charToGlyph.get(ord(text)) == glyph:
            return text if face.hmetrics[glyph][0] == advance else None
        return None

    def _private(self, glyph: int, advance: int, text: str) -> str:
        """A private code for this glyph, width and text (a space in a right-to-left run gets one
        too, so that ReportLab never breaks a line inside it and reverses the words' order)."""
        key = (glyph, advance, text)
        if key not in self._codes:
            face = self.face
            code = next(c for c in self._next if c not in face.charToGlyph)
            face.charToGlyph[code] = glyph
            face.charWidths[code] = face._pdfScale(advance)
            self.actual[code] = text
            self._codes[key] = chr(code)
        return self._codes[key]

    def _composite(self, parts: tuple, advance: int) -> int | None:
        """A new glyph made of `parts` (glyph, x, y), added to this font's glyph table."""
        key = (parts, advance)
        if key in self._composites:
            return self._composites[key]
        face = self.face
        if len(face.glyphPos) > MAX_GLYPHS:
            return None  # the font is full: the cluster's first glyph alone still prints
        self._move_glyph_table()
        boxes = [box for box in (self._box(*part) for part in parts) if box]
        bounds = tuple(map(_short, _union(boxes)))
        records = [
            pack(">HHhh", XY_VALUES | ARG_WORDS | (MORE_COMPONENTS * (i < len(parts) - 1)), *part)
            for i, part in enumerate(parts)
        ]
        glyph = pack(">hhhhh", -1, *bounds) + b"".join(records)
        face._ttf_data = face._ttf_data + glyph  # bytes: ReportLab's checksum takes no bytearray
        face.table["glyf"]["length"] += len(glyph)
        face.glyphPos.append(face.glyphPos[-1] + len(glyph))
        face.hmetrics.append((max(advance, 0), bounds[0] & 0xFFFF))
        self._composites[key] = len(face.glyphPos) - 2
        return self._composites[key]

    def _move_glyph_table(self) -> None:
        """Copy the glyph table to the end of the font data, so that new glyphs can follow it."""
        if self._glyf_moved:
            return
        face = self.face
        data = bytearray(face._ttf_data)
        start = face.table["glyf"]["offset"]
        end = face.glyphPos[-1]
        face.table["glyf"] = {**face.table["glyf"], "offset": len(data), "length": end}
        data += data[start : start + end]
        _raise_component_limits(data, face.table["maxp"]["offset"])
        face._ttf_data = bytes(data)
        self._glyf_moved = True

    def _box(self, glyph: int, x: int, y: int) -> tuple[int, int, int, int] | None:
        face = self.face
        start = face.table["glyf"]["offset"] + face.glyphPos[glyph]
        if face.glyphPos[glyph + 1] - face.glyphPos[glyph] < 10:
            return None  # an empty glyph (a space) has no box
        x_min, y_min, x_max, y_max = unpack(">hhhh", face._ttf_data[start + 2 : start + 10])
        return x_min + x, y_min + y, x_max + x, y_max + y

    def addObjects(self, doc) -> None:
        """Embed as ReportLab does, then give private codes their text in the ToUnicode maps."""
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            if any(code in self.actual for code in subset):
                base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
                name = base.decode("pdfdoc")
                doc.idToObject[f"toUnicodeCMap:{name}"].content = self._to_unicode(name, subset)

    def _to_unicode(self, name: str, subset: list[int]) -> str:
        pairs = [
            f"<{index:02X}> <{self.actual.get(code, chr(code)).encode('utf-16-be').hex().upper()}>"
            for index, code in enumerate(subset)
        ]
        return "\n".join(
            [
                "/CIDInit /ProcSet findresource begin",
                "12 dict begin",
                "begincmap",
                "/CIDSystemInfo",
                f"<< /Registry ({name})",
                f"/Ordering ({name})",
                "/Supplement 0",
                ">> def",
                f"/CMapName /{name} def",
                "/CMapType 2 def",
                "1 begincodespacerange",
                f"<00> <{len(subset) - 1:02X}>",
                "endcodespacerange",
                f"{len(subset)} beginbfchar",
                *pairs,
                "endbfchar",
                "endcmap",
                "CMapName currentdict /CMap defineresource pop",
                "end",
                "end",
            ]
        )


def _clusters(glyphs: list) -> list[tuple[int, list]]:
    """HarfBuzz's glyphs grouped by cluster, in visual order: (first character, glyphs)."""
    groups: list[tuple[int, list]] = []
    for info, position in glyphs:
        if groups and groups[-1][0] == info.cluster:
            groups[-1][1].append((info, position))
        else:
            groups.append((info.cluster, [(info, position)]))
    return groups


def _cluster_ends(starts: list[int], length: int) -> dict[int, int]:
    """Each cluster's first character → the index after its last character."""
    return dict(pairwise([*sorted(set(starts)), length]))


def _short(value: int) -> int:
    """A font-unit distance kept within a signed 16-bit field (a damaged font's may not be)."""
    return max(-0x8000, min(0x7FFF, value))


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    if not boxes:
        return 0, 0, 0, 0
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _raise_component_limits(data: bytearray, maxp: int) -> None:
    """maxp's composite limits, raised to cover the composites this font will gain."""
    if unpack(">L", data[maxp : maxp + 4])[0] != 0x00010000:
        return  # version 0.5 (no outlines limits) has nothing to raise
    for offset in (10, 12, 28):  # composite points, composite contours, component elements
        data[maxp + offset : maxp + offset + 2] = pack(">H", 0xFFFF)
    depth = unpack(">H", data[maxp + 30 : maxp + 32])[0]
    data[maxp + 30 : maxp + 32] = pack(">H", min(depth + 1, 16))
