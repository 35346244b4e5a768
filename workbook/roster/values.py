"""Cell text → the id, number, date or weeks off it holds, or why it is refused."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from workbook.messages import shown
from workbook.profile import EARLIEST_START, LATEST_START


def id_text(value: Any) -> str:
    """An id cell as text: Excel's 1001.0 is the id 1001."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")


def read_number(value: Any, what: str, example: str) -> tuple[Any, str]:
    """A text cell → (the number it holds, ''), or (value, why it is refused). Only a plain
    number is read: '7.5' and '7,5' (a decimal comma) are; '1,000', '1_0' and '0xC' are not."""
    if not isinstance(value, str):
        return value, ""  # a number from Excel; the profile checks it
    text = value.strip()
    if text.isdigit() and text.isascii():  # the usual cell, read without the checks below
        return int(text), ""
    if not _PLAIN_NUMBER.fullmatch(text):
        return value, f"must be {what} written with digits, such as {example}, not {shown(text)}"
    if _THOUSANDS.fullmatch(text):  # 1,000 or 1.000: a thousand, or one with three decimals?
        as_decimal = float(text.replace(",", "."))
        return value, (
            f"{shown(text)} is unclear: write {re.sub('[.,]', '', text)} "
            f"or {as_decimal:g}, without a thousands separator"
        )
    if "." in text or "," in text:
        return float(text.replace(",", ".")), ""
    return int(text), ""


def serial_date(value: Any, epoch: dt.datetime) -> dt.date | None:
    """A whole number that Excel would show as a date in the years a plan may start, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    from openpyxl.utils.datetime import from_excel

    try:
        day = from_excel(value, epoch).date()
    except (OverflowError, ValueError):
        return None
    return day if EARLIEST_START <= day <= LATEST_START else None


def parse_weeks_off(text: str) -> list[dict[str, str]] | str:
    """'2027-02-15..2027-02-21; 2027-04-05..2027-04-09' → [{from, to}, ...]; bad text is kept."""
    spans = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        start, sep, end = part.partition("..")
        if not sep:
            return text
        spans.append({"from": start.strip(), "to": end.strip()})
    return spans
