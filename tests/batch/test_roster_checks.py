"""Checking rows: the tool's own words, text safe to write, plain numbers, look-alikes, scale."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc

import pytest

from conftest import AI_PM
from workbook.roster import check, iter_roster, load_roster, reader

HEADER = "id,name,pathway,start_date,hours_per_week,email,paper,skill:ai-ethics"


def write(tmp_path, *lines: str, name: str = "r.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_problems_are_in_the_tools_words_and_name_row_and_field(tmp_path, library):
    path = write(
        tmp_path,
        f"A1,,{AI_PM},2027-01-04,0,ada@,legal,9",
        f"A2,{'B' * 300},{AI_PM},2027-02-30,lots,,,two",
    )
    first, second = load_roster(path, library.pathways)
    messages = [str(p) for row in (first, second) for p in row.problems]
    for pydantic_words in ("Input should", "Field required", "String should", "Value error"):
        assert not any(pydantic_words in m for m in messages)
    assert f"{path}: row 2, name: is required" in messages
    paper = f"{path}: row 2, paper: must be 'letter', 'a4', 'a5', 'remarkable', "
    assert any(m.startswith(paper) and m.endswith(", not 'legal'") for m in messages)
    assert f"{path}: row 2, skills.ai-ethics: must be at most 4, not 9" in messages
    assert f"{path}: row 3, name: is 300 characters long; at most 200" in messages
    assert any(m.startswith(f"{path}: row 3, hours_per_week: must be a number") for m in messages)
    assert first.message.startswith("name: is required; ")  # the manifest has its own row column


@pytest.mark.parametrize(
    ("cell", "read_as", "words"),
    [
        ("12", 12, ""),
        ("7,5", 7.5, ""),
        (" 7.5 ", 7.5, ""),
        ("1,000", None, "'1,000' is unclear: write 1000 or 1, without a thousands separator"),
        ("1.500", None, "'1.500' is unclear: write 1500 or 1.5, without a thousands separator"),
        ("1_0", None, "must be a number of hours written with digits, such as 12 or 7.5"),
        ("0xC", None, "written with digits"),
        ("1e1", None, "written with digits"),
        ("nan", None, "written with digits"),
    ],
)
def test_hours_are_read_only_from_a_plain_number(tmp_path, library, cell, read_as, words):
    [row] = load_roster(write(tmp_path, f'A1,Ada,{AI_PM},2027-01-04,"{cell}",,,'), library.pathways)
    if read_as is not None:
        assert row.ok and row.profile.hours_per_week == read_as
    else:
        [problem] = row.problems
        assert problem.where == "row 2, hours_per_week" and words in problem.message


def test_a_lone_surrogate_is_a_problem_and_the_row_stays_writable(tmp_path, library, monkeypatch):
    """A YAML reader without libyaml lets '\\ud800' escapes through; nothing may crash on them."""
    base = {"pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 9}
    rows = [
        {"name": "Anna\ud800", "id": "x\udfff", **base},
        {"name": "Bo \ud83d\ude00", **base},  # a pair written as two escapes: one character
        {"name": "Cy", "skills": {"ai-ethics\ud800": 2}, **base},
    ]
    monkeypatch.setattr(reader, "read_yaml", lambda path: (rows, None))
    path = tmp_path / "r.yaml"
    path.write_text("[]\n", encoding="utf-8")  # read by the stand-in above
    anna, bo, cy = load_roster(path, library.pathways)
    assert [p.where for p in anna.problems] == ["row 1, name", "row 1, id"]
    assert "unpaired surrogate" in anna.problems[0].message
    assert (anna.name, anna.id) == ("Anna\ufffd", "x\ufffd")
    assert bo.ok and bo.name == "Bo \U0001f600"
    assert not cy.ok
    for row in (anna, bo, cy):
        buffer = io.StringIO()
        csv.writer(buffer).writerow([row.id, row.name, row.message])
        buffer.getvalue().encode("utf-8")
        json.dumps([row.name, row.message], ensure_ascii=False).encode("utf-8")
        for problem in row.problems:
            str(problem).encode("utf-8")


def test_repeated_rows_and_look_alike_names_are_warned_about_naming_both(tmp_path, library, caplog):
    ada = f"A1,Ada Lovelace,{AI_PM},2027-01-04,10,,,"
    lines = [
        ada,
        f"B2,Bo,{AI_PM},2027-01-04,10,,,",
        ada,  # row 4: the same as row 2
        f"C3,ADA  lovelace,{AI_PM},2027-01-04,10,,,",  # row 5
        f"C4,\uff21\uff44\uff41 Love-lace,{AI_PM},2027-01-04,10,,,",  # row 6: full-width, hyphen
        f"C5,Ada Lovelock,{AI_PM},2027-01-04,10,,,",  # row 7: another person
    ]
    with caplog.at_level("WARNING", logger="workbook"):
        rows = load_roster(write(tmp_path, *lines), library.pathways)
    assert all(row.ok for row in rows)
    notes = {row.number: [n.message for n in row.notes] for row in rows if row.notes}
    assert notes == {
        4: ["repeats row 2 exactly"],
        5: ["'ADA  lovelace' looks like the name in row 2"],
        6: ["'\uff21\uff44\uff41 Love-lace' looks like the name in row 2"],
    }
    assert "row 4: repeats row 2 exactly" in caplog.text
    assert rows[3].message == "name: 'ADA  lovelace' looks like the name in row 2"


def test_headers_are_worked_out_once_not_per_row(tmp_path, library, monkeypatch):
    """The cost of a row must not include matching the headers again (it once did, 18 times)."""
    calls = []
    real = check.header_key
    monkeypatch.setattr(check, "header_key", lambda h: calls.append(h) or real(h))
    bad = f",Ada,{AI_PM},2027-02-30,0,x,legal,9"
    counts = []
    for count in (10, 1000):
        calls.clear()
        rows = load_roster(write(tmp_path, *[bad] * count), library.pathways)
        assert len(rows) == count and not any(row.ok for row in rows)
        counts.append(len(calls))
    assert counts[0] == counts[1]


def test_checking_rows_one_at_a_time_holds_little_memory(tmp_path, library):
    """5,000 rejected rows: what stays is three numbers a row (for finding repeated rows,
    look-alike names and repeated ids), where a list of rows holds about 2 KB a row."""
    lines = [f"{n},Person {n},{AI_PM},2027-02-30,0,,,9" for n in range(5_000)]
    path = write(tmp_path, *lines)
    tracemalloc.start()
    try:
        count = sum(1 for row in iter_roster(path, library.pathways) if not row.ok)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 5_000
    assert peak < 5_000 * 400


def test_a_rejected_row_can_still_be_selected_by_its_fields(tmp_path, library):
    path = write(tmp_path, f"A1,Ada,{AI_PM},2027-02-30,10,,A4,3", f"B2,Bo,{AI_PM},2027-01-04,10,,,")
    ada, bo = load_roster(path, library.pathways)
    assert not ada.ok and bo.ok
    assert [ada.value(f) for f in ("id", "pathway", "paper", "skill:ai-ethics")] == [
        "A1",
        AI_PM,
        "A4",
        "3",
    ]
    assert [bo.value(f) for f in ("id", "email", "paper", "skill:ai-ethics")] == [
        "B2",
        "",
        "letter",
        "",
    ]


def test_many_repeated_rows_log_a_few_warnings_and_a_count(tmp_path, library, caplog):
    lines = [f"A1,Ada,{AI_PM},2027-01-04,10,,,"] * 16
    with caplog.at_level("WARNING", logger="workbook"):
        rows = load_roster(write(tmp_path, *lines), library.pathways)
    assert all(row.notes for row in rows[1:])
    assert caplog.text.count("repeats row 2 exactly") == 10
    assert f"{tmp_path / 'r.csv'}: 5 more rows repeat or look like an earlier row" in caplog.text


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("\uff11\uff12", "'\uff11\uff12' is written with full-width digits; write it with 0-9: 12"),
        ("\u0663", "'\u0663' is written with Arabic-Indic digits; write it with 0-9: 3"),
        ("\u06f1\u06f2", "is written with Extended Arabic-Indic digits; write it with 0-9: 12"),
        ("1" * 5_000, "must be a number of hours, such as 12 or 7.5, not a number 5,000 digits"),
    ],
)
def test_numbers_are_written_with_the_digits_0_to_9_in_every_kind_of_roster(
    tmp_path, library, cell, words
):
    """Other digits were read silently from a CSV (and 5,000 of them crashed it) while a YAML
    roster refused them: now every kind refuses them and says what to type."""
    [row] = load_roster(write(tmp_path, f"A1,Ada,{AI_PM},2027-01-04,{cell},,,"), library.pathways)
    [problem] = row.problems
    assert problem.where == "row 2, hours_per_week" and words in problem.message
    [row] = load_roster(write(tmp_path, f"A1,Ada,{AI_PM},2027-01-04,10,,,{cell}"), library.pathways)
    assert [p.where for p in row.problems] == ["row 2, skills.ai-ethics"]
    yaml_roster = tmp_path / "r.yaml"
    yaml_roster.write_text(
        f"- {{name: Ada, pathway: {AI_PM}, start_date: 2027-01-04, hours_per_week: '{cell}'}}\n",
        encoding="utf-8",
    )
    [row] = load_roster(yaml_roster, library.pathways)
    [problem] = row.problems
    assert problem.where == "row 1, hours_per_week" and words in problem.message


def test_messages_about_numbers_are_in_the_tools_words_and_fit_the_kind_of_roster(
    tmp_path, library
):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "pathway", "start_date", "hours_per_week", "skill:ai-ethics"])
    sheet.append(["Ada", AI_PM, "2027-01-04", 10, 1e308])
    sheet.append(["Bo", AI_PM, "2027-01-04", 10, 1e20])
    sheet.append([12345, AI_PM, "2027-01-04", True, 2])
    book.save(tmp_path / "r.xlsx")
    ada, bo, number = load_roster(tmp_path / "r.xlsx", library.pathways)
    assert ada.message == "skills.ai-ethics: must be a level from 0 to 4, not 1e+308"
    assert bo.message == "skills.ai-ethics: must be a level from 0 to 4, not 1e+20"
    assert number.message == (
        "hours_per_week: must be a number of hours, such as 12 or 7.5, not TRUE; "
        "name: must be text, not the number 12345"
    )
    digits = "1" * 31  # too long for a YAML number, so YAML reads it as text
    yaml_roster = tmp_path / "r.yaml"
    yaml_roster.write_text(
        f"- {{name: Ada, pathway: {AI_PM}, start_date: 2027-01-04, hours_per_week: {digits}}}\n"
        f"- {{name: Bo, pathway: {AI_PM}, start_date: 2027-01-04, hours_per_week: 9,"
        " skills: {ai-ethics: 1.0e+308}}\n",
        encoding="utf-8",
    )
    ada, bo = load_roster(yaml_roster, library.pathways)
    assert ada.message == (
        "hours_per_week: must be a number of hours, such as 12 or 7.5, not a number 31 digits long"
    )
    assert bo.message == "skills.ai-ethics: must be a level from 0 to 4, not 1e+308"
    for row in (ada, bo, number):
        assert "Unable to parse" not in row.message and "quotes" not in row.message


def test_look_alikes_in_other_alphabets_and_repeated_ids_are_warned_about_naming_both(
    tmp_path, library, caplog
):
    lines = [
        f"a1,Ann Lee,{AI_PM},2027-01-04,10,,,",  # row 2
        f"b2,\u0410nn Lee,{AI_PM},2027-01-04,10,,,",  # row 3: a Cyrillic A
        f"c3,\u0421arol,{AI_PM},2027-01-04,10,,,",  # row 4: a Cyrillic Es, read S by anyascii
        f"x1,Carol,{AI_PM},2027-01-04,10,,,",  # row 5
        f"x1,Dan,{AI_PM},2027-01-04,10,,,",  # row 6: the id of row 5
        f"A1,Eve,{AI_PM},2027-01-04,10,,,",  # row 7: row 2's id in capitals
        f"d4,\u674e\u660e,{AI_PM},2027-01-04,10,,,",  # row 8: two Chinese names that are
        f"e5,\u9ece\u660e,{AI_PM},2027-01-04,10,,,",  # row 9: both 'LiMing' in ASCII
        f"f6,Zo\u00eb,{AI_PM},2027-01-04,10,,,",  # row 10: composed
        f"f6,Zoe\u0308,{AI_PM},2027-01-04,10,,,",  # row 11: the same row, decomposed
    ]
    with caplog.at_level("WARNING", logger="workbook"):
        rows = load_roster(write(tmp_path, *lines), library.pathways)
    assert all(row.ok for row in rows)
    notes = {row.number: [f"{n.where}: {n.message}" for n in row.notes] for row in rows}
    assert notes == {
        2: [],
        3: ["row 3, name: '\u0410nn Lee' looks like the name in row 2"],
        4: [],
        5: ["row 5, name: 'Carol' looks like the name in row 4"],
        6: ["row 6, id: 'x1' is also the id of row 5"],
        7: ["row 7, id: 'A1' differs from the id of row 2 only in case or width"],
        8: [],
        9: [],
        10: [],
        11: ["row 11: repeats row 10 exactly"],
    }
    assert "row 6, id: 'x1' is also the id of row 5" in caplog.text
