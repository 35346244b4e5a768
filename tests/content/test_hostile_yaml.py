"""Hostile YAML files: refused at once with one clear message and a line, never run or expanded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import AI_PM
from workbook.content import load_pathway
from workbook.errors import InputError
from workbook.profile import load_profile
from workbook.yamlfile import read_yaml

BASE = f"name: Ada\npathway: {AI_PM}\nstart_date: 2027-01-04\nhours_per_week: 10\n"
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}' if prev else 'lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def messages(load, path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(path)
    return [str(p) for p in caught.value.problems]


def profile_messages(path: Path, library) -> list[str]:
    return messages(lambda p: load_profile(p, library.pathways), path)


def write(tmp_path: Path, text: str, name: str = "profile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("load", [read_yaml, load_pathway], ids=["roster", "content"])
def test_an_alias_bomb_is_refused_at_once_in_any_yaml(tmp_path, load):
    path = write(tmp_path, BOMB, "bomb.yaml")
    found = messages(load, path)
    assert found == [
        f"{path}:1: sets the anchor &a (9 in the file): anchors and aliases are not allowed; "
        "write each value out in full",
        f"{path}:2: uses the alias *a (72 in the file): anchors and aliases are not allowed; "
        "write each value out in full",
    ]


def test_an_alias_bomb_in_a_profile_is_refused(tmp_path, library):
    found = profile_messages(write(tmp_path, BOMB + BASE), library)
    assert len(found) == 2 and "anchor &a" in found[0] and "alias *a" in found[1]


def test_one_anchor_is_refused_too(tmp_path, library):
    path = write(tmp_path, BASE + "skills: &mine {ai-ethics: 2}\n")
    [message] = profile_messages(path, library)
    assert message.startswith(f"{path}:5: sets the anchor &mine")


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system ['touch {marker}']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!python/object/new:os.system ['touch {marker}']", "!!python/object/new:os.system"),
        ("!custom x", "!custom"),
        ("!!binary QWRh", "!!binary"),
        ("!!int 12", "!!int"),
    ],
)
def test_tags_are_refused_and_never_run(tmp_path, library, value, tag):
    marker = tmp_path / "ran"
    text = BASE.replace("name: Ada", "name: " + value.format(marker=marker))
    [message] = profile_messages(write(tmp_path, text), library)
    assert f":1: uses the tag {tag}: tags are not allowed" in message
    assert not marker.exists()


def test_a_str_tag_keeps_a_value_as_written(tmp_path, library):
    profile, _ = load_profile(write(tmp_path, BASE.replace("Ada", "!!str 010")), library.pathways)
    assert profile.name == "010"


def test_a_complex_key_gets_a_message_not_a_type_error(tmp_path, library):
    path = write(tmp_path, BASE + "? [a, b]\n: 1\n")
    assert profile_messages(path, library) == [
        f"{path}:5: has a list or mapping as a key; a key is a plain name"
    ]


@pytest.mark.parametrize(
    "nesting",
    ["[" * 20_000 + "]" * 20_000, "{a: " * 5_000 + "1" + "}" * 5_000],
    ids=["lists", "mappings"],
)
def test_deep_nesting_gets_a_message_not_a_recursion_error(tmp_path, library, nesting):
    path = write(tmp_path, BASE + f"skills: {nesting}\n")
    assert profile_messages(path, library) == [
        f"{path}:5: nests lists and mappings more than 20 levels deep"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_given_as_a_profile_is_refused_without_waiting(tmp_path, library):
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    assert profile_messages(fifo, library) == [f"{fifo}: is a pipe, not a profile file"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_given_as_a_profile_is_refused(library):
    assert profile_messages(Path("/dev/zero"), library) == [
        "/dev/zero: is a device, not a profile file"
    ]


def test_a_huge_profile_is_refused_by_its_size(tmp_path, library):
    path = write(tmp_path, BASE + "# " + "x" * 100_000 + "\n")
    [message] = profile_messages(path, library)
    assert (
        message.startswith(f"{path}: is ") and "a profile file is at most 64,000 bytes" in message
    )


def test_a_link_to_a_system_file_is_not_a_profile_and_not_echoed(tmp_path, library):
    system = write(tmp_path, "MemTotal: 16 kB\nSecretKey: hunter2\nroot: x:0:0\n", "meminfo")
    link = tmp_path / "profile.yaml"
    try:
        link.symlink_to(system)
    except OSError:
        pytest.skip("this system does not make symbolic links")
    [message] = profile_messages(link, library)
    assert message.startswith(f"{link}: is not a profile: a profile is a YAML mapping")
    assert "MemTotal" not in message and "SecretKey" not in message


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just words\n"])
def test_a_file_that_is_not_a_mapping_is_not_a_profile(tmp_path, library, text):
    [message] = profile_messages(write(tmp_path, text), library)
    assert ": is not a profile:" in message


def test_invalid_utf8_names_its_line(tmp_path, library):
    path = tmp_path / "profile.yaml"
    path.write_bytes(BASE.encode() + "email: zo\xeb@example.com\n".encode("latin-1"))
    assert profile_messages(path, library) == [
        f"{path}:5: is not UTF-8 text: byte 0xeb cannot be read (save the file as UTF-8)"
    ]


def test_a_utf16_file_is_named_as_such(tmp_path, library):
    path = tmp_path / "profile.yaml"
    path.write_bytes(BASE.encode("utf-16"))
    [message] = profile_messages(path, library)
    assert "it looks like UTF-16; save the file as UTF-8" in message


def test_a_raw_control_character_names_its_line(tmp_path, library):
    path = write(tmp_path, BASE + "email: a\x07b@example.com\n")
    assert profile_messages(path, library) == [
        f"{path}:5: not valid YAML: it holds a control character, U+0007"
    ]


def test_a_byte_order_mark_is_fine(tmp_path, library):
    path = tmp_path / "profile.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_profile(path, library.pathways)[0].name == "Ada"


def test_two_documents_are_refused(tmp_path, library):
    path = write(tmp_path, BASE + "---\n" + BASE)
    [message] = profile_messages(path, library)
    assert message == (
        f"{path}:5: not valid YAML: expected a single document in the stream, "
        "but found another document"
    )


def test_a_file_with_many_problems_reports_them_all_at_once(tmp_path, library):
    path = write(
        tmp_path,
        "name: [Ada]\npathway: 12\nstart_date: 2027-02-30\nhours_per_week: lots\n"
        "paper: a4\npaper: legal\nemail: 5\nskills: [a]\nweeks_off: {from: x}\ncolour: blue\n",
    )
    found = profile_messages(path, library)
    assert [m.removeprefix(f"{path}:").split(":")[0:2] for m in found] == [
        ["3", " start_date"],
        ["6", " paper"],
        ["1", " name"],
        ["2", " pathway"],
        ["4", " hours_per_week"],
        ["7", " email"],
        ["8", " skills"],
        ["9", " weeks_off"],
        ["10", " colour"],
    ]
    assert found[0].endswith("start_date: '2027-02-30' is not a real date (YYYY-MM-DD)")
    assert found[1].endswith("paper: is given twice")


def test_a_content_file_with_hundreds_of_problems_lists_a_hundred_and_a_count(tmp_path):
    path = write(tmp_path, "".join(f"field-{n}: x\n" for n in range(300)), "x.yaml")
    found = messages(load_pathway, path)
    assert len(found) == 101 and found[-1].endswith("more problems")


def test_a_field_name_is_quoted_back_escaped_and_short(tmp_path, library):
    path = write(tmp_path, BASE + '"colour\\e[31m": red\n' + "k" * 500 + ": 1\n")
    found = profile_messages(path, library)
    assert found[0] == f"{path}:5: colour\\x1b[31m: is not a known field (check its spelling)"
    assert found[1] == f"{path}:6: {'k' * 39}…: is not a known field (check its spelling)"
