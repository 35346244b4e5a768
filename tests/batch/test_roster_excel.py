"""Excel rosters: bounded by bytes, rows and declarations before parsing; dates kept as meant."""

from __future__ import annotations

import datetime as dt
import io
import struct
import tracemalloc
import zipfile
import zlib

import openpyxl
import pytest

from conftest import AI_PM
from workbook.errors import InputError
from workbook.roster import load_roster
from workbook.roster.xlsxfile import MAX_SHEET_ROWS

HEADER = ["name", "pathway", "start_date", "hours_per_week"]


def workbook_parts(rows=(), header=HEADER) -> dict[str, bytes]:
    """The files inside a small real workbook, by name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_parts(path, parts: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def write_raw_zip(path, members: list[tuple[str, bytes, int]]):
    """A zip from raw deflate streams: (name, compressed bytes, size unpacked). The CRCs are
    left at 0: a roster is refused from the sizes, before anything is unpacked."""
    local, central, offset = b"", b"", 0
    for name, packed, size in members:
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, 0, len(packed), size,
                           len(name), 0)  # fmt: skip
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, 0,
                               len(packed), size, len(name), 0, 0, 0, 0, 0, offset)  # fmt: skip
        central += name.encode()
        local += head + name.encode() + packed
        offset = len(local)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                      len(local), 0)  # fmt: skip
    path.write_bytes(local + central + end)
    return path


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def zeros_deflated(prefix: bytes, mebibytes: int) -> bytes:
    """`prefix` then `mebibytes` MiB of zero bytes, deflated without ever holding them: after a
    full flush each MiB packs to the same block, so the block is repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(2**20)
    start = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    return start + block * mebibytes + packer.flush()


def bomb(path, mebibytes: int, member: str = "xl/sharedStrings.xml"):
    parts = workbook_parts([["Ada", AI_PM, "2027-01-04", 10]])
    members = [(name, deflated(data), len(data)) for name, data in parts.items()]
    prefix = b'<?xml version="1.0"?><sst xmlns="x"><si><t>'
    packed = zeros_deflated(prefix, mebibytes)
    members.append((member, packed, len(prefix) + mebibytes * 2**20))
    return write_raw_zip(path, members)


def refusal(path, library) -> str:
    with pytest.raises(InputError) as caught:
        load_roster(path, library.pathways)
    [problem] = caught.value.problems
    assert problem.source == str(path)
    return problem.message


def test_a_3_mb_workbook_that_unpacks_to_3_gib_is_refused_in_little_memory(tmp_path, library):
    path = bomb(tmp_path / "bomb.xlsx", 3 * 1024)
    assert path.stat().st_size < 4_000_000
    tracemalloc.start()
    try:
        message = refusal(path, library)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == "is refused: it unpacks to 3.0 GiB, more than the 256 MiB allowed"
    assert peak < 20_000_000


def test_a_part_that_inflates_too_many_fold_is_refused(tmp_path, library):
    message = refusal(bomb(tmp_path / "bomb.xlsx", 20), library)
    assert message.startswith("is refused: it has a part (xl/sharedStrings.xml) that inflates")


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_a_workbook_that_declares_entities_is_refused_with_a_message(tmp_path, library, member):
    parts = workbook_parts([["Ada", AI_PM, "2027-01-04", 10]])
    declaration = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    parts[member] = b'<?xml version="1.0" encoding="UTF-8"?>\n' + declaration + parts[member]
    message = refusal(write_parts(tmp_path / "dtd.xlsx", parts), library)
    assert (
        message
        == f"is refused: its part {member} declares a DTD (entities), which a roster never needs"
    )


def test_a_part_in_an_unusual_text_encoding_is_refused(tmp_path, library):
    parts = workbook_parts([["Ada", AI_PM, "2027-01-04", 10]])
    member = "xl/worksheets/sheet1.xml"
    parts[member] = b'<?xml version="1.0" encoding="cp037"?>' + parts[member]
    message = refusal(write_parts(tmp_path / "ebcdic.xlsx", parts), library)
    assert "declares the text encoding 'cp037'" in message


def test_a_sheet_of_a_million_rows_is_refused_at_the_cap(tmp_path, library):
    """Row numbers and names vary, so the sheet packs about as well as a real one."""
    path = tmp_path / "huge.xlsx"
    parts = workbook_parts()
    sheet = "xl/worksheets/sheet1.xml"
    head, _, tail = parts.pop(sheet).partition(b"</row>")
    tail = tail[tail.index(b"</sheetData>") :]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(sheet, "w", force_zip64=True) as out:
            out.write(head + b"</row>")
            for start in range(2, 1_048_577, 4096):
                end = min(start + 4096, 1_048_577)
                out.write(
                    b"".join(
                        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>P%x</t></is></c></row>'
                        % (n, n, n * 7919)
                        for n in range(start, end)
                    )
                )
            out.write(tail)
    message = refusal(path, library)
    assert message == f"has more than {MAX_SHEET_ROWS:,} rows; split it, or save it as CSV"


@pytest.mark.parametrize("blank_rows", [0, 3])
def test_a_sheet_at_the_cap_is_read_and_one_row_more_is_not(
    tmp_path, library, monkeypatch, blank_rows
):
    monkeypatch.setattr("workbook.roster.xlsxfile.MAX_SHEET_ROWS", 5)
    rows = [["Ada", AI_PM, "2027-01-04", 10]] * (5 - blank_rows) + [[None]] * blank_rows
    path = write_parts(tmp_path / "r.xlsx", workbook_parts(rows))
    assert len(load_roster(path, library.pathways)) == 5 - blank_rows
    path = write_parts(
        tmp_path / "s.xlsx", workbook_parts([*rows, ["Bo", AI_PM, "2027-01-04", 10]])
    )
    assert refusal(path, library) == "has more than 5 rows; split it, or save it as CSV"


