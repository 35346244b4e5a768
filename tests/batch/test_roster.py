"""Rosters: CSV dialects, Excel and YAML read the same; every row's problems are named."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from conftest import AI_PM
from workbook.errors import InputError
from workbook.roster import load_roster, parse_mapping, parse_weeks_off

HEADER = ["Name", "Pathway", "Start Date", "hours_per_week", "ID", "weeks_off", "skill:ai-ethics"]
ROWS = [
    ["Ada Lovelace", AI_PM, "2027-01-04", "12", "A1", "2027-02-15..2027-02-21", "2"],
    ["Zoë Ñúñez", AI_PM, "2027-02-01", "7.5", "", "", ""],
]


def write_csv(path, delimiter=",", bom=False, rows=ROWS, header=HEADER):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_xlsx(path, rows=ROWS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        cells = list(row)
        cells[2] = dt.datetime.fromisoformat(cells[2])  # Excel keeps dates as datetimes
        cells[3] = float(cells[3])
        sheet.append(cells)
    book.save(path)
    return path


def summary(rows):
    return [(r.number, r.id, r.profile) for r in rows]


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", True), ("\t", False)])
def test_csv_dialects_and_excel_read_the_same(tmp_path, library, delimiter, bom):
    csv_rows = load_roster(write_csv(tmp_path / "r.csv", delimiter, bom), library.pathways)
    xlsx_rows = load_roster(write_xlsx(tmp_path / "r.xlsx"), library.pathways)
    assert all(row.ok for row in csv_rows)
    assert summary(csv_rows) == summary(xlsx_rows)
    ada = csv_rows[0].profile
    assert ada.skills == {"ai-ethics": 2}
    assert ada.weeks_off[0].start == dt.date(2027, 2, 15)
    assert csv_rows[1].profile.hours_per_week == 7.5


def test_a_yaml_roster_is_a_list_of_profiles(tmp_path, library):
    path = tmp_path / "r.yaml"
    path.write_text(
        f"- {{name: Ada, pathway: {AI_PM}, start_date: 2027-01-04, hours_per_week: 9}}\n"
        f"- {{name: Bo, pathway: nope, start_date: 2027-01-04, hours_per_week: 9}}\n",
        encoding="utf-8",
    )
    first, second = load_roster(path, library.pathways)
    assert first.ok and not second.ok
    assert "unknown pathway 'nope'" in second.problems[0].message


def test_headers_can_be_mapped(tmp_path, library):
    header = ["Full Name", "Track", "Begins", "Weekly Hours"]
    path = write_csv(tmp_path / "r.csv", header=header, rows=[["Ada", AI_PM, "2027-01-04", "5"]])
    with pytest.raises(InputError, match="no column for name, pathway, start_date, hours_per_week"):
        load_roster(path, library.pathways)
    mapping = parse_mapping(
        ("Full Name=name", "Track=pathway", "Begins=start_date", "weekly hours=hours_per_week")
    )
    [row] = load_roster(path, library.pathways, mapping=mapping)
    assert row.ok and row.profile.name == "Ada"


def test_every_problem_names_its_row_and_column(tmp_path, library):
    rows = [
        ["", AI_PM, "2027-01-04", "10", "", "", ""],
        ["Bo", "astronaut", "2027-01-04", "10", "", "", ""],
        ["Cy", AI_PM, "2027-02-30", "lots", "", "2027-01-01", "9"],
    ]
    checked = load_roster(write_csv(tmp_path / "r.csv", rows=rows), library.pathways)
    messages = [str(p) for row in checked for p in row.problems]
    assert any("row 2, name" in m for m in messages)
    assert any("row 3, pathway: unknown pathway 'astronaut'" in m for m in messages)
    assert any("row 4, start_date" in m for m in messages)
    assert any("row 4, hours_per_week" in m for m in messages)
    assert any("row 4, weeks_off: must be written FROM..TO" in m for m in messages)
    assert any("row 4, skills.ai-ethics" in m for m in messages)


@pytest.mark.parametrize(
    ("content", "words"),
    [("", "is empty"), ("just one column\n", "no header row"), (b"\xff\xfe\x00", "not UTF-8")],
)
def test_an_unreadable_roster_is_one_error(tmp_path, library, content, words):
    path = tmp_path / "r.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=words):
        load_roster(path, library.pathways)


def test_weeks_off_cells():
    assert parse_weeks_off("2027-02-15..2027-02-21; 2027-04-05..2027-04-09") == [
        {"from": "2027-02-15", "to": "2027-02-21"},
        {"from": "2027-04-05", "to": "2027-04-09"},
    ]
    assert parse_weeks_off("next week") == "next week"


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path, library):
    path = write_xlsx(tmp_path / "r.xlsx")
    with pytest.raises(InputError, match=r"no sheet 'Cohort'; sheets: Sheet"):
        load_roster(path, library.pathways, sheet="Cohort")
    assert len(load_roster(path, library.pathways, sheet="Sheet")) == 2


def test_file_names_never_collide(library):
    from workbook.batch import file_names
    from workbook.roster import Row

    rows = [Row(2, "x-alex", "Al"), Row(3, "x", "Alex"), Row(4, "x", "Alex"), Row(5, "X", "ALEX")]
    rows += [Row(6, "", "../../etc/passwd"), Row(7, "CON", "NUL"), Row(8, "", "李")]
    names = {row.number: name for row, name in file_names(rows)}
    assert len({n.lower() for n in names.values()}) == len(rows)
    assert all(n.endswith(".pdf") and "/" not in n and "\\\\" not in n for n in names.values())
    assert names[6] == "6-etc-passwd.pdf" and names[7] == "con-nul.pdf" and names[8] == "8-li.pdf"


def test_a_yaml_roster_with_skills_and_weeks_off(tmp_path, library):
    path = tmp_path / "r.yaml"
    path.write_text(
        f"""- name: Ada
  pathway: {AI_PM}
  start_date: 2027-01-04
  hours_per_week: 9
  skills: {{ai-ethics: 2}}
  weeks_off: [{{from: 2027-02-01, to: 2027-02-07}}]
