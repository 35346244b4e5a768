"""Output failures: one clear message each, and never a partial file under a final name."""

from __future__ import annotations

import errno
import os

from click.testing import CliRunner

from conftest import AI_PM
from workbook import files
from workbook.cli import main

PROFILE = f"name: Ada\npathway: {AI_PM}\nstart_date: 2027-01-04\nhours_per_week: 40\n"


def generate(tmp_path, out):
    profile = tmp_path / "me.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    return CliRunner().invoke(main, ["generate", "--profile", str(profile), "--out", str(out)])


def test_an_out_that_is_a_file_of_another_kind_gets_one_message(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    result = generate(tmp_path, notes)
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1
    assert f"error: {notes}: is a file; give a folder, or a name ending .pdf" in result.stderr
    assert "Traceback" not in result.output and notes.read_text(encoding="utf-8") == "mine"


def test_a_full_disk_leaves_no_partial_pdf(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    out = tmp_path / "book.pdf"
    result = generate(tmp_path, out)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr and "Traceback" not in result.output
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".book.pdf")]


def test_a_folder_or_a_pipe_at_the_pdf_name_gets_one_message(tmp_path):
    folder = tmp_path / "book.pdf"
    folder.mkdir()
    result = generate(tmp_path, folder)
    assert result.exit_code == 2 and f"error: {folder}: is a folder" in result.stderr
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    result = generate(tmp_path, pipe)
    assert result.exit_code == 2 and "is not a regular file" in result.stderr
    assert pipe.is_fifo()


def test_plan_never_writes_over_its_profile(tmp_path):
    profile = tmp_path / "me.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    args = ["plan", "--profile", str(profile), "--format", "json", "--out", str(profile)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "is an input of this run" in result.stderr
    assert profile.read_text(encoding="utf-8") == PROFILE
