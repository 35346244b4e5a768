"""A batch never loses a person, an input or its manifest, whatever one row or one pack does."""

from __future__ import annotations

import json
from contextlib import nullcontext
from types import SimpleNamespace

import pypdf
import yaml
from click.testing import CliRunner
from test_batch import read_manifest, roster, tiny_pdf

from conftest import AI_PM
from workbook import batch as batch_module
from workbook.cli import main


def run(*args: str):
    return CliRunner().invoke(main, ["batch", *args, "--workers", "1", "--quiet"])


def test_a_person_named_like_the_print_file_keeps_their_workbook(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    path = roster(
        tmp_path / "cohort.csv",
        [["cohort", "Print", AI_PM, "2027-01-04", "10"], ["", "Ada", AI_PM, "2027-01-04", "10"]],
    )
    out = tmp_path / "out"
    monkeypatch.setattr(
        "workbook.cohortrun.separator_pages",
        lambda group, library, options: nullcontext(SimpleNamespace(pages=[None] * len(group))),
    )
    monkeypatch.setattr(
        "workbook.cohortrun.merge_pdfs", lambda books, seps, target, pages: [target]
    )
    result = run(str(path), "--out", str(out), "--merge")
    assert result.exit_code == 0, result.output
    entry = read_manifest(out)[0]
    assert entry["status"] == "ok" and entry["file"] != "cohort-print.pdf"
    assert entry["file"].startswith("cohort-print-row2")
    assert (out / entry["file"]).exists()


def test_the_roster_is_never_overwritten_by_the_manifest(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    manifest = roster(out / "manifest.csv", [["", "Ada", AI_PM, "2027-01-04", "10"]])
    before = manifest.read_bytes()
    result = run(str(manifest), "--out", str(out))
    assert result.exit_code == 2
    assert "is an input of this run" in result.stderr and "Traceback" not in result.output
    assert manifest.read_bytes() == before


def test_generate_never_writes_over_its_profile(tmp_path):
    profile = tmp_path / "book.pdf"
    profile.write_text(
        f"name: Ada\npathway: {AI_PM}\nstart_date: 2027-01-04\nhours_per_week: 10\n",
        encoding="utf-8",
    )
    before = profile.read_bytes()
    result = CliRunner().invoke(
        main, ["generate", "--profile", str(profile), "--out", str(profile)]
    )
    assert result.exit_code == 2
    assert f"error: {profile}: is an input of this run" in result.stderr
    assert profile.read_bytes() == before


def test_a_folder_in_the_way_fails_that_row_only(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    path = roster(
        tmp_path / "cohort.csv",
        [["a1", "Ada", AI_PM, "2027-01-04", "10"], ["b2", "Bo", AI_PM, "2027-01-04", "10"]],
    )
    out = tmp_path / "out"
    (out / "a1-ada.pdf").mkdir(parents=True)
    result = run(str(path), "--out", str(out))
    assert result.exit_code == 1
    manifest = {m["id"]: m for m in read_manifest(out)}
    assert manifest["a1"]["status"] == "error" and "cannot be written" in manifest["a1"]["message"]
    assert manifest["b2"]["status"] == "ok" and (out / manifest["b2"]["file"]).is_file()


def test_a_huge_rejected_name_still_gets_the_pack_and_the_manifest(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    huge = "X" * 10_000
    path = roster(
        tmp_path / "cohort.csv",
        [["", huge, AI_PM, "2027-01-04", "10"], ["", "Ada", AI_PM, "2027-01-04", "10"]],
    )
    out = tmp_path / "out"
    result = run(str(path), "--out", str(out))
    assert result.exit_code == 1
    assert (out / "facilitator.pdf").stat().st_size > 0
    assert [m["status"] for m in read_manifest(out)] == ["error", "ok"]


def test_a_lone_surrogate_never_costs_the_manifest(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    people = [
        {"name": "Anna\ud800", "pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 9},
        {"name": "Bo", "pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 9},
    ]
    path = tmp_path / "cohort.yaml"
    path.write_text(yaml.safe_dump(people, allow_unicode=False), encoding="utf-8")
    out = tmp_path / "out"
    run(str(path), "--out", str(out))
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(rows) == 2 and rows[1]["status"] == "ok"
    assert len(read_manifest(out)) == 2


def test_a_failing_pack_is_reported_and_the_others_are_still_made(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)

    def broken(*args):
        raise RuntimeError("the pack broke")

    monkeypatch.setattr("workbook.cohortrun.write_facilitator_pdf", broken)
    path = roster(tmp_path / "cohort.csv", [["", "Ada", AI_PM, "2027-01-04", "10"]])
    out = tmp_path / "out"
    result = run(str(path), "--out", str(out), "--zip")
    assert result.exit_code == 1
    assert "error: the facilitator pack could not be made: RuntimeError: the pack broke" in (
        result.stderr
    )
    assert (out / "manifest.csv").exists() and (out / "cohort.zip").exists()


def test_a_small_roster_starts_no_more_workers_than_rows(tmp_path, monkeypatch):
    started = {}

    class Pool:
        def __init__(self, max_workers, initializer):
            started["workers"] = max_workers

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, function, job):
            return batch_module._built_now(job)

    monkeypatch.setattr(batch_module, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    rows = [["", name, AI_PM, "2027-01-04", "10"] for name in ("Ada", "Bo")]
    path = roster(tmp_path / "cohort.csv", [*rows, ["", "Cy", "astronaut", "2027-01-04", "10"]])
    args = ["batch", str(path), "--out", str(tmp_path / "out"), "--workers", "40", "--quiet"]
    assert CliRunner().invoke(main, args).exit_code == 1
    assert started["workers"] == 2  # two rows to build: the row in error needs no worker
    started.clear()
    path = roster(tmp_path / "one.csv", rows[:1])
    args = ["batch", str(path), "--out", str(tmp_path / "one"), "--workers", "40", "--quiet"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert started == {}  # one row is built in this process


def test_the_pack_lists_the_first_rows_in_error_and_the_csv_all_of_them(tmp_path):
    path = roster(
        tmp_path / "cohort.csv", [["", f"P{n}", "astronaut", "2027-01-04", "9"] for n in range(230)]
    )
    out = tmp_path / "out"
    result = run(str(path), "--out", str(out))
    assert result.exit_code == 1
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out / "facilitator.pdf").pages)
    assert "30 more rows in error are listed in facilitator.csv." in text
    with (out / "facilitator.csv").open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == 231


def test_a_folder_where_the_manifest_goes_costs_only_the_manifest(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    path = roster(tmp_path / "cohort.csv", [["", "Ada", AI_PM, "2027-01-04", "10"]])
    out = tmp_path / "out"
    (out / "manifest.csv").mkdir(parents=True)
    result = run(str(path), "--out", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: the manifest.csv could not be written: Is a directory" in result.stderr
    for made in ("manifest.json", "facilitator.pdf", "facilitator.csv"):
        assert (out / made).is_file(), made


def test_a_rerun_clears_what_a_killed_run_left_half_written(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    path = roster(tmp_path / "cohort.csv", [["a1", "Ada", AI_PM, "2027-01-04", "10"]])
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".a1-ada.pdf.x1y2.tmp", out / ".cohort-print.pdf.k9z.tmp"]
    mine = out / ".notes.txt.abc.tmp"  # not the tool's: left alone
    for file in [*stale, mine]:
        file.write_bytes(b"half")
    assert run(str(path), "--out", str(out), "--resume").exit_code == 0
    assert not any(file.exists() for file in stale) and mine.exists()