- Bo is not a mapping
- {{name: Cy, pathway: {AI_PM}, start_date: 2027-01-04, hours_per_week: 9, colour: red}}
""",
        encoding="utf-8",
    )
    ada, bo, cy = load_roster(path, library.pathways)
    assert ada.number == 1 and ada.ok and ada.profile.skills == {"ai-ethics": 2}
    assert "must be a mapping" in bo.problems[0].message
    assert "unknown field 'colour'" in cy.problems[0].message


def test_extra_columns_are_ignored_but_cells_beyond_the_header_are_not(tmp_path, library, caplog):
    header = [*HEADER, "Department"]
    rows = [[*ROWS[0], "Sales"], [*ROWS[1], ""]]
    with caplog.at_level("WARNING", logger="workbook"):
        checked = load_roster(
            write_csv(tmp_path / "r.csv", rows=rows, header=header), library.pathways
        )
    assert all(row.ok for row in checked)
    assert "'Department' is not a roster field" in caplog.text
    long_row = [[*ROWS[0][:-1], "2", "surplus"]]
    [row] = load_roster(write_csv(tmp_path / "s.csv", rows=long_row), library.pathways)
    assert "more cells than the header has columns" in row.problems[0].message


def test_a_column_given_twice_makes_the_roster_unreadable(tmp_path, library):
    header = [*HEADER[:-1], "NAME"]
    with pytest.raises(InputError, match="has a column twice: NAME, Name"):
        load_roster(write_csv(tmp_path / "r.csv", header=header), library.pathways)


def test_every_problem_of_a_row_is_reported(tmp_path, library):
    header = [*HEADER, "skill:juggling"]
    rows = [[*ROWS[0][:-1], "9", "2"]]  # ai-ethics 9 is out of range; juggling is no skill
    [row] = load_roster(write_csv(tmp_path / "r.csv", rows=rows, header=header), library.pathways)
    wheres = [p.where for p in row.problems]
    assert "row 2, skills.ai-ethics" in wheres and "row 2, skills.juggling" in wheres


def test_a_week_starts_column_sets_each_persons_first_day_of_the_week(tmp_path, library):
    header = [*HEADER[:4], "Week Starts"]
    rows = [[*ROWS[0][:4], "Sunday"], [*ROWS[1][:4], ""], [*ROWS[1][:4], "friday"]]
    found = load_roster(write_csv(tmp_path / "r.csv", rows=rows, header=header), library.pathways)
    assert [row.profile.week_starts for row in found[:2]] == ["sunday", "monday"]
    assert not found[2].ok and "week_starts" in str(found[2].problems[0])
