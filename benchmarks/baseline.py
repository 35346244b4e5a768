"""The floor: ReportLab drawing workbook-shaped pages straight on a canvas, with the same embedded
TrueType fonts, no layout engine. Each page has a heading, 30 lines of body text in regular,
bold and italic, a few rules, an hours grid of boxes, a filled box and a footer, and the PDF is
written as the tool writes its own (compressed, invariant)."""

from __future__ import annotations

import io

from common import Sample, samples_summary, timed
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from workbook.render.fonts import load_fonts

FACES = ("regular", "bold", "italic")
WORDS = (
    *("model", "evaluation", "prompt", "latency", "users", "metric", "roadmap", "discovery"),
    *("interview", "prototype", "risk", "review", "budget", "vendor", "privacy", "dataset"),
    *("label", "drift", "launch", "feedback", "experiment", "retention", "stakeholder", "cost"),
    *("accuracy", "guardrail", "workflow", "outcome", "backlog", "pricing", "ethics", "week"),
)
BODY_LINES = 30


def register() -> dict[str, str]:
    """The tool's own font files (as load_fonts registers them), under names of the baseline's."""
    faces = load_fonts().faces
    names = {}
    for face in FACES:
        path = pdfmetrics.getFont(faces[face]).face.filename
        names[face] = f"Baseline-{face}"
        pdfmetrics.registerFont(TTFont(names[face], path))
    return names


def draw(pages: int, fonts: dict[str, str]) -> bytes:
    """A PDF of `pages` workbook-shaped pages."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, invariant=1, pageCompression=1)
    width, height = letter
    margin = 54
    for page in range(1, pages + 1):
        canvas.setFont(fonts["bold"], 16)
        canvas.drawString(margin, height - margin, f"Week {page}: {WORDS[page % len(WORDS)]}")
        canvas.setLineWidth(0.6)
        canvas.line(margin, height - margin - 8, width - margin, height - margin - 8)
        y = height - margin - 30
        for line in range(BODY_LINES):
            face = "italic" if line % 10 == 9 else "bold" if line % 10 == 0 else "regular"
            canvas.setFont(fonts[face], 10)
            canvas.drawString(margin, y, _sentence(page * BODY_LINES + line))
            y -= 13
        for column in range(7):  # an hours grid: a box a day
            canvas.rect(margin + column * 70, y - 40, 60, 30)
        canvas.setFillGray(0.92)
        canvas.roundRect(margin, y - 110, width - 2 * margin, 56, 4, fill=1)
        canvas.setFillGray(0)
        for rule in range(3):  # ruled writing lines
            canvas.line(margin, y - 140 - rule * 22, width - margin, y - 140 - rule * 22)
        canvas.setFont(fonts["regular"], 8)
        canvas.drawRightString(width - margin, margin / 2, f"Bench Mark · page {page}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _sentence(n: int) -> str:
    """A line of about 90 characters, different from line to line."""
    words = [WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(13)]
    return " ".join(words).capitalize() + "."


def measure(pages: int, repeats: int) -> dict:
    """The baseline for `pages` pages: the first run, then `repeats` timed runs."""
    fonts = register()
    first, data = timed(lambda: draw(pages, fonts))
    runs: list[Sample] = [timed(lambda: draw(pages, fonts))[0] for _ in range(repeats)]
    return {
        "pages": pages,
        "bytes": len(data),
        "first_ms": samples_summary([first], 1000),
        "ms": samples_summary(runs, 1000),
        "ms_per_page": samples_summary(runs, 1000 / pages),
    }
