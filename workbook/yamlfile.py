"""A YAML file → its data and node tree, in the one dialect; or a validated model (`load_model`)."""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from workbook.errors import InputError, Problem
from workbook.inputfiles import read_bytes
from workbook.messages import M, field_path, shown, validate
from workbook.text import describe
from workbook.yamldialect import DEPTH, MAX_DEPTH, TIMESTAMP, Loader, Refused, refused

MAX_BYTES = 2_000_000  # any YAML file (a YAML roster is the largest): read in some 10 s


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) → text; other bytes are a problem naming their line."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "it looks like UTF-16; " if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        message = (
            f"is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be read "
            f"({hint}save the file as UTF-8)"
        )
        raise InputError([Problem(source, "", message, line)]) from None


def read_yaml(
    path: Path, limit: int = MAX_BYTES, what: str = "YAML"
) -> tuple[Any, yaml.Node | None]:
    """Read a YAML file; return the data and its node tree (for line numbers).

    Raises InputError with every problem, including the ones `load_yaml` lets through.
    """
    data, node, problems = load_yaml(path, limit, what)
    if problems:
        raise InputError(problems)
    return data, node


def load_yaml(
    path: Path, limit: int = MAX_BYTES, what: str = "YAML"
) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Read a YAML file: (data, node tree, problems that still leave the data usable).

    A key given twice (the last one is kept) and an impossible date (kept as text) are
    returned, so that they are reported together with the model's own problems. Anything that
    leaves no data (not UTF-8, not YAML, too big, aliases, tags, deep nesting) raises.
    """
    source = str(path)
    text = decode(read_bytes(path, limit, what), source)
    loader = None
    try:
        loader = Loader(text)  # the reader refuses control characters here
        node = loader.get_single_node()
        fatal, problems = _split(_node_problems(node, source))
        if fatal:
            raise InputError(fatal + problems)
        return (loader.construct_document(node) if node is not None else None), node, problems
    except Refused:
        found = _structure_problems(text, source)
        raise InputError(
            found or [Problem(source, "", "uses YAML this tool does not read")]
        ) from None
    except yaml.YAMLError as exc:
        raise InputError([_yaml_problem(exc, source, text)]) from None
    finally:
        if loader is not None:
            loader.dispose()


def _structure_problems(text: str, source: str) -> list[Problem]:
    """Anchors, aliases, tags and deep nesting, found in the event stream before any node exists.

    Nothing is expanded, so an alias bomb costs no more than its own length. Each kind of
    problem is reported once, at its first line, with how often it occurs.
    """
    found: dict[str, list] = {}  # kind → [what, why, first line, count]
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            depth += DEPTH.get(type(event), 0)
            refusal = refused(event, depth)
            if refusal:
                kind, what, why = refusal
                found.setdefault(kind, [what, why, event.start_mark.line + 1, 0])[3] += 1
            if depth > MAX_DEPTH:
                break
    except yaml.YAMLError as exc:
        return [*_counted(found, source), _yaml_problem(exc, source, text)]
    return _counted(found, source)


def _counted(found: dict[str, list], source: str) -> list[Problem]:
    return [
        Problem(source, "", what + (f" ({count:,} in the file)" if count > 1 else "") + why, line)
        for what, why, line, count in found.values()
    ]


def _yaml_problem(exc: yaml.YAMLError, source: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        return Problem(source, "", f"not valid YAML: it holds {describe(chr(exc.character))}", line)
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    reason = getattr(exc, "problem", None) or str(exc)
    if getattr(exc, "context", None):  # "expected a single document…, but found another…"
        reason = f"{exc.context}, {reason}"
    return Problem(source, "", f"not valid YAML: {reason}", line)


def _split(found: Iterable[tuple[bool, Problem]]) -> tuple[list[Problem], list[Problem]]:
    fatal: list[Problem] = []
    other: list[Problem] = []
    for is_fatal, problem in found:
        (fatal if is_fatal else other).append(problem)
    return fatal, other


def _node_problems(node: yaml.Node | None, source: str, loc: tuple = ()) -> Iterator:
    """(fatal?, Problem) for complex keys (fatal), keys given twice and impossible dates."""
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            line = key.start_mark.line + 1
            if not isinstance(key, yaml.ScalarNode):
                message = "has a list or mapping as a key; a key is a plain name"
                yield True, Problem(source, field_path(loc), message, line)
                continue
            if key.value in seen:  # YAML would silently keep the last one
                yield False, Problem(source, field_path((*loc, key.value)), "is given twice", line)
            seen.add(key.value)
            yield from _node_problems(value, source, (*loc, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            yield from _node_problems(value, source, (*loc, index))
    elif node is not None and node.tag == TIMESTAMP and not _real_date(node.value):
        message = f"{shown(node.value)} is not a real date (YYYY-MM-DD)"
        yield False, Problem(source, field_path(loc), message, node.start_mark.line + 1)


def _real_date(text: str) -> bool:
    found = SafeConstructor.timestamp_regexp.match(text)
    try:
        dt.date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        return False
    return True


def load_model(path: Path, model: type[M], limit: int = MAX_BYTES, what: str = "YAML") -> M:
    """Read and validate one YAML file."""
    data, node, problems = load_yaml(path, limit, what)
    return validate(data, model, str(path), node, problems)
