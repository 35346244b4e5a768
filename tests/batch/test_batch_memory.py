"""Memory flat in the number of rows: rows are read a block at a time, at most a window of them is
in flight, what the batch must remember of earlier rows is kept on disk, and the packs read the
run back from a file; the guarantees of a whole-roster run still hold across blocks."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from test_batch import read_manifest, roster, tiny_pdf

from conftest import AI_PM
from workbook import batch as batch_module
from workbook.batch import Entry, file_names
from workbook.cli import main
from workbook.cohort import Ledger, write_manifest_json
from workbook.errors import InputError
from workbook.options import Options
from workbook.profile import Profile
from workbook.roster import Row, check, iter_roster, seen
from workbook.roster.seen import BLOCK, Seen


def test_seen_is_setdefault_across_blocks_loaded_or_not():
    seen = Seen()
    seen.load([1, "a"])
    assert seen.setdefault(1, 10) == 10
    assert seen.setdefault(1, 11) == 10  # the first value stays, within a block
    assert seen.setdefault("a", 12) == 12
    seen.save()
    seen.load([1, 2])
    assert seen.setdefault(1, 13) == 10  # and in a later block
    assert seen.setdefault(2, 14) == 14
    assert seen.setdefault("a", 15) == 12  # a key not loaded first is looked up alone
    assert seen.setdefault("b", 16) == 16
    seen.save()
    assert seen.setdefault("b", 17) == 16
    seen.close()


def test_the_roster_is_read_a_block_at_a_time(tmp_path, library, monkeypatch):
    rows = [["", f"P{n}", AI_PM, "2027-01-04", "9"] for n in range(BLOCK * 3)]
    path = roster(tmp_path / "cohort.csv", rows)
    checked = []
    original = check.Checker.check
    monkeypatch.setattr(
        check.Checker, "check", lambda self, cells: checked.append(1) or original(self, cells)
    )
    first = next(iter_roster(path, library.pathways))
    assert first.name == "P0" and len(checked) == BLOCK  # not the whole roster


def test_a_run_takes_rows_as_it_builds_them(tmp_path, library, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    profile = {"name": "Ada", "pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 9}
    taken = []

    def rows():
        for number in range(2, 12):
            taken.append(number)
            yield (
                Row(number, "", "Ada", Profile.model_validate(profile), library.pathways[AI_PM]),
                f"{number}.pdf",
            )

    entries = batch_module.run(rows(), tmp_path, Options(), workers=1)
    row, entry = next(entries)
    assert entry.row == row.number == 2 and entry.status == "ok"
    assert len(taken) <= 2  # one row in flight, and the one that showed it was done
    assert [entry.row for _, entry in entries] == list(range(3, 12))


def test_names_and_notes_hold_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    rows = [["x1", "Ann Lee", AI_PM, "2027-01-04", "9"]]
    rows += [["", f"P{n}", AI_PM, "2027-01-04", "9"] for n in range(BLOCK + 10)]
    rows += [
        ["X1", "ANN  LEE", AI_PM, "2027-01-04", "9"],
        ["x1", "Ann Lee", AI_PM, "2027-01-04", "10"],
    ]
    path = roster(tmp_path / "cohort.csv", rows)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(path), "--check"])
    assert "row 513, name: 'ANN  LEE' looks like the name in row 2" in result.stderr
    args = ["batch", str(path), "--out", str(out), "--workers", "1", "--quiet"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("looks like the name in row 2") == 2  # once each: read twice
    manifest = {int(m["row"]): m for m in read_manifest(out)}
    last, before = len(rows) + 1, len(rows)
    assert "differs from the id of row 2 only in case or width" in manifest[before]["message"]
    assert "'x1' is also the id of row 2" in manifest[last]["message"]
    assert manifest[2]["file"] == "x1-ann-lee.pdf"
    assert manifest[last]["file"] == f"x1-ann-lee-row{last}.pdf"  # the name is taken, blocks ago
    assert len({m["file"].lower() for m in manifest.values()}) == len(rows)


def test_the_streamed_manifest_is_the_list_json_would_write(tmp_path):
    with Ledger(tmp_path) as ledger:
        write_manifest_json(ledger, tmp_path)
        assert (tmp_path / "manifest.json").read_text(encoding="utf-8") == "[]\n"
        names = ["Ann", "line\nbreak\u2028sep", "lone \ud800", 'quote " and \\']
        entries = [
            Entry(n, "", name, "", 0, 0, "", "error", "m\u0085", "")
            for n, name in enumerate(names, 2)
        ]
        for entry in entries:
            ledger.add(Row(entry.row, "", entry.name), entry)
        write_manifest_json(ledger, tmp_path)
        expected = json.dumps([e.__dict__ for e in entries], indent=2, ensure_ascii=False) + "\n"
        assert (tmp_path / "manifest.json").read_bytes() == expected.encode(
            "utf-8", errors="replace"
        )


def test_a_preview_of_no_row_writes_nothing(tmp_path):
    path = roster(tmp_path / "cohort.csv", [["", "Ada", AI_PM, "2027-01-04", "9"]])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(out), "--preview", "9"])
    assert result.exit_code == 2 and "no roster row has that number" in result.stderr
    assert not out.exists()


def test_file_names_are_given_as_the_rows_come():
    rows = (Row(n, "a", "Same") for n in range(2, 2 + BLOCK * 2 + 1))
    named = file_names(rows)
    assert next(named)[1] == "a-same.pdf"  # before the rest of the roster is read
    assert [name for _, name in named][-1] == f"a-same-row{BLOCK * 2 + 2}.pdf"


def test_a_scratch_folder_that_fails_is_one_message(monkeypatch):
    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(seen.sqlite3, "connect", full)
    with pytest.raises(InputError) as caught:
        seen.Seen()
    [problem] = caught.value.problems
    assert "database or disk is full" in problem.message and "TMPDIR" in problem.message
