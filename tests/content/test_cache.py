"""Validated content kept between runs: served only for the very same files and code."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys

import pytest

from workbook import content
from workbook.content import NO_CACHE, VALIDATING, LibraryCache, bundled_content_dir
from workbook.errors import InputError

AI_PM = "backend-developer-to-ai-product-manager"
load = content.load_library.__wrapped__  # without the per-process memo: as a new run would


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(NO_CACHE, raising=False)
    return tmp_path / "cache" / "workbook"


@pytest.fixture
def folder(tmp_path):
    """A copy of the bundled content to change."""
    copy = tmp_path / "content"
    shutil.copytree(bundled_content_dir(), copy)
    return copy


def entries(cache) -> list:
    return sorted(cache.glob("*.pickle"))


def unreadable(monkeypatch):
    """From now on, content can only come from the cache."""

    def refuse(folder):
        raise AssertionError("content was read again")

    monkeypatch.setattr(content, "load_pathways", refuse)


def test_a_second_run_takes_the_same_content_from_the_cache(cache, folder, monkeypatch):
    fresh = load(folder)
    assert len(entries(cache)) == 1 and (cache.stat().st_mode & 0o777) == 0o700
    unreadable(monkeypatch)
    kept = load(folder)
    assert kept == fresh and kept.digest == fresh.digest


def test_changed_content_is_never_served_from_the_cache(cache, folder):
    path = folder / "pathways" / f"{AI_PM}.yaml"
    load(folder)
    path.write_text(path.read_text().replace("AI Product Manager", "AI Product Lead"))
    assert load(folder).pathways[AI_PM].to_role == "AI Product Lead"
    shared = folder / "workbook.yaml"  # a shared file counts as much as a pathway
    shared.write_text(shared.read_text().replace("name: expert", "name: master"))
    assert load(folder).text.skill_levels[-1].name == "master"


def test_broken_content_after_good_is_reported_as_without_a_cache(cache, folder, monkeypatch):
    load(folder)
    path = folder / "pathways" / f"{AI_PM}.yaml"
    path.write_text(path.read_text().replace("priority: critical", "priority: urgent", 1))
    with pytest.raises(InputError) as cached:
        load(folder)
    monkeypatch.setenv(NO_CACHE, "1")
    with pytest.raises(InputError) as uncached:
        load(folder)
    assert "priority" in str(cached.value) and str(cached.value) == str(uncached.value)


def test_a_damaged_entry_is_ignored_and_written_again(cache, folder):
    fresh = load(folder)
    [entry] = entries(cache)
    entry.write_bytes(b"not a pickle")
    assert load(folder) == fresh
    assert entries(cache) == [entry] and entry.read_bytes() != b"not a pickle"


def test_another_version_of_the_code_does_not_read_an_entry(cache, folder):
    library = load(folder)
    assert LibraryCache(cache, "this code").get(library.digest) is None
    LibraryCache(cache, "this code").put(library)
    assert LibraryCache(cache, "other code").get(library.digest) is None
    assert LibraryCache(cache, "this code").get(library.digest) == library


def test_a_folder_others_may_enter_is_not_used(cache, folder):
    cache.mkdir(parents=True)
    cache.chmod(0o755)
    assert LibraryCache.open() is None
    load(folder)
    assert entries(cache) == []


def test_the_cache_can_be_turned_off(cache, folder, monkeypatch):
    monkeypatch.setenv(NO_CACHE, "1")
    load(folder)
    assert not cache.exists()


def test_old_entries_are_dropped(cache, folder):
    library = load(folder)
    store = LibraryCache.open()
    for n in range(content.CACHE_ENTRIES + 2):  # as many other content folders
        store.put(dataclasses.replace(library, digest=str(n)))
        assert len(entries(cache)) == min(n + 2, content.CACHE_ENTRIES)
    assert store.get(str(content.CACHE_ENTRIES + 1)) is not None  # the newest are kept


def test_the_code_digest_covers_every_module_content_runs():
    """A module that validates content but is not in VALIDATING could change unnoticed."""
    script = "import sys, workbook.content; print(*(m for m in sys.modules if 'workbook' in m))"
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=os.environ
    ).stdout.split()
    assert set(found) <= set(VALIDATING) | {"workbook.files"}  # files: only writes the cache
