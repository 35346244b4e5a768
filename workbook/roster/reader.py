"""A roster file (CSV, Excel or YAML) → its header, then its rows of cells one at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from workbook.errors import InputError
from workbook.roster.cells import NOT_A_MAPPING, Cells, Head
from workbook.roster.csvfile import csv_rows
from workbook.roster.xlsxfile import excel_rows
from workbook.yamlfile import read_yaml


def read_rows(path: Path, sheet: str | None = None) -> tuple[Head, Iterator[Cells]]:
    """The header, and the data rows one at a time; InputError when the file cannot be read."""
    if not path.exists():
        raise InputError.single(str(path), "file not found")
    if not path.is_file():
        raise InputError.single(str(path), "is not a regular file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        items = excel_rows(path, sheet)
    elif suffix in (".yaml", ".yml"):
        items = _yaml_rows(path)
    else:
        items = csv_rows(path)
    head = next(items)
    return head, items


def _yaml_rows(path: Path) -> Iterator[Head | Cells]:
    data, _ = read_yaml(path)
    if not isinstance(data, list):
        raise InputError.single(str(path), "must be a list of profiles")
    yield Head(None)
    for number, item in enumerate(data, start=1):  # the Nth profile in the list is row N
        yield Cells(number, item if isinstance(item, dict) else {NOT_A_MAPPING: item})
