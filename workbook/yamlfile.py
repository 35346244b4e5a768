"""YAML file → validated model, with problems that name the file, the field and the line."""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver

from workbook.errors import InputError, Problem
from workbook.inputfiles import read_bytes

M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 2_000_000  # any YAML file (a YAML roster is the largest): read in some 10 s
MAX_DEPTH = 20  # the bundled content nests 6 deep; deeper only serves to exhaust the stack
MAX_SHOWN = 40  # characters of a wrong value quoted back in a message
MAX_PROBLEMS = 100  # per file: past that, a count


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


# -- the YAML dialect: plain scalars, no tags, anchors or aliases -------------------------------

TAG = "tag:yaml.org,2002:"
TIMESTAMP = TAG + "timestamp"


class _Resolver(BaseResolver):
    """Only scalars YAML 1.1 and 1.2 read alike, so nothing is read as what was not written.

    YAML 1.1 (PyYAML's default) reads `1:10` as 70, `0xC` as 12, `1_0` as 10, `010` as 8 and
    `no`/`on` as booleans; YAML 1.2 reads `1e3` as 1000, which a 1.1 writer leaves unquoted as
    text. Here all of those stay text, and a field that wants a number says so. A number is
    digits with no leading zero (at most 30), a float has a decimal point (`7.5`, `1.0e-3`),
    booleans are true/false, and dates are YYYY-MM-DD.
    """


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?(?:0|[1-9][0-9]{0,29})$", "-+0123456789"),
    (
        "float",
        r"^[-+]?(?:\.[0-9]{1,30}|(?:0|[1-9][0-9]{0,29})\.[0-9]{0,30})(?:[eE][-+][0-9]{1,3})?$"
        r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$",
        "-+.0123456789",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Resolver.add_implicit_resolver(TAG + _tag, re.compile(_pattern), list(_first))
_Resolver.add_implicit_resolver(  # PyYAML's own: YYYY-MM-DD, or a date and a time
    TIMESTAMP,
    next(r for tag, r in yaml.resolver.Resolver.yaml_implicit_resolvers["2"] if tag == TIMESTAMP),
    list("0123456789"),
)


class _Constructor(SafeConstructor):
    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2027-02-30: kept as text, and reported with its line
            return node.value


_Constructor.add_constructor(TIMESTAMP, _Constructor.construct_yaml_timestamp)

_ALLOWED_TAGS = {  # `!!str 010` keeps a value as text; every other tag is refused
    yaml.ScalarEvent: {TAG + "str"},
    yaml.SequenceStartEvent: {TAG + "seq"},
    yaml.MappingStartEvent: {TAG + "map"},
}
_COLLECTIONS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_DEPTH = {
    yaml.MappingStartEvent: 1,
    yaml.SequenceStartEvent: 1,
    yaml.MappingEndEvent: -1,
    yaml.SequenceEndEvent: -1,
}


class _Refused(Exception):
    """The composer met something this dialect refuses; the event scan then says what."""


class _Composer(yaml.composer.Composer):
    """PyYAML's composer, stopping at the first anchor, alias, tag or level too deep.

    So an alias bomb is never expanded and deep nesting never reaches the recursion limit.
    """

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            event = self.peek_event()
            if _refused(event, self.depth if isinstance(event, _COLLECTIONS) else 0):
                raise _Refused
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# The pure-Python parser, not libyaml: the same behaviour everywhere (libyaml refuses a whole
# file for one escaped lone surrogate, where this lets the field be refused on its own).
class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _Composer,
    _Constructor,
    _Resolver,
):
    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


# -- reading YAML -----------------------------------------------------------------------------


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
        loader = _Loader(text)  # the reader refuses control characters here
        node = loader.get_single_node()
        fatal, problems = _split(_node_problems(node, source))
        if fatal:
            raise InputError(fatal + problems)
        return (loader.construct_document(node) if node is not None else None), node, problems
    except _Refused:
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
        for event in yaml.parse(text, Loader=_Loader):
            depth += _DEPTH.get(type(event), 0)
            refused = _refused(event, depth)
            if refused:
                kind, what, why = refused
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


_NO_ALIASES = ": anchors and aliases are not allowed; write each value out in full"


def _refused(event: yaml.Event, depth: int) -> tuple[str, str, str] | None:
    """(kind, what the file does, why that is refused) for an event this dialect refuses."""
    if isinstance(event, yaml.AliasEvent):
        return "alias", f"uses the alias *{_clip(event.anchor)}", _NO_ALIASES
    if getattr(event, "anchor", None):
        return "anchor", f"sets the anchor &{_clip(event.anchor)}", _NO_ALIASES
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in _ALLOWED_TAGS.get(type(event), ()):
        shown_tag = _clip(tag.replace(TAG, "!!"))
        return "tag", f"uses the tag {shown_tag}", ": tags are not allowed; write the plain value"
    if depth > MAX_DEPTH:
        return "depth", f"nests lists and mappings more than {MAX_DEPTH} levels deep", ""
    return None


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


# -- locations --------------------------------------------------------------------------------


def field_path(loc: tuple[int | str, ...]) -> str:
    """('roadmap', 2, 'tasks', 0) → 'roadmap[2].tasks[0]'; a key is escaped and shortened."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = _clip(_escaped(str(part)))
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


# -- values quoted back, and text that prints as written ---------------------------------------


def _escaped(text: str) -> str:
    """Text with every character that would not print (ESC, say) written as an escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


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
        return repr(_clip(value)) + more
    return {dict: "a mapping", list: "a list", tuple: "a list"}.get(type(value), "a value")


