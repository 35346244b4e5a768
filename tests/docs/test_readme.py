"""The README's tables say what the code does."""

from __future__ import annotations

from pathlib import Path

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
