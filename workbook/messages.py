"""Validation errors → problems in the tool's words, located by field path and line."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from workbook.errors import InputError, Problem

M = TypeVar("M", bound=BaseModel)

MAX_SHOWN = 40  # characters of a wrong value quoted back in a message
MAX_PROBLEMS = 100  # per file: past that, a count


# -- values quoted back -----------------------------------------------------------------------


def clip(text: str, limit: int = MAX_SHOWN) -> str:
    """Text of at most `limit` characters, ending in '…' where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escaped(text: str) -> str:
    """Text with every character that would not print (ESC, say) written as an escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shown(value: Any) -> str:
    """A value as a message quotes it: short, escaped, and never a 300-digit number."""
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "nothing"}[value]
    if isinstance(value, int):
        digits = round(value.bit_length() * 0.30103)  # str() of a huge int is slow, or refused
        return str(value) if digits < 16 else f"a number of about {digits} digits"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, str):
        more = f" ({len(value):,} characters)" if len(value) > MAX_SHOWN else ""
        return repr(clip(value)) + more
    return {dict: "a mapping", list: "a list", tuple: "a list"}.get(type(value), "a value")


# -- locations --------------------------------------------------------------------------------


def field_path(loc: tuple[int | str, ...]) -> str:
    """('roadmap', 2, 'tasks', 0) → 'roadmap[2].tasks[0]'; a key is escaped and shortened."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = clip(_escaped(str(part)))
            out += f".{part}" if out else part
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


# -- pydantic's errors in the tool's words -----------------------------------------------------


def _needs(ctx: dict, value: Any, word: str, bound: str) -> str:
    return f"must be {word} {shown(ctx[bound])}, not {shown(value)}"


def _must_be(what: str) -> Callable[[dict, Any], str]:
    return lambda ctx, v: f"must be {what}, not {shown(v)}"


_MUST_BE = {  # pydantic's type errors, worded "must be <what>, not <the value>"
    "a whole number": ("int_type", "int_parsing", "int_from_float"),
    "a number": ("float_type", "float_parsing"),
    "a finite number": ("finite_number",),
    "true or false": ("bool_type", "bool_parsing"),
    "a date written YYYY-MM-DD": ("date_type", "date_parsing", "date_from_datetime_parsing"),
    "a mapping (name: value lines)": ("dict_type",),
    "a mapping of fields": ("model_type", "model_attributes_type"),
    "a list": ("list_type", "tuple_type"),
}
_WORDS = {
    "missing": lambda ctx, v: "is required",
    "extra_forbidden": lambda ctx, v: "is not a known field (check its spelling)",
    "string_too_short": lambda ctx, v: "must not be empty",
    "string_too_long": lambda ctx, v: (
        f"is {len(v):,} characters long; at most {ctx['max_length']:,}"
    ),
    "too_short": lambda ctx, v: f"needs at least {ctx['min_length']} item(s)",
    "too_long": lambda ctx, v: (
        f"has {ctx.get('actual_length') or len(v):,} items; at most {ctx['max_length']:,}"
    ),
    "greater_than": lambda ctx, v: _needs(ctx, v, "more than", "gt"),
    "greater_than_equal": lambda ctx, v: _needs(ctx, v, "at least", "ge"),
    "less_than": lambda ctx, v: _needs(ctx, v, "less than", "lt"),
    "less_than_equal": lambda ctx, v: _needs(ctx, v, "at most", "le"),
    "literal_error": lambda ctx, v: f"must be {ctx['expected']}, not {shown(v)}",
    "string_type": lambda ctx, v: f"must be text, not {shown(v)}" + _quote_hint(v),
    "string_unicode": lambda ctx, v: "contains a lone surrogate (half a character); remove it",
    "date_from_datetime_inexact": lambda ctx, v: (
        f"must be a date written YYYY-MM-DD, without a time; not {shown(v)}"
    ),
    "string_pattern_mismatch": lambda ctx, v: f"{shown(v)} is not in the expected form",
    **{kind: _must_be(what) for what, kinds in _MUST_BE.items() for kind in kinds},
}


def _quote_hint(value: Any) -> str:
    scalar = isinstance(value, int | float | dt.date) or value is None
    return " (put it in quotes to keep it as written)" if scalar else ""


def message_of(err: dict) -> str:
    """One pydantic error → what is wrong, in the tool's words."""
    words = _WORDS.get(err["type"])
    if words is not None:
        return words(err.get("ctx") or {}, err.get("input"))
    return err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")


def problems_from(
    exc: ValidationError, source: str, node: yaml.Node | None = None
) -> list[Problem]:
    """Pydantic's errors → Problems, one per field, in the order pydantic reports them."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not is_union_tag(p))
        for message in message_of(err).split("\n"):  # a check may report several, a line each
            problems.append(problem_at(source, node, loc, message))
    return problems


# pydantic names the members of a union in an error's location ('literal[...]',
# 'function-after[...]', 'str'); these are no field of the file, so they are dropped
_UNION_TAG = re.compile(r"(?:literal|function-\w+|constrained-\w+|list|tuple|dict|nullable)\[.*\]")


def is_union_tag(part: int | str) -> bool:
    return isinstance(part, str) and (
        part in {"str", "int", "float", "bool"} or _UNION_TAG.fullmatch(part) is not None
    )


# -- every problem of a file ------------------------------------------------------------------


def merged(first: list[Problem], then: Iterable[Problem]) -> list[Problem]:
    """`first`, then each of `then` about a field `first` does not already speak of."""
    taken = {p.where for p in first}
    return [*first, *(p for p in then if p.where not in taken)]


def validate(
    data: Any,
    model: type[M],
    source: str,
    node: yaml.Node | None = None,
    problems: list[Problem] | None = None,
) -> M:
    """Validate data into a model, raising InputError with every problem found.

    `problems` are the file's own (a key given twice, say), reported first and in full.
    """
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        raise InputError(capped(merged(problems or [], problems_from(exc, source, node)))) from None
    if problems:
        raise InputError(capped(problems))
    return result


def capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS problems, then one line saying how many more there are."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [
        *problems[:MAX_PROBLEMS],
        Problem(problems[0].source, "", f"and {more:,} more problems"),
    ]
