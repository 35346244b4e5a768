"""The hostile-input corpus: every string prints literally or is refused with a message; nothing
runs, nothing outside the declared inputs is opened, and no case takes more than a moment."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import unicodedata
from pathlib import Path

import pypdf
import pytest
import yaml
from click.testing import CliRunner
from reportlab.platypus import Paragraph, SimpleDocTemplate

import workbook
from conftest import AI_PM
from workbook.cli import main
from workbook.content import MAX_RESOURCE, LibraryCache, bundled_content_dir, load_library
from workbook.errors import InputError
from workbook.messages import validate
from workbook.profile import Profile, load_profile
from workbook.render.fonts import load_fonts
from workbook.render.scripts import invisible
from workbook.render.theme import Styles

CORPUS = json.loads((Path(__file__).parent / "hostile.json").read_text(encoding="utf-8"))
CASES = [(case["id"], case["text"]) for case in CORPUS["cases"]]
OPENED: list[str] | None = None  # paths opened while a case runs (None: not recording)


def _record_opens(event: str, args: tuple) -> None:
    if OPENED is not None and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        OPENED.append(os.path.abspath(os.fsdecode(args[0])))


sys.addaudithook(_record_opens)  # audit hooks cannot be removed: it records only when asked


@pytest.fixture
def opened(tmp_path):
    """Record every file the code under test opens, and check each is an allowed one."""
    global OPENED
    OPENED = []
    yield OPENED
    found, OPENED = OPENED, None
    assert any(path.startswith(str(tmp_path)) for path in found)  # the hook did record
    allowed = [
        str(tmp_path),
        sys.prefix,
        sys.base_prefix,
        str(Path(workbook.__file__).parent),
        str(bundled_content_dir()),
        "/dev/null",
        "/dev/urandom",
        *([str(cache.folder)] if (cache := LibraryCache.open()) else []),  # the tool's own
    ]
    strays = [path for path in found if not any(path.startswith(root) for root in allowed)]
    assert not strays, strays


def armed(text: str, marker: Path) -> str:
    return text.replace(CORPUS["marker_placeholder"], str(marker))


def squeeze(text: str) -> str:
    """Text without white space: a long word may be broken over lines on the page."""
    return "".join(text.split())


def printable_ascii(text: str) -> bool:
    return text.isascii() and text.isprintable() and text.strip() != ""


@pytest.mark.parametrize(("case", "text"), CASES, ids=[c for c, _ in CASES])
def test_as_a_name_it_prints_literally_or_is_refused(case, text, tmp_path):
    data = {"name": armed(text, tmp_path / "ran"), "pathway": AI_PM}
    data |= {"start_date": "2027-01-04", "hours_per_week": 10}
    try:
        profile = validate(data, Profile, "profile.yaml", None)
    except InputError as exc:
        assert all(p.where == "name" and p.message for p in exc.problems), exc.problems
        return
    printed = squeeze(extracted(profile.name))
    expected = "".join(c for c in unicodedata.normalize("NFC", profile.name) if not invisible(c))
    assert printed == squeeze(expected)
    assert not (tmp_path / "ran").exists()


def extracted(text: str) -> str:
    """The text layer of a one-paragraph PDF holding `text` as the workbook marks it up."""
    fonts = load_fonts()
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=True).build(
        [Paragraph(fonts.markup(text), Styles(fonts).body)]
    )
    return " ".join(page.extract_text() for page in pypdf.PdfReader(buffer).pages)


@pytest.mark.parametrize(("case", "text"), CASES, ids=[c for c, _ in CASES])
def test_as_an_email_it_is_kept_only_when_it_is_an_address(case, text):
    data = {"name": "Ada", "pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 10}
    try:
        profile = validate({**data, "email": text}, Profile, "profile.yaml", None)
    except InputError as exc:
        assert [p.where for p in exc.problems] == ["email"]
        return
    assert profile.email is None or "@" in profile.email


def content_pack(folder: Path, texts: list[str]) -> Path:
    """The AI PM pathway with every given text as the title of a resource (the pathway's own,
    then new ones named by its first phase), or as a reality-check item when it is longer."""
    source = bundled_content_dir() / "pathways" / f"{AI_PM}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["reality_check"]["love"] += [t for t in texts if len(t) > MAX_RESOURCE]
    entries = data["resources"]
    for n, text in enumerate(t for t in texts if len(t) <= MAX_RESOURCE):
        if n == len(entries):
            entries.append({"id": f"hostile-{n}", "kind": "book"})
            data["roadmap"][0]["resources"].append(f"hostile-{n}")
        entries[n].pop("author", None)  # a provider each: texts differing in markup stay distinct
        entries[n].update(title=text, provider=f"P{n}")
    data["roadmap"][0]["tasks"][3]["text"] = texts[0]
    pathways = folder / "pathways"
    pathways.mkdir(parents=True)
    (pathways / f"{AI_PM}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return folder


def test_a_content_pack_and_a_profile_full_of_markup_print_it_as_text(tmp_path, opened):
    marker = tmp_path / "ran"
    texts = [armed(t, marker) for _, t in CASES if printable_ascii(t) and len(t) <= 600]
    texts = list(dict.fromkeys(t.strip() for t in texts if t.strip()))
    assert len(texts) >= 80
    content = content_pack(tmp_path / "content", texts)
    profile = tmp_path / "me.yaml"
    assert any("system(" in t for t in texts)  # the CVE shape, armed with a marker file
    name = '<img src="/etc/passwd"/> & <font color="red">Eve</font>'
    profile.write_text(
        yaml.safe_dump(
            {"name": name, "pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 40}
        ),
        encoding="utf-8",
    )
    out = tmp_path / "book.pdf"
    args = ["generate", "--profile", str(profile), "--content", str(content), "--out", str(out)]
    result = CliRunner().invoke(main, [*args, "--weeks", "1-2"])
    assert result.exit_code == 0, result.output
    assert not marker.exists()

    text = squeeze(" ".join(p.extract_text() for p in pypdf.PdfReader(out).pages))
    missing = [t for t in [*texts, name] if squeeze(t) not in text]
    assert not missing, missing


def test_a_roster_of_hostile_names_reports_or_builds_every_row(tmp_path, opened):
    marker = tmp_path / "ran"
    picks = ["markup-04", "length-00", "scripts-00", "scripts-02", "control-00", "formulas-04"]
    names = [armed(dict(CASES)[case], marker) for case in picks]
    path = tmp_path / "cohort.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "pathway", "start_date", "hours_per_week"])
        writer.writerows([name, AI_PM, "2027-01-04", "80"] for name in names)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(path), "--out", str(out), "--workers", "1", "--quiet"]
    )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and not marker.exists()
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    assert len(manifest) == len(names)
    for entry in manifest:
        assert entry["status"] == "ok" or entry["message"], entry
        if entry["status"] == "ok":
            assert (out / entry["file"]).parent == out and (out / entry["file"]).is_file()


def test_every_string_through_a_profile_file_a_roster_and_a_content_file(tmp_path, opened):
    """Each string as a profile's name, a roster row's name and a content title, read from the
    files a person would hand over: each kept or refused with a message naming it, none run."""
    marker = tmp_path / "ran"
    texts = [armed(text, marker) for _, text in CASES]
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for number, text in enumerate(texts):
        person = {"name": text, "pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 9}
        (profiles / f"{number}.yaml").write_text(yaml.safe_dump(person), encoding="utf-8")
    library = load_library()
    for number in range(len(texts)):
        path = profiles / f"{number}.yaml"
        try:
            load_profile(path, library.pathways)
        except InputError as exc:
            assert all(str(path) in str(p) and p.message for p in exc.problems)
    roster = tmp_path / "cohort.yaml"
    row = {"pathway": AI_PM, "start_date": "2027-01-04", "hours_per_week": 9}
    roster.write_text(yaml.safe_dump([{"name": text, **row} for text in texts]), "utf-8")
    result = CliRunner().invoke(main, ["batch", str(roster), "--check"])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    assert "rows ok, " in result.stderr
    source = bundled_content_dir() / "pathways" / f"{AI_PM}.yaml"
    for number, text in enumerate(texts[::7]):  # every kind of string, a few of each
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["roadmap"][0]["name"] = text
        path = tmp_path / f"{AI_PM}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        result = CliRunner().invoke(main, ["pathways", "validate", str(path)])
        assert result.exit_code in (0, 2) and "Traceback" not in result.output, number
        if result.exit_code == 2:
            assert "roadmap[0].name:" in result.stderr
    assert not marker.exists()
