"""Shared fixtures: the bundled library, profile factories and PDFs built once per session."""

from __future__ import annotations

import collections
import copy
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pypdf
import pypdf._text_extraction
import pytest
from pypdf.generic._font import Font

from workbook.build import build_workbook
from workbook.content import load_library
from workbook.options import Options
from workbook.profile import Profile

AI_PM = "backend-developer-to-ai-product-manager"
PATHWAY_IDS = (
    "backend-developer-to-ai-architect",
    "backend-developer-to-ai-operations-manager",
    "backend-developer-to-ai-product-designer",
    AI_PM,
)


@pytest.fixture(scope="session")
def library(tmp_path_factory):
    global _SHARED
    loaded = load_library()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the run's folder, above each worker's own
        _SHARED = loaded, tmp_path_factory.getbasetemp().parent / "books"
    return loaded


def make_profile(**changes) -> Profile:
    data = {
        "name": "Ada Example",
        "pathway": AI_PM,
        "start_date": dt.date(2027, 1, 4),
        "hours_per_week": 12.5,
    }
    data.update(changes)
    return Profile.model_validate(data)


def _by_object(function: Callable, size: int = 512) -> Callable:
    """`function(obj, *args)` remembered for the object itself (by identity, which the entry keeps
    alive, so that no other object can take its id), for the last `size` objects."""
    found: collections.OrderedDict = collections.OrderedDict()

    def remembered(obj, *args, **kwargs):
        key = (id(obj), args, tuple(sorted(kwargs.items())))
        if key not in found:
            found[key] = obj, function(obj, *args, **kwargs)
            if len(found) > size:
                found.popitem(last=False)
        return found[key][1]

    return remembered


# pypdf reads a font's ToUnicode map, and a form's content stream when a visitor watches it, anew
# for every page and form that uses them: most of the time of reading a book's text back. A book
# shares a few fonts and forms over all its pages, so each is read once per reader; the text found
# is the same (a font is copied, as pypdf may set its space width for the page).
_font = _by_object(Font.from_font_resource.__func__.__get__(Font))
Font.from_font_resource = classmethod(lambda cls, font: copy.copy(_font(font)))
pypdf._text_extraction._get_content_stream_for_text = _by_object(
    pypdf._text_extraction._get_content_stream_for_text
)


class PageTexts(Sequence[str]):
    """Each page's text, extracted the first time it is asked for (most tests read a few)."""

    def __init__(self, reader: pypdf.PdfReader):
        self.reader = reader
        self.found: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.reader.pages)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        index = range(len(self))[index]  # negative indices, and IndexError past the end
        if index not in self.found:
            self.found[index] = self.reader.pages[index].extract_text() or ""
        return self.found[index]


class Pdf:
    """A built workbook read back with pypdf: pages, text, outline."""

    def __init__(self, data: bytes):
        self.data = data
        self.reader = pypdf.PdfReader(io.BytesIO(data))
        self.pages = PageTexts(self.reader)

    @functools.cached_property
    def text(self) -> str:
        return normalise(" ".join(self.pages))

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, 1-based page) for every bookmark, in order."""
        found: list[tuple[int, str, int]] = []

        def walk(items, level):
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    found.append(
                        (level, item.title, self.reader.get_destination_page_number(item) + 1)
                    )

        walk(self.reader.outline, 0)
        return found

    def links(self, page: int) -> list[int]:
        """The 1-based pages that the link annotations on `page` (1-based) lead to."""
        targets = []
        for annot in self.reader.pages[page - 1].get("/Annots", []):
            dest = annot.get_object().get("/Dest")
            if dest is not None:
                targets.append(self.reader.get_page_number(dest[0].get_object()) + 1)
        return targets

    def page_of(self, title: str) -> int:
        return next(page for _, t, page in self.outline() if t == title)

    def section_text(self, title: str, next_title: str) -> str:
        """The text of the pages from one bookmark up to the next one named."""
        first, last = self.page_of(title), self.page_of(next_title) - 1
        return normalise(" ".join(self.pages[first - 1 : last]))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


SHORT = Options(weeks=(1, 2))  # two weekly pages: enough wherever the weeks are not under test
WHOLE = Options()
FILLABLE = dataclasses.replace(SHORT, edition="fillable")  # with form fields


def fill(data: bytes, values: dict[str, str]) -> bytes:
    """A workbook's form filled in as a viewer would save it (field name → value: "/Yes" ticks
    a box, "/3" chooses a radio button, text fills a text field)."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    for page in writer.pages:
        if page.get("/Annots"):
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_BUILT: dict[tuple, tuple[object, Pdf]] = {}  # the library is kept so that its id stays its own
_SHARED: tuple[object, Path] | None = None  # the session's library, and where workers share books


def build(library, options: Options = SHORT, **changes) -> Pdf:
    """The book of `make_profile(**changes)`, built once per test process for the same library,
    options, profile and SOURCE_DATE_EPOCH (the output is deterministic, tests only read it);
    with the session's library, once per run: test processes read each other's books."""
    profile = make_profile(**changes)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    key = (id(library), options, profile.model_dump_json(), epoch)
    if key not in _BUILT:
        pathway = library.pathways[profile.pathway]
        shared = None
        if _SHARED is not None and library is _SHARED[0]:
            name = hashlib.sha256(repr(key[1:]).encode()).hexdigest()
            shared = _SHARED[1] / f"{name}.pdf"
        if shared is not None and shared.is_file():
            data = shared.read_bytes()
        else:
            data = build_workbook(library, pathway, profile, options)
            if shared is not None:  # written whole under a name of its own, then renamed
                shared.parent.mkdir(exist_ok=True)
                part = shared.with_suffix(f".{os.getpid()}.part")
                part.write_bytes(data)
                os.replace(part, shared)
        _BUILT[key] = library, Pdf(data)
    return _BUILT[key][1]


EXAMPLE = {
    "skills": {"pm-fundamentals": 1},
    "weeks_off": [{"from": "2027-03-01", "to": "2027-03-07"}],
}


def example_profile() -> Profile:
    """The profile of `example_pdf`."""
    return make_profile(**EXAMPLE)


@pytest.fixture(scope="session")
def example_pdf(library) -> Pdf:
    return build(library, WHOLE, **EXAMPLE)


class Books(Mapping[str, Pdf]):
    """Each pathway's book with the same options and profile changes, built the first time a test
    asks for it (a test process builds only the pathways its tests read)."""

    def __init__(self, library, options: Options, **changes):
        self.library, self.options, self.changes = library, options, changes

    def __getitem__(self, pathway_id: str) -> Pdf:
        if pathway_id not in PATHWAY_IDS:
            raise KeyError(pathway_id)
        return build(self.library, self.options, pathway=pathway_id, **self.changes)

    def __iter__(self):
        return iter(PATHWAY_IDS)

    def __len__(self) -> int:
        return len(PATHWAY_IDS)


@pytest.fixture(scope="session")
def short_books(library) -> Books:
    """Each pathway's book with its first two weekly pages."""
    return Books(library, SHORT)
