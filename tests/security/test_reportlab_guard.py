"""ReportLab's own extension points stay shut: no settings file, no mods file, no RL_ reopening."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from reportlab.lib.colors import toColor
from reportlab.platypus import Paragraph

import workbook.render  # noqa: F401  (pins rl_config on import)
from workbook.render.fonts import load_fonts
from workbook.render.theme import Styles

PROBE = (
    "import workbook.render; from reportlab import rl_config; "
    "print(rl_config.toColorCanUse, rl_config.trustedHosts, rl_config.trustedSchemes)"
)


def test_home_settings_and_mods_files_are_never_run(tmp_path):
    home, marker = tmp_path / "home", tmp_path / "ran"
    home.mkdir()
    for name in (".reportlab_mods", ".reportlab_settings"):
        (home / name).write_text(f"open({str(marker)!r}, 'w').write('x')\n", encoding="utf-8")
    (tmp_path / "reportlab_mods.py").write_text(f"open({str(marker)!r}, 'w')\n", encoding="utf-8")
    env = {
        **os.environ,
        "HOME": str(home),
        "RL_toColorCanUse": "rl_safe_eval",
        "RL_trustedHosts": "*",
        "PYTHONPATH": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["None", "None", "[]"]
    assert not marker.exists()


def test_colours_are_parsed_never_evaluated():
    assert toColor("#173d6b") is not None
    try:
        toColor("Color(1, 0, 0)")
    except ValueError:
        pass
    else:
        raise AssertionError("a colour expression was evaluated")


def test_no_url_is_ever_fetched_for_an_image():
    """Markup that bypassed escaping still could not fetch a URL or a file: URL (a plain path
    would be read, which is why every input string is escaped where it becomes markup)."""
    styles = Styles(load_fonts())
    for source in ("file:///etc/passwd", "http://127.0.0.1:9/x.png", "data:image/png;base64,AA"):
        with pytest.raises(OSError, match="Cannot open resource"):
            Paragraph(f'<img src="{source}" width="10" height="10"/>', styles.body).wrap(100, 100)
