"""Dates and durations → the short, unambiguous English forms printed in the workbook."""

from __future__ import annotations

import datetime as dt

from workbook.profile import WeekStart, week_days

A_MONDAY = dt.date(2024, 1, 1)


def day(date: dt.date) -> str:
    """2 March 2026"""
    return f"{date.day} {date:%B %Y}"


def weekday(date: dt.date) -> str:
    """Monday 2 March 2026"""
    return f"{date:%A} {day(date)}"


def short(date: dt.date) -> str:
    """2 Mar 2026"""
    return f"{date.day} {date:%b %Y}"


def span(first: dt.date, last: dt.date) -> str:
    """2–8 Mar 2026, 30 Mar – 5 Apr 2026, 28 Dec 2026 – 3 Jan 2027"""
    if first.year != last.year:
        return f"{short(first)} – {short(last)}"
    if first.month != last.month:
        return f"{first.day} {first:%b} – {short(last)}"
    return f"{first.day}–{short(last)}"


def day_names(starts: WeekStart, form: str = "%a") -> list[str]:
    """A week's days in order from its first: Mon … Sun, or Sun … Sat ("%A": in full)."""
    return [f"{A_MONDAY + dt.timedelta(days=day):{form}}" for day in week_days(starts)]


def weeks(count: int, kind: str = "") -> str:
    """1 week, 3 weeks, 1 working week, 2 weeks off"""
    noun = "week" if count == 1 else "weeks"
    return f"{count} {kind} {noun}" if kind else f"{count} {noun}"


def week_range(first: int, last: int) -> str:
    """week 4, weeks 4–9"""
    return f"week {first}" if first == last else f"weeks {first}–{last}"


def hours(value: float) -> str:
    """12 h, 2.5 h, 0.75 h (plans are made in quarter hours)"""
    return f"{round(value, 2):g}\u00a0h"  # a no-break space: the unit never wraps alone
