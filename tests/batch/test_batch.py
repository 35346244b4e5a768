"""`workbook batch`: files, manifest, exit codes, merge, ZIP, resume after a kill, Dask."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from conftest import AI_PM, PATHWAY_IDS
from workbook import batch as batch_module
from workbook.cli import main

HOSTILE = ['<font color="red">Eve</font>', '=HYPERLINK("http://x","y")', "../../etc/passwd", "Zoë"]


def roster(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "pathway", "start_date", "hours_per_week"])
        writer.writerows(rows)
    return path


def tiny_pdf(library, pathway, profile, options) -> bytes:
    """Stands in for the renderer where only the batch's bookkeeping is under test."""
    writer = pypdf.PdfWriter()
    for _ in range(1 + int(profile.hours_per_week) % 3):
        writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Keywords": json.dumps({"input": "x"})})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def mixed_rows(count: int) -> list[list[str]]:
    rows = []
    for i in range(count):
        pathway = PATHWAY_IDS[i % 4]
        name = HOSTILE[(i // 10) % len(HOSTILE)] if i % 10 == 3 else f"Person {i % 50}"
        rows.append(["", name, pathway, "2027-01-04", str(5 + i % 20)])
    rows[10][2] = "astronaut"  # unknown pathway
    rows[20][3] = "2027-02-30"  # no such date
    rows[30][1] = ""  # empty name
    rows[40][4] = "0"  # no hours
    return rows


def read_manifest(out: Path) -> list[dict]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_mixed_roster_of_200(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    path = roster(tmp_path / "cohort.csv", mixed_rows(200))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    manifest = read_manifest(out)
    assert [int(m["row"]) for m in manifest] == list(range(2, 202))
    failed = {int(m["row"]) for m in manifest if m["status"] == "error"}
    assert failed == {12, 22, 32, 42}
    for row in (12, 22, 32, 42):
        assert f"row {row}" in result.stderr
    pdfs = sorted(p.name for p in out.glob("*.pdf") if not p.name.startswith("facilitator"))
    assert len(pdfs) == 196 == len(set(pdfs))
    for entry in manifest:
        if entry["status"] == "ok":
            data = (out / entry["file"]).read_bytes()
            assert int(entry["bytes"]) == len(data)
            assert int(entry["pages"]) == len(pypdf.PdfReader(out / entry["file"]).pages)
        else:
            assert entry["file"] == "" and entry["message"]
    names = {m["name"] for m in manifest}
    assert '\'=HYPERLINK("http://x","y")' in names  # neutralised for spreadsheets
    assert '<font color="red">Eve</font>' in names
    assert all(p.parent == out for p in out.glob("*.pdf"))  # no name escapes the folder
    pack = " ".join(page.extract_text() for page in pypdf.PdfReader(out / "facilitator.pdf").pages)
    assert "People per pathway" in pack and "Skills gaps" in pack and "gap 0" in pack
    assert "Rows in error" in pack and "unknown pathway 'astronaut'" in pack
    with (out / "facilitator.csv").open(encoding="utf-8") as handle:
        pack_rows = list(csv.DictReader(handle))
    assert len(pack_rows) == 200  # everyone, with the rows in error and their reasons
    assert {int(r["row"]) for r in pack_rows if r["status"] == "error"} == failed
    assert json.loads((out / "manifest.json").read_text())[0]["row"] == 2


def test_check_reports_every_problem_and_writes_nothing(tmp_path):
    path = roster(tmp_path / "cohort.csv", mixed_rows(60))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(out), "--check"])
    assert result.exit_code == 1
    assert [line[:25] for line in result.stderr.splitlines() if line.startswith("error")] == [
        f"error: {path}: row {n}"[:25] for n in (12, 22, 32, 42)
    ]
    assert "56 rows ok, 4 with problems" in result.stderr
    assert not out.exists()


def test_an_unreadable_roster_exits_2(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path}: is empty"
    missing = CliRunner().invoke(main, ["batch", str(tmp_path / "none.xlsx")])
    assert missing.exit_code == 2 and "file not found" in missing.stderr


def test_preview_and_only(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", tiny_pdf)
    path = roster(tmp_path / "cohort.csv", mixed_rows(60))
    out = tmp_path / "out"
    args = ["batch", str(path), "--out", str(out), "--workers", "2"]  # a real pool of processes
    assert CliRunner().invoke(main, args).exit_code == 1
    before = (out / "manifest.csv").read_bytes()
    files = {m["row"]: m["file"] for m in read_manifest(out)}
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(out), "--preview", "5"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / files["5"])  # the same name as in the full run
    assert (out / "manifest.csv").read_bytes() == before  # a preview leaves the cohort alone
    only = tmp_path / "only"
    args = ["batch", str(path), "--out", str(only), "--only", f"pathway={AI_PM}"]
    assert CliRunner().invoke(main, args).exit_code == 0
    wanted = {i + 2 for i in range(60) if PATHWAY_IDS[i % 4] == AI_PM}
    assert {int(m["row"]) for m in read_manifest(only)} == wanted


SMALL = [
    ["b2", "Bea", PATHWAY_IDS[0], "2027-01-04", "80"],
    ["a1", "Al", PATHWAY_IDS[1], "2027-01-04", "80"],
    ["c3", "Cy", PATHWAY_IDS[3], "2027-01-04", "80"],
]


def test_merge_puts_each_workbook_on_a_right_hand_page(tmp_path):
    path = roster(tmp_path / "cohort.csv", SMALL)
    out = tmp_path / "out"
    args = ["batch", str(path), "--out", str(out), "--merge", "--sort", "name", "--zip"]
    args += ["--workers", "1"]  # test_preview_and_only runs a pool
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    manifest = {m["name"]: m for m in read_manifest(out)}
    merged = pypdf.PdfReader(out / "cohort-print.pdf")
    page = 0
    for name in ("Al", "Bea", "Cy"):  # sorted by name
        assert page % 2 == 0  # 0-based even = a right-hand page
        assert name in merged.pages[page].extract_text()  # the separator sheet
        assert merged.pages[page + 1].extract_text().strip() == ""  # its blank back
        book = pypdf.PdfReader(out / manifest[name]["file"])
        assert merged.pages[page + 2].extract_text() == book.pages[0].extract_text()
        pages = int(manifest[name]["pages"])
        page += 2 + pages + pages % 2
    assert page == len(merged.pages)
    for sheet in merged.pages:  # landscape pages turned upright, their top to the left
        landscape = sheet.mediabox.width > sheet.mediabox.height
        assert (sheet.rotation == 270) == landscape
    people = [item for item in merged.outline if not isinstance(item, list)]
    assert [item.title for item in people] == ["Al", "Bea", "Cy"]
    nested = [item for item in merged.outline if isinstance(item, list)]
    assert len(nested) == 3 and all(group[0].title == "Cover" for group in nested)
    packs = ["manifest.csv", "manifest.json", "facilitator.pdf", "facilitator.csv"]
    with zipfile.ZipFile(out / "cohort.zip") as archive:
        assert sorted(archive.namelist()) == sorted([m["file"] for m in manifest.values()] + packs)


def paper_pdf(library, pathway, profile, options) -> bytes:
    """Stands in for the renderer: a portrait and a landscape page on the row's paper."""
    from workbook.paper import PRESETS

    width, height = PRESETS[options.paper or profile.paper].size
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=width, height=height)
    writer.add_blank_page(width=height, height=width)
    writer.add_metadata({"/Keywords": json.dumps({"input": "x"})})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_each_paper_size_gets_its_own_print_file(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "build_workbook", paper_pdf)
    path = tmp_path / "cohort.csv"
    path.write_text(
        "name,pathway,start_date,hours_per_week,paper\n"
        f"Al,{AI_PM},2027-01-04,12,a4\nBo,{AI_PM},2027-01-04,12,letter\n"
        f"Cy,{AI_PM},2027-01-04,12,a4\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["batch", str(path), "--out", str(out), "--merge", "--workers", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert not (out / "cohort-print.pdf").exists()
    for paper, names in (("a4", ["Al", "Cy"]), ("letter", ["Bo"])):
        merged = pypdf.PdfReader(out / f"cohort-print-{paper}.pdf")
        shown = {
            (round(s.mediabox.width), round(s.mediabox.height))[:: -1 if s.rotation else 1]
            for s in merged.pages
        }
        assert len(shown) == 1  # one paper, every page upright as printed
        assert [item.title for item in merged.outline if not isinstance(item, list)] == names


def test_max_pages_splits_between_people(tmp_path):
    path = roster(tmp_path / "cohort.csv", SMALL)
    out = tmp_path / "out"
    args = ["batch", str(path), "--out", str(out), "--merge", "--workers", "1"]
    assert CliRunner().invoke(main, [*args, "--max-pages", "150"]).exit_code == 0
    parts = sorted(out.glob("cohort-print-part*.pdf"))
    assert len(parts) >= 2 and not (out / "cohort-print.pdf").exists()
    sizes = [len(pypdf.PdfReader(p).pages) for p in parts]
    total = sum(2 + int(m["pages"]) + int(m["pages"]) % 2 for m in read_manifest(out))
    assert sum(sizes) == total


def test_a_killed_batch_resumes_to_identical_output(tmp_path):
    rows = [[f"p{i}", f"Person {i}", PATHWAY_IDS[i % 4], "2027-01-04", "80"] for i in range(4)]
    path = roster(tmp_path / "cohort.csv", rows)
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    args = ["batch", str(path), "--workers", "1", "--quiet"]
    assert CliRunner().invoke(main, [*args, "--out", str(whole)]).exit_code == 0
    command = [sys.executable, "-m", "workbook", *args]  # a real process, killed mid-batch
    process = subprocess.Popen([*command, "--out", str(broken)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(broken.glob("p*.pdf"))) < 2:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done = list(broken.glob("p*.pdf"))
    assert 2 <= len(done) < 4
    for pdf in done:  # whatever is under a final name is whole
        assert len(pypdf.PdfReader(pdf).pages) > 10
    assert CliRunner().invoke(main, [*args, "--out", str(broken), "--resume"]).exit_code == 0
    names = sorted(p.name for p in whole.iterdir())
    assert names == sorted(p.name for p in broken.iterdir())
    for name in names:
        assert (whole / name).read_bytes() == (broken / name).read_bytes(), name


def test_a_dask_cluster_on_loopback(tmp_path):
    distributed = pytest.importorskip("distributed")
    path = roster(tmp_path / "cohort.csv", SMALL[:2])
    out = tmp_path / "out"
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        args = ["batch", str(path), "--out", str(out), "--scheduler", cluster.scheduler_address]
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert [m["status"] for m in read_manifest(out)] == ["ok", "ok"]
    local = tmp_path / "local"
    CliRunner().invoke(main, ["batch", str(path), "--out", str(local), "--workers", "1"])
    for entry in read_manifest(out):
        assert (out / entry["file"]).read_bytes() == (local / entry["file"]).read_bytes()


def test_command_line_paper_fills_rows_without_their_own(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_text(
        "name,pathway,start_date,hours_per_week,paper\n"
        f"Al,{AI_PM},2027-01-04,80,a4\n"
        f'"<b>Bo</b> & <img src=""/etc/passwd""/>",{AI_PM},2027-01-04,80,\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["batch", str(path), "--out", str(out), "--paper", "letter", "--workers", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    widths = {
        m["name"]: round(float(pypdf.PdfReader(out / m["file"]).pages[0].mediabox.width))
        for m in read_manifest(out)
    }
    hostile = '<b>Bo</b> & <img src="/etc/passwd"/>'
    assert widths == {"Al": 595, hostile: 612}
    [entry] = [m for m in read_manifest(out) if m["name"] == hostile]
    assert hostile in pypdf.PdfReader(out / entry["file"]).pages[0].extract_text()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--only", "pathwy=x"], "--only: pathwy=x: must be written FIELD=VALUE"),
        (["--scheduler", "garbage"], "--scheduler"),
        (["--preview", "999"], "no roster row has that number"),
    ],
)
def test_bad_batch_options_exit_2(tmp_path, extra, words):
    path = roster(tmp_path / "cohort.csv", SMALL)
    result = CliRunner().invoke(main, ["batch", str(path), "--out", str(tmp_path / "o"), *extra])
    assert result.exit_code == 2, result.output
    assert words in result.stderr and "Traceback" not in result.output
