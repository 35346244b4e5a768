"""Content, person, plan and look → small helpers that make safe flowables for every section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from workbook.content import Pathway, Playbook, WorkbookText
from workbook.plan import Plan
from workbook.profile import Profile
from workbook.render.flowables import (
    CheckItem,
    Heading,
    PageMap,
    Para,
    PromptedLines,
    ruled_table,
)
from workbook.render.fonts import FontSet
from workbook.render.theme import CELL_PAD_LEFT, CELL_PAD_RIGHT, LINK, Geometry, Styles, geometry

if TYPE_CHECKING:
    from workbook.brand import Brand


@dataclass(frozen=True)
class Context:
    pathway: Pathway
    profile: Profile
    plan: Plan
    playbook: Playbook
    text: WorkbookText
    fonts: FontSet
    styles: Styles
    geometry: Geometry
    pages: PageMap
    weeks: tuple[int, int] | None = None  # the working weeks whose pages are printed
    brand: Brand | None = None  # a career centre's name and logo for the cover
    fillable: bool = False  # the fillable edition: form fields over the boxes and lines

    def field(self, name: str | None) -> str | None:
        """A form field's name in the fillable edition (see workbook.fieldnames), else None."""
        return name if self.fillable else None

    def printed(self, number: int) -> bool:
        """Whether working week `number` gets its page in this book."""
        return self.weeks is None or self.weeks[0] <= number <= self.weeks[1]

    def safe(self, text: str) -> str:
        """User or content text → Paragraph markup that prints exactly that text."""
        return self.fonts.markup(text)

    def para(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Para(self.safe(text), style or self.styles.body)

    def bullet(self, text: str) -> Paragraph:
        return Para(self.safe(text), self.styles.bullet, bulletText="•")

    def prompt(self, text: str, field: str | None = None) -> PromptedLines:
        """A writing prompt with the ruled lines that fill the rest of its page under it; `field`
        names their text field in the fillable edition."""
        return PromptedLines(self.para(text, self.styles.prompt), field=self.field(field))

    def section(self, key: str, title: str) -> list[Flowable]:
        """A section's heading (bookmark + contents entry) and its one-line purpose."""
        tab = self.text.tabs.get(key)
        flowables: list[Flowable] = [
            Heading(self.safe(title), self.styles.h1, key=key, outline=title, tab=tab)
        ]
        intro = self.text.section_intros.get(key)
        if intro:
            flowables += [self.para(intro, self.styles.small), Spacer(0, 6)]
        return flowables

    def subheading(self, key: str, title: str, *, toc: bool = False) -> Heading:
        return Heading(self.safe(title), self.styles.h2, key=key, outline=title, level=1, toc=toc)

    def blocks(self, heading: Flowable, blocks: list[list[Flowable]]) -> list[Flowable]:
        """Blocks that each stay on one page, the heading kept with the first block.

        ReportLab's keepWithNext does not join a heading to a KeepTogether, so this does it.
        """
        return [
            KeepTogether(([heading] if index == 0 else []) + block)
            for index, block in enumerate(blocks)
        ] or [heading]

    def check(
        self,
        text: str,
        note: str = "",
        sheets: tuple[str, ...] = (),
        refs: tuple[tuple[str, str | None], ...] = (),
        field: str | None = None,
    ) -> CheckItem:
        """A tick box and its text; after the note each of `refs` (a label and the key of the
        heading it links to, if any), then the worksheets' pages, referenced and linked: one
        sheet's page alone, several each after its title. `field` names its checkbox in the
        fillable edition."""
        markup = self.safe(text)
        field = self.field(field)
        if note:
            markup += f' <font size="8" color="#5f5f5f">{self.safe(note)}</font>'
        if not sheets and not refs:
            return CheckItem(markup, self.styles.body, field)

        def linked() -> str:
            one = len(sheets) == 1
            titles = (
                [] if one else [(self.pathway.worksheet(s).title, sheet_key(s)) for s in sheets]
            )
            found = [
                self.safe(t) + (f" {self.page_ref(k)}" if k else "") for t, k in [*refs, *titles]
            ]
            more = f' <font size="8" color="#5f5f5f">{"; ".join(found)}</font>' if found else ""
            return markup + more + (f" {self.page_ref(sheet_key(sheets[0]))}" if one else "")

        return CheckItem(linked, self.styles.body, field)

    @staticmethod
    def link(key: str, markup: str) -> str:
        """`markup` (already safe) linked to the heading `key`, in the link colour."""
        return f'<a href="#{key}" color="{LINK}">{markup}</a>'

    def page_ref(self, key: str) -> str:
        """'→ p. 47' linked to the heading `key` (its page from the previous layout pass)."""
        page = self.pages.pages.get(key, "?")
        return self.link(key, f"<b>→\u00a0p.\u00a0{page}</b>")

    def weeks_ref(self, numbers: list[int]) -> str:
        """'weeks 5, 9–12', each run linked to its first weekly page when this book prints it."""
        parts = []
        for first, last in runs(numbers):
            text = str(first) if first == last else f"{first}–{last}"
            if self.printed(first):
                text = self.link(f"week-{first}", text)
            parts.append(text)
        return ("week " if len(numbers) == 1 else "weeks ") + ", ".join(parts)

    def height(self, flowables: list[Flowable]) -> float:
        """The room that flowables take in a page's frame, with the space around each."""
        width, height = self.geometry.frame_width, self.geometry.frame_height
        return sum(
            f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables
        )

    def table(self, rows: list[list], widths: list[float], header: bool = True) -> Table:
        """A plain ruled table; cells are Paragraphs or strings already made safe."""
        return ruled_table(rows, widths, self.fonts.regular, header)

    def columns(self, rows: list[list], *design: float | None) -> list[float]:
        """The column widths of `rows` on this page's frame (see `fit_columns`)."""
        return fit_columns(self.geometry.frame_width, rows, design, self.fonts)

    def shares(self, rows: list[list], *shares: float) -> list[float]:
        """The column widths of `rows` on this page's frame (see `share_columns`)."""
        return share_columns(self.geometry.frame_width, rows, shares, self.fonts)

    def cell(self, text: str, bold: bool = False) -> Paragraph:
        return self.para(text, self.styles.cell_bold if bold else self.styles.cell)

    def phase_number(self, phase_id: str) -> int:
        """A phase's number as printed: its place among the plan's phases (a replanned book
        numbers the phases left from 1)."""
        return [p.phase_id for p in self.plan.phases].index(phase_id) + 1


DESIGN_FRAME = geometry("a4").frame_width  # the frame that tables' design widths are drawn for
TABLE_TYPE = 10  # a plain string cell's size: ReportLab's default, which ruled_table keeps
NARROWEST_FLEX = 0.3  # of the frame: the width the flexible column keeps before others give


def fit_columns(
    width: float, rows: list[list], design: tuple[float | None, ...], fonts: FontSet
) -> list[float]:
    """Column widths for a frame `width` from a table's design: each column's width (points) on
    an A4 frame, or None for the flexible columns, which share the rest equally.

    On a wider frame the design stands and the flexible columns take the extra. On a narrower
    one the designed columns shrink with the frame, never below their longest word; if the
    flexible ones are then left under NARROWEST_FLEX of the frame (or their longest words), the
    others give them what they hold beyond their longest words, in proportion.
    """
    flexible = [i for i, d in enumerate(design) if d is None]
    least = [_longest_word(rows, column, fonts) for column in range(len(design))]
    scale = min(1.0, width / DESIGN_FRAME)
    wanted = max(NARROWEST_FLEX * width, len(flexible) * max(least[i] for i in flexible))
    for i in flexible:  # what they need is `wanted`; they give nothing
        least[i] = 0.0
    widths = [
        0.0 if d is None else max(d * scale, low) for d, low in zip(design, least, strict=True)
    ]
    short = wanted - (width - sum(widths))
    spare = sum(widths) - sum(least)
    if short > 0 and spare > 0:
        give = min(1.0, short / spare)
        widths = [w - (w - low) * give for w, low in zip(widths, least, strict=True)]
    rest = (width - sum(widths)) / len(flexible)
    return [rest if d is None else w for d, w in zip(design, widths, strict=True)]


def share_columns(
    width: float, rows: list[list], shares: tuple[float, ...], fonts: FontSet
) -> list[float]:
    """Column widths for a frame `width`: each column its share of it, but never narrower than
    its longest word; the columns with room beyond their own longest words give what that takes,
    in proportion to that room."""
    least = [_longest_word(rows, column, fonts) for column in range(len(shares))]
    widths = [share * width for share in shares]
    short = sum(max(0.0, low - w) for w, low in zip(widths, least, strict=True))
    if not short:
        return widths
    spare = sum(max(0.0, w - low) for w, low in zip(widths, least, strict=True))
    give = min(1.0, short / spare) if spare else 0.0
    return [w - (w - low) * give if w > low else low for w, low in zip(widths, least, strict=True)]


def _longest_word(rows: list[list], column: int, fonts: FontSet) -> float:
    """The widest unbreakable word in a column's cells, with the cell's padding."""
    words = [0.0]
    for row in rows:
        cell = row[column]
        if isinstance(cell, Paragraph):
            words.append(cell.minWidth())
        elif isinstance(cell, str) and cell.strip():
            words += [fonts.width(word, fonts.regular, TABLE_TYPE) for word in cell.split()]
    return max(words) + CELL_PAD_LEFT + CELL_PAD_RIGHT


def sheet_key(sheet_id: str) -> str:
    """The bookmark key of a worksheet's first page."""
    return f"sheet-{sheet_id}"


def runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Week numbers in order → runs of consecutive ones: [3, 4, 5, 9] → [(3, 5), (9, 9)]."""
    found: list[tuple[int, int]] = []
    for number in numbers:
        if found and found[-1][1] == number - 1:
            found[-1] = (found[-1][0], number)
        else:
            found.append((number, number))
    return found
