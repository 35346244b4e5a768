"""YAML text → events and nodes in the one dialect read here: no tags, anchors, aliases, depth."""

from __future__ import annotations

import re

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import BaseResolver

from workbook.messages import clip

MAX_DEPTH = 20  # the bundled content nests 6 deep; deeper only serves to exhaust the stack

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
DEPTH = {  # how an event changes the nesting
    yaml.MappingStartEvent: 1,
    yaml.SequenceStartEvent: 1,
    yaml.MappingEndEvent: -1,
    yaml.SequenceEndEvent: -1,
}


class Refused(Exception):
    """The composer met something this dialect refuses; the event scan then says what."""


_NO_ALIASES = ": anchors and aliases are not allowed; write each value out in full"


def refused(event: yaml.Event, depth: int) -> tuple[str, str, str] | None:
    """(kind, what the file does, why that is refused) for an event this dialect refuses."""
    if isinstance(event, yaml.AliasEvent):
        return "alias", f"uses the alias *{clip(event.anchor)}", _NO_ALIASES
    if getattr(event, "anchor", None):
        return "anchor", f"sets the anchor &{clip(event.anchor)}", _NO_ALIASES
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in _ALLOWED_TAGS.get(type(event), ()):
        shown_tag = clip(tag.replace(TAG, "!!"))
        return "tag", f"uses the tag {shown_tag}", ": tags are not allowed; write the plain value"
    if depth > MAX_DEPTH:
        return "depth", f"nests lists and mappings more than {MAX_DEPTH} levels deep", ""
    return None


class _Composer(yaml.composer.Composer):
    """PyYAML's composer, stopping at the first anchor, alias, tag or level too deep.

    So an alias bomb is never expanded and deep nesting never reaches the recursion limit.
    """

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            event = self.peek_event()
            if refused(event, self.depth if isinstance(event, _COLLECTIONS) else 0):
                raise Refused
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# The pure-Python parser, not libyaml: the same behaviour everywhere (libyaml refuses a whole
# file for one escaped lone surrogate, where this lets the field be refused on its own).
class Loader(
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