def test_a_date_stored_as_a_plain_number_is_read_as_the_date_and_noted(tmp_path, library):
    rows = [
        ["Ada", AI_PM, 46419, 10],  # a cell not formatted as a date, as many exports write it
        ["Bo", AI_PM, 46419.0, 10],
        ["Cy", AI_PM, 46419.5, 10],  # part of a day: not a date
        ["Di", AI_PM, 12, 10],  # 1900-01-12: not a plausible start
        ["Ed", AI_PM, dt.datetime(2027, 2, 1), 10],
    ]
    ada, bo, cy, di, ed = load_roster(
        write_parts(tmp_path / "r.xlsx", workbook_parts(rows)), library.pathways
    )
    assert ada.ok and ada.profile.start_date == dt.date(2027, 2, 1)
    assert bo.ok and bo.profile.start_date == dt.date(2027, 2, 1)
    assert [str(n) for n in ada.notes] == [
        f"{tmp_path / 'r.xlsx'}: row 2, start_date: was the number 46419, read as the Excel date "
        "2027-02-01 (format the column as dates to avoid this note)"
    ]
    assert ada.message == ada.notes[0].message.join(["start_date: ", ""])
    assert not cy.ok and not di.ok
    assert ed.ok and not ed.notes


def test_each_problem_of_an_excel_row_is_one_clean_message(tmp_path, library):
    rows = [
        ["Ada", AI_PM, dt.datetime(2027, 1, 4, 10, 30), 0],
        ["Bo", AI_PM, dt.datetime(2027, 1, 4), "1,000"],
        [None, "nope", dt.datetime(2027, 1, 4), 10],
    ]
    checked = load_roster(
        write_parts(tmp_path / "export.xlsx", workbook_parts(rows)), library.pathways
    )
    for row in checked:
        assert not row.ok
        for problem in row.problems:
            assert problem.where.startswith(f"row {row.number}, ")
            for word in ("row ", "error", "Input should", "Field required", str(tmp_path)):
                assert word not in problem.message
        assert row.message == "; ".join(
            f"{p.where.removeprefix(f'row {row.number}, ')}: {p.message}" for p in row.problems
        )
    assert checked[0].message.startswith("start_date: holds a time; give the date only; ")
    assert "hours_per_week: '1,000' is unclear: write 1000 or 1" in checked[1].message
    assert checked[2].message.startswith("name: is required; pathway: unknown pathway 'nope'")


def test_cells_beyond_the_header_are_warned_about_once(tmp_path, library, caplog):
    rows = [
        ["Ada", AI_PM, dt.datetime(2027, 1, 4), 10, None, "stray"],
        ["Bo", AI_PM, dt.datetime(2027, 1, 4), 10, None, "more"],
    ]
    with caplog.at_level("WARNING", logger="workbook"):
        checked = load_roster(
            write_parts(tmp_path / "r.xlsx", workbook_parts(rows)), library.pathways
        )
    assert all(row.ok for row in checked)
    assert caplog.text.count("column F has no header but holds values (first in row 2)") == 1


def test_every_kind_of_date_cell_is_read_or_is_a_problem_of_its_row(tmp_path, library):
    """openpyxl gives a start date cell as a date-time, a date, a time of day (a serial from 0
    to 1 under a date format), a duration, a number, true/false, an error or text. Each is
    read or refused in that row alone: the number 0 once crashed the whole batch."""
    cells = [  # (cell, its number format, what the row's message says; "" when it is read)
        (0, None, "holds the number 0, which is no date; type the date as YYYY-MM-DD"),
        (0.0, None, "holds the number 0, which is no date"),
        (0.5, None, "holds the number 0.5, which is no date"),
        (0, "yyyy-mm-dd", "holds 0 (Excel shows it as 1900-01-00 or 00:00), which is no date"),
        (0.25, "yyyy-mm-dd", "holds only a time of day (06:00), no date"),
        (dt.time(10, 30), None, "holds only a time of day (10:30), no date"),
        (1.5, "[h]:mm:ss", "holds a duration (36:00 hours), not a date"),
        (dt.timedelta(days=2), None, "holds a duration (48:00 hours), not a date"),
        (True, None, "holds TRUE, not a date"),
        ("#N/A", None, "holds the Excel error #N/A, not a date"),
        (1, None, "holds the number 1, which as an Excel date is 1900-01-01: not between"),
        (-3, None, "holds the number -3, which as an Excel date is 1899-12-27"),
        (46419.5, None, "holds the number 46419.5, a date (2027-02-01) with a time"),
        (1e308, None, "holds the number 1e+308, which is no date"),
        (dt.datetime(2027, 2, 1, 9), None, "holds a time; give the date only"),
        (46419, None, ""),
        (dt.datetime(2027, 2, 1), None, ""),
        (dt.date(2027, 2, 1), None, ""),
        ("2027-02-01", None, ""),
    ]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for number, (cell, number_format, _) in enumerate(cells, start=2):
        sheet.append([f"P{number}", AI_PM, None, 10])
        sheet.cell(number, 3).value = cell
        if number_format:
            sheet.cell(number, 3).number_format = number_format
    book.save(tmp_path / "dates.xlsx")
    rows = load_roster(tmp_path / "dates.xlsx", library.pathways)
    assert len(rows) == len(cells)
    for row, (cell, _, words) in zip(rows, cells, strict=True):
        if words:
            assert not row.ok, cell
            assert row.message.startswith(f"start_date: {words}"), (cell, row.message)
        else:
            assert row.ok and row.profile.start_date == dt.date(2027, 2, 1), (cell, row.message)
