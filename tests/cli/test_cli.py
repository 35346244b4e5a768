"""The command line: what it writes and prints, and exit 2 with one line per bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from conftest import AI_PM, PATHWAY_IDS
from workbook import __version__
from workbook.cli import main

GOOD = {
    "name": "name: Ada Example",
    "pathway": f"pathway: {AI_PM}",
    "start_date": "start_date: 2027-01-04",
    "hours_per_week": "hours_per_week: 12",
}


@pytest.fixture
def runner():
    return CliRunner()


def write_profile(folder: Path, **lines: str) -> Path:
    path = folder / "profile.yaml"
    fields = {**GOOD, **lines}
    path.write_text("\n".join(v for v in fields.values() if v) + "\n", encoding="utf-8")
    return path


def test_generate_alone_writes_the_example_into_output(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["generate"])
    assert result.exit_code == 0, result.output
    written = Path(result.stdout.strip())
    assert written.parent == Path("output") and written.suffix == ".pdf"
    assert len(pypdf.PdfReader(written).pages) > 20


def test_generate_to_a_named_file_on_a4(runner, tmp_path):
    out = tmp_path / "books" / "mine.pdf"
    profile = write_profile(tmp_path)
    args = ["--profile", str(profile), "--out", str(out), "--paper", "A4", "--weeks", "1-2"]
    result = runner.invoke(main, ["generate", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert round(float(pypdf.PdfReader(out).pages[0].mediabox[2])) == 595


@pytest.mark.parametrize(
    ("lines", "field"),
    [
        ({"start_date": "start_date: 2027-13-01"}, "start_date"),
        ({"hours_per_week": "hours_per_week: -3"}, "hours_per_week"),
        ({"hours_per_week": "hours_per_week: 0.05"}, "hours_per_week"),
        ({"name": ""}, "name"),
        ({"pathway": "pathway: astronaut"}, "pathway"),
        ({"skills": "skills: {juggling: 2}"}, "skills.juggling"),
        ({"paper": "paper: legal"}, "paper"),
        ({"weeks_off": "weeks_off: [{from: 2027-02-10, to: 2027-02-01}]"}, "weeks_off[0].to"),
    ],
)
def test_bad_profiles_exit_2_naming_the_field(runner, tmp_path, lines, field):
    profile = write_profile(tmp_path, **lines)
    out = tmp_path / "out"
    result = runner.invoke(main, ["generate", "--profile", str(profile), "--out", str(out)])
    assert result.exit_code == 2
    assert f"{profile}" in result.stderr and f": {field}: " in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_missing_profile_file_is_one_clear_line(runner, tmp_path):
    result = runner.invoke(main, ["generate", "--profile", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {tmp_path / 'nope.yaml'}: file not found"


def test_a_profile_that_is_not_yaml(runner, tmp_path):
    path = tmp_path / "profile.yaml"
    path.write_text("name: [Ada\n", encoding="utf-8")
    result = runner.invoke(main, ["generate", "--profile", str(path)])
    assert result.exit_code == 2 and "not valid YAML" in result.stderr


def test_pathways_list(runner):
    result = runner.invoke(main, ["pathways", "list"])
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == list(PATHWAY_IDS)


def test_pathways_show(runner):
    result = runner.invoke(main, ["pathways", "show", AI_PM])
    assert result.exit_code == 0
    assert "Moderate" in result.stdout and "ai-ml-concepts" in result.stdout
    missing = runner.invoke(main, ["pathways", "show", "astronaut"])
    assert missing.exit_code == 2 and "unknown pathway 'astronaut'" in missing.stderr


def test_pathways_validate(runner, tmp_path):
    from workbook.content import bundled_content_dir

    good = runner.invoke(main, ["pathways", "validate", str(bundled_content_dir() / "pathways")])
    assert good.exit_code == 0 and good.stdout.count("ok: ") == 4
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\n", encoding="utf-8")
    result = runner.invoke(main, ["pathways", "validate", str(bad)])
    assert result.exit_code == 2
    assert f"error: {bad}:1: from_role: is required" in result.stderr


def test_version_and_help(runner):
    assert runner.invoke(main, ["--version"]).stdout.strip() == f"workbook, version {__version__}"
    for command in (["--help"], ["generate", "--help"], ["pathways", "validate", "--help"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 0 and "Usage:" in result.stdout


@pytest.mark.parametrize(
    ("lines", "field", "words"),
    [
        ({"start_date": "start_date: 9999-12-20"}, "start_date", "must lie between"),
        ({"start_date": "start_date: '20270104'"}, "start_date", "YYYY-MM-DD"),
        ({"hours_per_week": "hours_per_week: true"}, "hours_per_week", "number of hours"),
        ({"hours_per_week": "hours_per_week: .nan"}, "hours_per_week", "number of hours"),
        ({"extra": "name: Twice"}, "name", "is given twice"),
    ],
)
def test_odd_values_are_refused_clearly(runner, tmp_path, lines, field, words):
    profile = write_profile(tmp_path, **lines)
    result = runner.invoke(main, ["generate", "--profile", str(profile), "--out", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert f": {field}: " in result.stderr and words in result.stderr
    assert "Traceback" not in result.output


def test_an_output_that_cannot_be_written_is_one_line(runner, tmp_path):
    blocker = tmp_path / "afile.txt"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["generate", "--out", str(blocker / "book.pdf"), "--weeks", "1-2"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {blocker / 'book.pdf'}: cannot be written")


# -- pace warnings, --weeks and `workbook plan` ----------------------------------------------------


def test_a_fast_pace_is_warned_about_on_stderr_and_still_built(runner, tmp_path):
    profile = write_profile(tmp_path, hours_per_week="hours_per_week: 60")
    out = tmp_path / "book.pdf"
    args = ["generate", "--profile", str(profile), "--out", str(out), "--weeks", "1-2"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "warning: At 60 hours a week you are ready for the new role in" in result.stderr
    assert out.exists()


def test_weeks_prints_part_of_a_long_plan(runner, tmp_path):
    profile = write_profile(tmp_path, hours_per_week="hours_per_week: 1")
    out = tmp_path / "part.pdf"
    args = ["generate", "--profile", str(profile), "--out", str(out), "--weeks", "1-26"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "longer than two years" in result.stderr and "--weeks FROM-TO" in result.stderr
    reader = pypdf.PdfReader(out)
    weeks = [item.title for item in _flat(reader.outline) if item.title.startswith("Week ")]
    assert weeks[0].startswith("Week 1 ") and weeks[-1].startswith("Week 26 ")
    assert len(weeks) == 26
    assert len(reader.pages) < 120


def _flat(outline):
    for item in outline:
        yield from _flat(item) if isinstance(item, list) else [item]


@pytest.mark.parametrize(
    ("weeks", "message"),
    [
        ("26", "must be written FROM-TO"),
        ("5-x", "must be written FROM-TO"),
        ("30-2", "1-"),
        ("1-900", "but the plan has working weeks 1-"),
    ],
)
def test_bad_weeks_get_one_clear_message(runner, tmp_path, weeks, message):
    profile = write_profile(tmp_path)
    out = tmp_path / "book.pdf"
    args = ["generate", "--profile", str(profile), "--out", str(out), "--weeks", weeks]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.count("error:") == 1 and "--weeks" in result.stderr
    assert message in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_plan_prints_the_weeks_as_a_table(runner, tmp_path):
    profile = write_profile(tmp_path)
    result = runner.invoke(main, ["plan", "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    assert "Week 1 " in result.stdout and "(due)" in result.stdout
    assert "First application" in result.stdout


def test_plan_writes_json_and_ics_that_are_the_same_every_time(runner, tmp_path):
    profile = write_profile(tmp_path)
    outputs = {}
    for form in ("json", "ics"):
        out = tmp_path / f"plan.{form}"
        result = runner.invoke(
            main, ["plan", "--profile", str(profile), "--format", form, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == str(out)
        outputs[form] = out.read_bytes()
        runner.invoke(
            main, ["plan", "--profile", str(profile), "--format", form, "--out", str(out)]
        )
        assert out.read_bytes() == outputs[form]
    document = json.loads(outputs["json"])
    assert document["pathway"] == AI_PM and document["hours_per_week"] == 12
    assert outputs["ics"].startswith(b"BEGIN:VCALENDAR")


def test_plan_reports_bad_input_like_generate(runner, tmp_path):
    profile = write_profile(tmp_path, start_date="start_date: 2027-02-30")
    result = runner.invoke(main, ["plan", "--profile", str(profile), "--format", "json"])
    assert result.exit_code == 2
    assert f"error: {profile}:3: start_date:" in result.stderr
    assert result.stdout == ""


def test_hours_too_few_for_any_plan_name_their_line(runner, tmp_path):
    profile = write_profile(tmp_path, hours_per_week="hours_per_week: 0.25")
    result = runner.invoke(main, ["generate", "--profile", str(profile)])
    assert result.exit_code == 2
    assert f"error: {profile}:4: hours_per_week: at 0.25 hours a week the plan" in result.stderr
