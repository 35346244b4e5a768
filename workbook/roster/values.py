"""Cell text → the id, number, date or weeks off it holds, or why it is refused."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from workbook.messages import shown
from workbook.profile import EARLIEST_START, LATEST_START


def id_text(value: Any) -> str:
    """An id cell as text: Excel's 1001.0 is the id 1001."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}[.,][0-9]{3}")
MAX_DIGITS = 30  # as in YAML (workbook/yamldialect.py): a longer number is nobody's hours
_TEXT_NUMBER = re.compile(r"\s*[+-]?\d+(?:[.,]\d+)?\s*")  # \d: digits of any script


def read_number(value: Any, what: str, example: str) -> tuple[Any, str]:
    """A text cell → (the number it holds, ''), or (value, why it is refused). Only a plain
    number is read: '7.5' and '7,5' (a decimal comma) are; '1,000', '1_0' and '0xC' are not.

    Digits are 0-9, as in a YAML profile: full-width or Arabic-Indic digits are refused, with
    the number to type instead, so that every kind of roster reads one way."""
    if isinstance(value, bool):  # an Excel TRUE/FALSE cell
        return value, f"must be {what}, such as {example}, not {str(value).upper()}"
    if not isinstance(value, str):
        return value, ""  # a number from Excel; the profile checks it
    text = value.strip()
    if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:  # the usual cell
        return int(text), ""
    refused = digits_problem(text, what, example)
    if refused:
        return value, refused
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


def digits_problem(text: str, what: str, example: str) -> str:
    """Why a number written as text is refused before it is read: digits other than 0-9, or
    more of them than any hours or level has; '' when neither."""
    if not _TEXT_NUMBER.fullmatch(text):
        return ""
    count = sum(ch.isdigit() for ch in text)
    if not text.isascii():
        other = next(ch for ch in text if ch.isdigit() and not ch.isascii())
        script = unicodedata.name(other, "").partition(" DIGIT")[0]
        kind = "full-width" if script == "FULLWIDTH" else script.title() or "other"
        typed = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in text.strip())
        return f"{shown(text.strip())} is written with {kind} digits; write it with 0-9: {typed}"
    if count > MAX_DIGITS:
        return f"must be {what}, such as {example}, not a number {count:,} digits long"
    return ""


_TYPE_A_DATE = "type the date as YYYY-MM-DD"
_EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}


def sheet_date(value: Any, epoch: dt.datetime) -> tuple[Any, str, str]:
    """A start date as an Excel cell holds it → (value, why it is refused, note).

    openpyxl gives a date cell as a date-time, a date, a time of day (a serial from 0 to 1, or
    an ISO time), a duration (a serial under a duration format), and any other cell as a
    number, true/false or text. A date-time at midnight is its date, and a whole number in the
    years a plan may start is the date Excel would show for it (with a note); text goes on to
    the profile's own check. Everything else is refused here, in words that fit the cell.
    """
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            return value, "holds a time; give the date only", ""
        return value.date(), "", ""
    if isinstance(value, str) and value.strip() in _EXCEL_ERRORS:
        return value, f"holds the Excel error {value.strip()}, not a date; {_TYPE_A_DATE}", ""
    if isinstance(value, dt.date | str):
        return value, "", ""
    if isinstance(value, dt.time):
        if value == dt.time():
            message = "holds 0 (Excel shows it as 1900-01-00 or 00:00), which is no date"
            return value, f"{message}; {_TYPE_A_DATE}", ""
        return value, f"holds only a time of day ({value:%H:%M}), no date; {_TYPE_A_DATE}", ""
    if isinstance(value, dt.timedelta):
        return value, f"holds a duration ({_duration(value)}), not a date; {_TYPE_A_DATE}", ""
    if isinstance(value, bool):
        return value, f"holds {str(value).upper()}, not a date; {_TYPE_A_DATE}", ""
    if not isinstance(value, int | float):
        return value, f"holds {shown(value)}, not a date; {_TYPE_A_DATE}", ""
    day = _excel_day(value, epoch)
    if day is None:  # 0 (Excel's 1900-01-00), a time of day, or beyond Excel's calendar
        return value, f"holds the number {shown(value)}, which is no date; {_TYPE_A_DATE}", ""
    if isinstance(value, float) and not value.is_integer():
        message = f"holds the number {shown(value)}, a date ({day}) with a time; give the date only"
        return value, message, ""
    if not EARLIEST_START <= day <= LATEST_START:
        message = (
            f"holds the number {shown(value)}, which as an Excel date is {day.isoformat()}: "
            f"not between {EARLIEST_START} and {LATEST_START}; {_TYPE_A_DATE}"
        )
        return value, message, ""
    note = (
        f"was the number {value:g}, read as the Excel date {day.isoformat()} "
        "(format the column as dates to avoid this note)"
    )
    return day, "", note


def _excel_day(value: int | float, epoch: dt.datetime) -> dt.date | None:
    """The day an Excel serial number falls on, or None when it is no day (0 to 1 is a time)."""
    from openpyxl.utils.datetime import from_excel

    if not math.isfinite(value) or abs(value) > 10**7:  # Excel's last day is 2958465
        return None
    try:
        found = from_excel(value, epoch)
    except (OverflowError, ValueError):
        return None
    return found.date() if isinstance(found, dt.datetime) else None


def _duration(value: dt.timedelta) -> str:
    hours, rest = divmod(abs(int(value.total_seconds())), 3600)
    return f"{'-' if value < dt.timedelta() else ''}{hours}:{rest // 60:02d} hours"


def parse_weeks_off(text: str) -> list[dict[str, str]] | str:
    """'2027-02-15..2027-02-21; 2027-04-05..2027-04-09' → [{from, to}, ...]; bad text is kept."""
    spans = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        start, sep, end = part.partition("..")
        if not sep:
            return text
        spans.append({"from": start.strip(), "to": end.strip()})
    return spans
