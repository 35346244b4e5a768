"""YAML file → validated model, with problems that name the file, the field and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from workbook.errors import InputError, Problem

M = TypeVar("M", bound=BaseModel)


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Read a YAML file with safe_load; return the data and its node tree (for line numbers)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(str(path), "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(path), "", f"cannot be read: {exc}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise InputError([Problem(str(path), "", f"not valid YAML: {reason}", line)]) from None
    twice = list(_repeated_keys(node, str(path)))
    if twice:
        raise InputError(twice)
    try:
        return yaml.safe_load(text), node
    except ValueError as exc:  # safe_load builds dates itself and fails on ones like 2027-02-30
        problems = list(_impossible_dates(node, str(path)))
        raise InputError(problems or [Problem(str(path), "", f"not valid YAML: {exc}")]) from None


def _repeated_keys(node: yaml.Node | None, source: str, loc: tuple = ()):
    """A key given twice in one mapping: YAML would silently keep the last one."""
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if key.value in seen:
                yield Problem(
                    source, field_path((*loc, key.value)), "is given twice", key.start_mark.line + 1
                )
            seen.add(key.value)
            yield from _repeated_keys(value, source, (*loc, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            yield from _repeated_keys(value, source, (*loc, index))


def _impossible_dates(node: yaml.Node | None, source: str, loc: tuple = ()):
    """Every timestamp-looking scalar that is not a real calendar date, with its place."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _impossible_dates(value, source, (*loc, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            yield from _impossible_dates(value, source, (*loc, index))
    elif node is not None and node.tag.endswith(":timestamp"):
        try:
            yaml.safe_load(node.value)
        except ValueError:
            message = f"{node.value!r} is not a real date (YYYY-MM-DD)"
            yield Problem(source, field_path(loc), message, node.start_mark.line + 1)


def field_path(loc: tuple[int | str, ...]) -> str:
    """('roadmap', 2, 'tasks', 0) → 'roadmap[2].tasks[0]'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """The 1-based line of the deepest node the location reaches in the YAML tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _child(node: yaml.Node | None, part: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def problem_at(source: str, node: yaml.Node | None, loc: tuple, message: str) -> Problem:
    """A Problem at a field location, with the line it has in the YAML tree when known."""
    return Problem(source, field_path(loc), message, line_of(node, loc))


def problems_from(
    exc: ValidationError, source: str, node: yaml.Node | None = None
) -> list[Problem]:
    """Pydantic's errors → Problems, one per field, in the order pydantic reports them."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        message = err["msg"].removeprefix("Value error, ")
        problems.append(problem_at(source, node, loc, message))
    return problems


def _is_union_tag(part: int | str) -> bool:
    # pydantic inserts type names such as 'function-after[...]' into locations of unions
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float"})


def validate(data: Any, model: type[M], source: str, node: yaml.Node | None = None) -> M:
    """Validate data into a model, raising InputError with every problem found."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, source, node)) from None


def load_model(path: Path, model: type[M]) -> M:
    """Read and validate one YAML file."""
    data, node = read_yaml(path)
    return validate(data, model, str(path), node)
