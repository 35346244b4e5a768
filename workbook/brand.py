"""A career centre's brand file → its name, logo, accent colour and footer line, checked.

```yaml
name: Northside Career Centre      # printed on the cover
logo: logo.png                     # optional; PNG or JPEG, beside this file or a path
accent: "#1f4e79"                  # optional; headings, bars and the cover title
footer: Northside Career Centre · careers@northside.example   # optional; on every page
```

The logo is read through the image guards, then scaled down to what print needs at the size the
cover shows it (300 dpi) and re-encoded once, so a 12-megapixel photo does not travel into every
workbook of a cohort. The accent must keep contrast on white paper once printed in black and
white: its grey must be dark enough for text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from PIL import Image
from pydantic import AfterValidator

from workbook.content import Model, text_type
from workbook.inputfiles import read_image
from workbook.text import printable
from workbook.yamlfile import load_model

MAX_BYTES = 16 * 1024
LOGO_MM = (40, 15)  # the largest box the cover gives a logo, width x height
PRINT_DPI = 300
MIN_CONTRAST = 4.5  # against white, in grey: the WCAG ratio for body text


def gray(hex_colour: str) -> float:
    """The grey a black-and-white printer makes of `#rrggbb`, 0 (black) to 1 (white)."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


def contrast_on_white(grey: float) -> float:
    """The WCAG contrast ratio of a grey against white paper."""
    linear = grey / 12.92 if grey <= 0.04045 else ((grey + 0.055) / 1.055) ** 2.4
    return 1.05 / (linear + 0.05)


def _accent(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError("must be a colour written #rrggbb, such as #1f4e79")
    ratio = contrast_on_white(gray(value))
    if ratio < MIN_CONTRAST:
        raise ValueError(
            f"{value} prints as a light grey in black and white (contrast {ratio:.1f}:1 on "
            f"white, at least {MIN_CONTRAST}:1 is needed); choose a darker colour"
        )
    return value.lower()


class BrandFile(Model):
    name: text_type(80, printable)
    logo: text_type(500, printable) | None = None
    accent: Annotated[str, AfterValidator(_accent)] | None = None
    footer: text_type(120, printable) | None = None


@dataclass(frozen=True)
class Brand:
    name: str
    logo: bytes | None  # PNG or JPEG bytes, already scaled for print
    accent: str | None  # #rrggbb
    footer: str | None


def load_brand(path: Path) -> Brand:
    """Read a brand file and its logo; every problem names the file and the field."""
    data = load_model(path, BrandFile, MAX_BYTES, "brand")
    logo = None
    if data.logo:
        logo_path = Path(data.logo)
        logo = _for_print(
            read_image(logo_path if logo_path.is_absolute() else path.parent / logo_path)
        )
    return Brand(data.name, logo, data.accent, data.footer)


def _for_print(data: bytes) -> bytes:
    """The image at most as many pixels as the logo box needs at print resolution, re-encoded
    without metadata (so the same logo gives the same bytes, and every book embeds it once)."""
    box = tuple(round(size / 25.4 * PRINT_DPI) for size in LOGO_MM)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        kind = image.format
        if image.width > box[0] or image.height > box[1]:
            image.thumbnail(box, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if kind == "JPEG":
            image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
        else:
            image.save(out, "PNG", optimize=True)
    return out.getvalue()