JOINERS = {"\u200c", "\u200d"}  # ZWNJ, ZWJ
_KINDS = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character",
    "Co": "a private-use character",
    "Cs": "a lone surrogate (half a character)",
    "Cn": "a non-character or unassigned code point",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


def describe(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)', with what kind of character it is."""
    name = unicodedata.name(char, "")
    kind = _KINDS.get(unicodedata.category(char), "a character")
    if char in JOINERS:
        kind = "a joiner that is not between two letters or symbols"
    return f"{kind}, U+{ord(char):04X}" + (f" ({name})" if name else "")


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNPS"


def _joinable(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMNPS"


def _allowed(text: str, index: int, newlines: bool) -> bool:
    char = text[index]
    if _joinable(char) or unicodedata.category(char) == "Zs" or (newlines and char == "\n"):
        return True
    if char in JOINERS:  # ZWJ/ZWNJ shape Persian and Indic words and emoji: keep them there
        return (
            0 < index < len(text) - 1 and _joinable(text[index - 1]) and _joinable(text[index + 1])
        )
    return False


def printable(text: str, newlines: bool = False) -> str:
    """Text NFC-normalised, or ValueError naming the first character that would not print.

    The rule: letters, marks, digits, punctuation, symbols and spaces of every script are kept
    (and newlines where `newlines`); ZWJ and ZWNJ only between two of those (Persian and Indic
    names, emoji sequences). Refused: controls (NUL, ESC, DEL, C1, tabs), invisible formatting
    characters (bidi marks, overrides and isolates, U+2060, U+FEFF, soft hyphen), private-use
    characters, lone surrogates, non-characters and line/paragraph separators.
    """
    text = unicodedata.normalize("NFC", text)
    if text and not any(_visible(char) for char in text):
        raise ValueError("has no visible characters")
    for index in range(len(text)):
        if not _allowed(text, index, newlines):
            where = f"character {index + 1}" if len(text) > 1 else "its only character"
            raise ValueError(f"contains {describe(text[index])} at {where}; remove it")
    return text


def whole_number(value: Any) -> Any:
    """A before-validator: whole numbers are written as digits, not text or true/false."""
    if isinstance(value, bool | str):
        raise ValueError(
            f"must be a whole number written with digits, such as 6, not {shown(value)}"
        )
    return value


def plain_number(value: Any) -> Any:
    """A before-validator: numbers are written as digits, not text or true/false."""
    if isinstance(value, bool | str):
        raise ValueError(
            f"must be a number written with digits, such as 12 or 7.5; not {shown(value)}"
        )
    return value


# -- pydantic's errors in the tool's words -----------------------------------------------------


def _needs(ctx: dict, value: Any, word: str, bound: str) -> str:
    return f"must be {word} {shown(ctx[bound])}, not {shown(value)}"


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
    "int_type": lambda ctx, v: f"must be a whole number, not {shown(v)}",
    "int_parsing": lambda ctx, v: f"must be a whole number, not {shown(v)}",
    "int_from_float": lambda ctx, v: f"must be a whole number, not {shown(v)}",
    "float_type": lambda ctx, v: f"must be a number, not {shown(v)}",
    "float_parsing": lambda ctx, v: f"must be a number, not {shown(v)}",
    "finite_number": lambda ctx, v: f"must be a finite number, not {shown(v)}",
    "bool_type": lambda ctx, v: f"must be true or false, not {shown(v)}",
    "bool_parsing": lambda ctx, v: f"must be true or false, not {shown(v)}",
    "date_type": lambda ctx, v: f"must be a date written YYYY-MM-DD, not {shown(v)}",
    "date_parsing": lambda ctx, v: f"must be a date written YYYY-MM-DD, not {shown(v)}",
    "date_from_datetime_parsing": lambda ctx, v: (
        f"must be a date written YYYY-MM-DD, not {shown(v)}"
    ),
    "date_from_datetime_inexact": lambda ctx, v: (
        f"must be a date written YYYY-MM-DD, without a time; not {shown(v)}"
    ),
    "dict_type": lambda ctx, v: f"must be a mapping (name: value lines), not {shown(v)}",
    "model_type": lambda ctx, v: f"must be a mapping of fields, not {shown(v)}",
    "model_attributes_type": lambda ctx, v: f"must be a mapping of fields, not {shown(v)}",
    "list_type": lambda ctx, v: f"must be a list, not {shown(v)}",
    "tuple_type": lambda ctx, v: f"must be a list, not {shown(v)}",
    "string_pattern_mismatch": lambda ctx, v: f"{shown(v)} is not in the expected form",
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
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        problems.append(problem_at(source, node, loc, message_of(err)))
    return problems


# pydantic names the members of a union in an error's location ('literal[...]',
# 'function-after[...]', 'str'); these are no field of the file, so they are dropped
_UNION_TAG = re.compile(r"(?:literal|function-\w+|constrained-\w+|list|tuple|dict|nullable)\[.*\]")


def _is_union_tag(part: int | str) -> bool:
    return isinstance(part, str) and (
        part in {"str", "int", "float", "bool"} or _UNION_TAG.fullmatch(part) is not None
    )


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


def load_model(path: Path, model: type[M], limit: int = MAX_BYTES, what: str = "YAML") -> M:
    """Read and validate one YAML file."""
    data, node, problems = load_yaml(path, limit, what)
    return validate(data, model, str(path), node, problems)
