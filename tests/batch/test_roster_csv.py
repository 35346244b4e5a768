"""CSV rosters: a broken quote or a ragged row loses no one; every data line is a row."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AI_PM
from workbook.errors import InputError
from workbook.roster import load_roster
from workbook.roster.cells import MAX_CELL
from workbook.roster.csvfile import MAX_LINE

HEADER = "name,pathway,start_date,hours_per_week,notes"


def person(name: str, notes: str = "x") -> str:
    return f"{name},{AI_PM},2027-01-04,10,{notes}"


def roster(tmp_path, *lines: str, header: str = HEADER):
    path = tmp_path / "r.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def test_an_unclosed_quote_in_an_ignored_column_swallows_no_row(tmp_path, library):
    path = roster(tmp_path, person("Ada", '"unclosed'), person("Bo"), person("Cy"))
    ada, bo, cy = load_roster(path, library.pathways)
    assert (ada.number, ada.name, ada.ok) == (2, "Ada", False)
    assert "quote that is not closed" in str(ada.problems[0])
    assert str(ada.problems[0]).startswith(f"{path}: row 2: ")
    assert (bo.number, bo.name, bo.ok) == (3, "Bo", True)
    assert (cy.number, cy.name, cy.ok) == (4, "Cy", True)


def test_an_unclosed_quote_in_the_name_folds_no_row_into_it(tmp_path, library):
    path = roster(tmp_path, person('"Ada'), person("Bo"), person("Cy"))
    rows = load_roster(path, library.pathways)
    assert [(r.number, r.ok) for r in rows] == [(2, False), (3, True), (4, True)]
    assert [r.name for r in rows[1:]] == ["Bo", "Cy"]
    assert rows[0].name == "Ada"  # shown from its own line, not the lines after it


def test_a_quote_closed_lines_later_by_another_stray_quote_folds_nothing(tmp_path, library):
    lines = [person("Ada", '"open'), person("Bo"), person("Cy", 'one"'), person("Di")]
    rows = load_roster(roster(tmp_path, *lines), library.pathways)
    assert [r.name for r in rows] == ["Ada", "Bo", "Cy", "Di"]
    assert [r.ok for r in rows] == [False, True, True, True]  # 'one"' is a literal quote


def test_a_cell_with_line_breaks_is_one_row_and_later_rows_say_their_line(tmp_path, library):
    lines = [person("Ada", '"Flat 2\nHigh Street, Town"'), "", person("Bo"), person("Cy", "a,b")]
    ada, bo, cy = load_roster(roster(tmp_path, *lines), library.pathways)
    assert ada.ok and bo.ok and (ada.number, bo.number) == (2, 4)  # the blank line is row 3
    assert cy.number == 5 and not cy.ok
    assert str(cy.problems[0]).endswith(
        "row 5 (line 6): has 6 cells, more cells than the header has columns (5); "
        "put quotes around any value that holds the separator"
    )


def test_a_short_row_is_reported_not_checked_with_shifted_cells(tmp_path, library):
    [row] = load_roster(roster(tmp_path, f"Ada,{AI_PM},2027-01-04"), library.pathways)
    assert [p.message for p in row.problems] == [
        "has 3 cells, fewer than the header's 5 columns; "
        "check for a missing separator or a line break inside a cell"
    ]


def test_empty_cells_beyond_the_header_are_no_problem(tmp_path, library):
    [row] = load_roster(roster(tmp_path, person("Ada") + ",,"), library.pathways)
    assert row.ok


def test_a_quote_in_the_middle_of_a_cell_is_a_problem_of_that_row(tmp_path, library):
    rows = load_roster(roster(tmp_path, person('"Ada" Lovelace'), person("Bo")), library.pathways)
    assert "quote in the middle of a cell" in rows[0].problems[0].message
    assert rows[1].ok


def test_a_quote_left_open_in_the_header_makes_the_roster_unreadable(tmp_path, library):
    path = roster(tmp_path, person("Ada"), header='name,"pathway,start_date,hours_per_week')
    with pytest.raises(InputError, match="quote that is not closed in its header"):
        load_roster(path, library.pathways)


def test_a_cell_over_the_cap_is_a_problem_of_its_row_not_a_csv_error(tmp_path, library):
    long_note = '"' + "n" * (MAX_CELL + 1) + '"'
    rows = load_roster(roster(tmp_path, person("Ada", long_note), person("Bo")), library.pathways)
    assert [p.where for p in rows[0].problems] == ["row 2, notes"]
    assert rows[0].problems[0].message == "is longer than 131,072 characters"
    assert rows[1].ok


def test_a_line_over_the_cap_is_a_row_with_a_problem(tmp_path, library):
    rows = load_roster(
        roster(tmp_path, person("Ada", "n" * (MAX_LINE + 10)), person("Bo")), library.pathways
    )
    assert rows[0].problems[0].message == "is longer than 1,048,576 characters, so it is not read"
    assert rows[1].ok and rows[1].number == 3


def test_bytes_that_are_not_utf8_are_named_by_line(tmp_path, library):
    path = tmp_path / "r.csv"
    path.write_bytes((HEADER + "\n" + person("Ada") + "\n").encode() + b"Zo\xeb,x\n")
    with pytest.raises(InputError) as caught:
        load_roster(path, library.pathways)
    [problem] = caught.value.problems
    assert problem.line == 3 and "not UTF-8" in problem.message


def test_a_fifo_is_not_called_missing(tmp_path, library):
    import os

    path = tmp_path / "r.csv"
    os.mkfifo(path)
    with pytest.raises(InputError, match="is not a regular file"):
        load_roster(path, library.pathways)


NAMES = st.text(st.sampled_from("AbZoë ,;'-"), min_size=1, max_size=12).filter(
    lambda n: n.strip(" ,;") and n == n.strip()
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(NAMES, min_size=2, max_size=8, unique=True), broken=st.data())
def test_one_unclosed_quote_changes_no_other_row(tmp_path, library, names, broken):
    """Write a correct CSV (csv quotes what needs it), then open a quote on one line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    writer.writerows([name, AI_PM, "2027-01-04", "10", "x"] for name in names)
    lines = buffer.getvalue().splitlines()
    bad = broken.draw(st.integers(1, len(names)))
    column = broken.draw(st.sampled_from([0, 4]))
    cells = lines[bad].rsplit(",", 1) if column == 4 else ["", lines[bad]]
    lines[bad] = f'{cells[0]},"{cells[1]}' if column == 4 else f'"{lines[bad]}'
    path = tmp_path / "prop.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = load_roster(path, library.pathways)
    assert [r.number for r in rows] == list(range(2, len(names) + 2))
    for row, name in zip(rows, names, strict=True):
        if row.number == bad + 1:
            assert not row.ok and "quote" in row.problems[0].message
        else:
            assert row.ok and row.name == name.strip()
