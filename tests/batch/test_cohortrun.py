"""`run_cohort`: a roster → workbooks, manifest and packs, called without the command line."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from test_batch import read_manifest, roster, tiny_pdf

from conftest import AI_PM
from workbook import batch as batch_module
from workbook.cohortrun import BatchOptions, run_cohort
from workbook.errors import InputError
from workbook.options import Options

ROWS = [
    ["", "Ada", AI_PM, "2027-01-04", "10"],
    ["", "Bo", "astronaut", "2027-01-04", "10"],
    ["", "Cy", AI_PM, "2027-01-04", "11"],
]


class Ticks:
    """A progress callback that records the total and each row's status."""

    def __init__(self) -> None:
        self.seen: list = []

    @contextmanager
    def __call__(self, total: int):
        self.seen.append(total)
        yield lambda entry: self.seen.append(entry.status)


@pytest.fixture
def cohort(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    return roster(tmp_path / "cohort.csv", ROWS)


def test_a_run_builds_the_rows_and_reports_counts_and_files(cohort, tmp_path):
    out, ticks = tmp_path / "out", Ticks()
    options = BatchOptions(out=out, workers=1, merge=True, zip=True, books=Options(paper="a4"))
    result = run_cohort(cohort, options, ticks)
    assert (result.rows, result.built, result.failed) == (3, 2, 1)
    assert result.unmade == () and result.preview is None
    assert ticks.seen == [3, "ok", "error", "ok"]
    assert sorted(path.name for path in result.files) == [
        "cohort-print.pdf",
        "cohort.zip",
        "facilitator.csv",
        "facilitator.pdf",
        "manifest.csv",
        "manifest.json",
    ]
    assert all(path.parent == out and path.is_file() for path in result.files)
    manifest = read_manifest(out)
    assert [m["status"] for m in manifest] == ["ok", "error", "ok"]
    assert all((out / m["file"]).is_file() for m in manifest if m["status"] == "ok")


def test_a_preview_builds_one_row_and_writes_no_pack(cohort, tmp_path):
    out = tmp_path / "out"
    result = run_cohort(cohort, BatchOptions(out=out, workers=1, preview=4), Ticks())
    assert (result.rows, result.built, result.failed, result.files) == (1, 1, 0, ())
    assert result.preview is not None and result.preview.is_file()
    assert [path.name for path in out.iterdir() if not path.name.startswith(".")] == [
        result.preview.name
    ]
    failed = run_cohort(cohort, BatchOptions(out=out, workers=1, preview=3), Ticks())
    assert (failed.rows, failed.failed, failed.preview) == (1, 1, None)


def test_a_check_counts_the_problems_and_writes_nothing(cohort, tmp_path):
    out = tmp_path / "out"
    result = run_cohort(cohort, BatchOptions(out=out, check=True), Ticks())
    assert (result.rows, result.built, result.failed, result.files) == (3, 0, 1, ())
    assert not out.exists()


def test_a_roster_that_cannot_be_read_raises_the_input_problem(tmp_path):
    with pytest.raises(InputError) as caught:
        run_cohort(tmp_path / "missing.csv", BatchOptions(out=tmp_path / "out"), Ticks())
    assert "missing.csv" in str(caught.value.problems[0])
    assert not (tmp_path / "out").exists()


def test_a_folder_that_cannot_be_made_is_one_input_problem(cohort, tmp_path):
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    out = tmp_path / "taken" / "out"
    with pytest.raises(InputError) as caught:
        run_cohort(cohort, BatchOptions(out=out, workers=1), Ticks())
    assert str(caught.value.problems[0]).startswith(f"{out}: cannot be written")
