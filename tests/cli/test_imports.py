"""The command line answers --help and --version without loading the PDF, validation or batch
machinery: each command imports what it uses when it runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = {"reportlab", "pypdf", "pikepdf", "pydantic", "openpyxl", "icalendar", "PIL"}
HEAVY_OWN = {"workbook.batch", "workbook.build", "workbook.content", "workbook.cohortrun"}


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    script = f"import sys\n{code}\nprint(' '.join(sys.modules))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.splitlines()[-1].split())  # the last line: after any --help


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY_OWN}


def test_importing_the_command_line_loads_no_heavy_module():
    modules = loaded_after("import workbook.cli")
    assert "click" in modules and "workbook.cli" in modules
    assert heavy(modules) == set()


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["generate", "--help"], ["batch", "--help"]]
)
def test_help_and_version_load_no_heavy_module(args):
    code = f"from workbook.cli import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass"
    modules = loaded_after(code)
    assert "workbook.cli" in modules
    assert heavy(modules) == set()


def test_the_check_sees_a_heavy_module_when_a_command_loads_it():
    modules = loaded_after("import workbook.cli\nimport workbook.cohortrun")
    assert {"reportlab", "pypdf", "workbook.batch"} <= heavy(modules)


def test_generating_a_book_loads_neither_pypdf_nor_the_batch_or_roster_machinery(tmp_path):
    """pypdf reads PDFs back and imposes booklets; a plain book needs neither."""
    out = str(tmp_path / "book.pdf")
    code = (
        "from workbook.cli import main\ntry:\n"
        f"    main(['generate', '--out', {out!r}, '--weeks', '1-1'])\nexcept SystemExit:\n    pass"
    )
    modules = loaded_after(code)
    assert (tmp_path / "book.pdf").stat().st_size > 10_000
    assert {"reportlab", "pikepdf", "workbook.build"} <= heavy(modules)
    assert not heavy(modules) & {"pypdf", "openpyxl", "icalendar", "workbook.batch"}
