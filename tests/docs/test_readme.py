"""The README's tables say what the code does."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from click.testing import CliRunner

from conftest import WHOLE, build
from workbook.cli import main
from workbook.paper import PRESETS

README = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_paper_table_lists_every_preset_with_its_size_and_margin():
    for preset in PRESETS.values():
        row = (
            f"| `{preset.name}` | {preset.title} | {preset.width:g} x {preset.height:g} mm "
            f"| {preset.margin:g} mm |"
        )
        assert row in README, row
    listed = [line for line in README.splitlines() if line.startswith("| `") and " mm |" in line]
    assert len(listed) == len(PRESETS)


def test_the_fillable_field_names_the_readme_shows_are_in_a_fillable_book(library):
    book = build(library, dataclasses.replace(WHOLE, edition="fillable"))
    section = README.split("### The fillable edition")[1].split("\n## ")[0]
    shown = re.findall(r"`([a-z0-9-]+(?:\.[a-z0-9-]+)+)`", section)
    assert len(shown) >= 5
    assert set(shown) - {"workbook/fieldnames.py"} <= set(book.reader.get_fields())


def test_every_flag_in_the_editions_table_is_one_generate_takes():
    table = README.split("## Editions")[1].split("\n### ")[0]
    flags = set(re.findall(r"(?<![-\w])(--[a-z][a-z-]*)", table))
    usage = CliRunner().invoke(main, ["generate", "--help"], terminal_width=200).output
    assert flags and all(flag in usage for flag in flags)
