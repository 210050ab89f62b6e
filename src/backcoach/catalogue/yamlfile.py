"""Strict, safe YAML reading that remembers where every value came from.

PyYAML's safe loader still accepts aliases, merge keys and duplicate keys and
forgets line numbers once it builds Python objects. backcoach reads the event
stream instead (with the C parser when libyaml is present) and builds its own
small node tree, so every later complaint can say FILE:LINE:COL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backcoach.errors import InputError, Problem

from .textfile import (
    MAX_FILE_BYTES,
    has_control_characters,
    read_text,
    suggest,
    visible,
)

__all__ = ["MAX_FILE_BYTES", "read_text", "suggest"]
CACHE_FORMAT = 1
# A catalogue nests six levels deep; far more is an attack or an accident,
# and building (or caching) the tree recurses once per level.
MAX_DEPTH = 40


@dataclass
class Node:
    line: int
    col: int


@dataclass
class Scalar(Node):
    value: object
    quoted: bool = False


@dataclass
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass
class Mapping(Node):
    items: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


def parse(text: str, name: str, cached: bool = True) -> Node:
    """Parse one YAML document into nodes; raise InputError with every problem found.

    A text parsed cleanly before comes from a small cache of node trees, so a
    routine or config read at every session does not even import yaml;
    `cached=False` (for `validate`) neither reads nor fills that cache.
    """
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problem = Problem(name, 1, 1, "the file is empty; it needs a YAML mapping")
        raise InputError(str(problem), (problem,))
    found = _cache_read(text) if cached else None
    if found is not None:
        return found
    import yaml

    try:  # the C parser when PyYAML was built with libyaml
        loader: Any = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover
        loader = yaml.SafeLoader
    problems: list[Problem] = []
    builder = _Builder(name, problems)
    try:
        root = builder.build(yaml.parse(text, Loader=loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = (error.problem or error.context or "it cannot be parsed").splitlines()[0]
        problems.append(Problem(name, line, col, f"not valid YAML: {what}"))
        root = None
    except yaml.YAMLError as error:
        problems.append(Problem(name, 1, 1, f"not valid YAML: {error}"))
        root = None
    if problems or root is None:
        if not problems:
            problems.append(Problem(name, 1, 1, "the file holds no YAML document"))
        raise InputError("\n".join(map(str, problems)), tuple(problems))
    if cached:
        _cache_write(text, root)
    return root


def _pack(node: Node) -> tuple[Any, ...]:
    if isinstance(node, Mapping):
        items = tuple((_pack(key), _pack(value)) for key, value in node.items.values())
        return ("m", node.line, node.col, items)
    if isinstance(node, Sequence):
        return ("q", node.line, node.col, tuple(_pack(item) for item in node.items))
    assert isinstance(node, Scalar)
    return ("s", node.line, node.col, node.value, node.quoted)


def _unpack(packed: tuple[Any, ...]) -> Node:
    kind, line, col = packed[0], packed[1], packed[2]
    if kind == "m":
        mapping = Mapping(line, col)
        for key, value in packed[3]:
            key_node = _unpack(key)
            assert isinstance(key_node, Scalar)
            mapping.items[str(key_node.value)] = (key_node, _unpack(value))
        return mapping
    if kind == "q":
        return Sequence(line, col, [_unpack(item) for item in packed[3]])
    if kind != "s":
        raise ValueError(kind)
    return Scalar(line, col, packed[3], packed[4])


def _cache_file(text: str) -> str:
    import os
    import zlib

    from backcoach.paths import cache_dir

    digest = zlib.crc32(text.encode("utf-8", "surrogatepass"))
    return os.path.join(cache_dir(), f"yaml-{len(text)}-{digest:08x}.marshal")


def _cache_read(text: str) -> Node | None:
    from . import marshal_cache

    tree = marshal_cache.load(_cache_file(text), CACHE_FORMAT, text, 8 * MAX_FILE_BYTES)
    try:
        return None if tree is None else _unpack(tree)
    except Exception:  # noqa: BLE001 - an odd cache only costs a parse
        return None


def _cache_write(text: str, root: Node) -> None:
    from . import marshal_cache

    marshal_cache.store(_cache_file(text), CACHE_FORMAT, text, _pack(root))


class _Builder:
    """Turn PyYAML events into Nodes, refusing what a plain data file never needs."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        import yaml

        self.yaml = yaml
        self.name = name
        self.problems = problems
        self._resolver = self.yaml.resolver.Resolver()
        self._constructor = self.yaml.constructor.SafeConstructor()

    def problem(self, event: Any, message: str) -> None:
        mark = event.start_mark
        self.problems.append(Problem(self.name, mark.line + 1, mark.column + 1, message))

    def build(self, events: Any) -> Node | None:
        self._events = iter(events)
        documents: list[Node] = []
        for event in self._events:
            if isinstance(event, self.yaml.DocumentStartEvent):
                node = self._node(next(self._events))
                if node is not None:
                    documents.append(node)
                if len(documents) > 1:
                    self.problem(event, "more than one YAML document; keep only one")
        return documents[0] if documents else None

    def _node(self, event: Any, depth: int = 0) -> Node | None:
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        collection = (self.yaml.SequenceStartEvent, self.yaml.MappingStartEvent)
        if depth >= MAX_DEPTH and isinstance(event, collection):
            self.problem(
                event, f"nested more than {MAX_DEPTH} levels deep; backcoach files need only a few"
            )
            self._skip(event)
            return Scalar(line, col, None)
        if isinstance(event, self.yaml.AliasEvent):
            self.problem(event, "YAML aliases (*name) are not allowed; write the value out")
            return Scalar(line, col, None)
        if getattr(event, "anchor", None):
            self.problem(event, "YAML anchors (&name) are not allowed; write values out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            short = str(tag).replace("tag:yaml.org,2002:", "!!")
            kind = "Python tags" if "python" in short else "YAML tags"
            self.problem(event, f"{kind} ({short}) are not allowed; remove the tag")
        if isinstance(event, self.yaml.ScalarEvent):
            return self._scalar(event, line, col)
        if isinstance(event, self.yaml.SequenceStartEvent):
            sequence = Sequence(line, col)
            while not isinstance(item := next(self._events), self.yaml.SequenceEndEvent):
                child = self._node(item, depth + 1)
                if child is not None:
                    sequence.items.append(child)
            return sequence
        if isinstance(event, self.yaml.MappingStartEvent):
            return self._mapping(line, col, depth)
        self.problem(event, "unexpected YAML content")
        return None

    def _skip(self, start: Any) -> None:
        """Read past the rest of a collection without building it (no recursion)."""
        open_collections = 1
        starts = (self.yaml.SequenceStartEvent, self.yaml.MappingStartEvent)
        ends = (self.yaml.SequenceEndEvent, self.yaml.MappingEndEvent)
        while open_collections:
            event = next(self._events)
            if isinstance(event, starts):
                open_collections += 1
            elif isinstance(event, ends):
                open_collections -= 1

    def _mapping(self, line: int, col: int, depth: int) -> Mapping:
        mapping = Mapping(line, col)
        while True:
            key_event = next(self._events)
            if isinstance(key_event, self.yaml.MappingEndEvent):
                return mapping
            key = self._node(key_event, depth + 1)
            value = self._node(next(self._events), depth + 1)
            if not isinstance(key, Scalar) or value is None:
                if key is not None and not isinstance(key, Scalar):
                    self.problem(key_event, "a key must be a plain word, not a list or mapping")
                continue
            if key.value == "<<" and not key.quoted:
                self.problem(key_event, "YAML merge keys (<<) are not allowed; write the keys out")
                continue
            text = str(key.value)
            if text in mapping.items:
                first = mapping.items[text][0]
                self.problem(
                    key_event,
                    f"duplicate key '{visible(text)}' (first at line {first.line}); keep only one",
                )
                continue
            mapping.items[text] = (key, value)

    def _scalar(self, event: Any, line: int, col: int) -> Scalar:
        plain = event.style is None or event.style == ""
        if plain and event.implicit[0]:
            tag = self._resolver.resolve(  # type: ignore[no-untyped-call]
                self.yaml.ScalarNode, event.value, (True, False)
            )
            node = self.yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
            try:
                value = self._constructor.construct_object(node)
            except (self.yaml.YAMLError, ValueError):
                value = event.value
            if isinstance(value, (bytes, bytearray)) or type(value).__module__ == "datetime":
                value = event.value  # dates and binary are just text to backcoach
        else:
            value = event.value
        if isinstance(value, str) and has_control_characters(value):
            self.problem(
                event,
                "control characters are not allowed in text; remove them",
            )
        return Scalar(line, col, value, quoted=not plain)


def _describe(node: Node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    value = node.value if isinstance(node, Scalar) else None
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a true/false value)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    return repr(value)


class Checker:
    """Check nodes against what a file should hold, collecting every problem.

    Each method returns the checked Python value, or None after recording a
    Problem, so one pass reports everything wrong rather than the first thing.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def report(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.name, node.line, node.col, message))

    def mapping(
        self, node: Node, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> Mapping | None:
        if not isinstance(node, Mapping):
            self.report(node, f"{where}: expected a mapping of keys, got {_describe(node)}")
            return None
        allowed = required + optional
        for key, (key_node, _) in node.items.items():
            if key not in allowed:
                hint = suggest(key, allowed)
                fix = f"did you mean '{hint}'?" if hint else f"allowed keys: {', '.join(allowed)}"
                self.report(key_node, f"{where}: unknown key '{visible(key)}'; {fix}")
        for key in required:
            if key not in node.items:
                self.report(node, f"{where}: missing '{key}'; add it")
        return node

    def get(self, mapping: Mapping, key: str) -> Node | None:
        entry = mapping.items.get(key)
        return entry[1] if entry else None

    def text(self, node: Node | None, where: str, max_length: int = 2000) -> str | None:
        if node is None:
            return None
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            self.report(node, f"{where}: expected text, got {_describe(node)}; put it in quotes")
            return None
        value = " ".join(node.value.split())
        if not value:
            self.report(node, f"{where}: is empty; write the text")
            return None
        if len(value) > max_length:
            self.report(node, f"{where}: is {len(value)} characters; keep it under {max_length}")
            return None
        return value

    def whole(
        self, node: Node | None, where: str, minimum: int = 1, maximum: int = 100_000
    ) -> int | None:
        if node is None:
            return None
        value = node.value if isinstance(node, Scalar) else None
        if not isinstance(value, int) or isinstance(value, bool) or getattr(node, "quoted", False):
            self.report(node, f"{where}: expected a whole number, got {_describe(node)}")
            return None
        if not minimum <= value <= maximum:
            self.report(node, f"{where}: {value} is out of range; use {minimum} to {maximum:,}")
            return None
        return value

    def seconds(self, node: Node | None, where: str, maximum: float = 3600) -> float | None:
        if node is None:
            return None
        value = node.value if isinstance(node, Scalar) else None
        quoted = getattr(node, "quoted", False)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or quoted:
            self.report(node, f"{where}: expected a number of seconds, got {_describe(node)}")
            return None
        if not 0 <= value <= maximum or value != value:
            self.report(node, f"{where}: {value} is out of range; use 0 to {maximum:g} seconds")
            return None
        return float(value)

    def choice(
        self, node: Node | None, where: str, options: tuple[str, ...], allow_null: bool = False
    ) -> str | None:
        if node is None:
            return None
        value = node.value if isinstance(node, Scalar) else None
        if value is None and allow_null and isinstance(node, Scalar):
            return None
        if not isinstance(value, str) or value not in options:
            choices = " | ".join(options) + (" | null" if allow_null else "")
            self.report(node, f"{where}: expected one of {choices}, got {_describe(node)}")
            return None
        return value

    def sequence(self, node: Node | None, where: str, non_empty: bool = False) -> list[Node] | None:
        if node is None:
            return None
        if not isinstance(node, Sequence):
            self.report(
                node,
                f"{where}: expected a list, got {_describe(node)}; "
                "write it as [a, b] or one '- item' a line",
            )
            return None
        if non_empty and not node.items:
            self.report(node, f"{where}: is empty; list at least one")
            return None
        return node.items

    def texts(self, node: Node | None, where: str) -> tuple[str, ...] | None:
        items = self.sequence(node, where)
        if items is None:
            return None
        values = [self.text(item, f"{where}[{index + 1}]") for index, item in enumerate(items)]
        if any(value is None for value in values):
            return None
        return tuple(value for value in values if value is not None)

    def fail_if_any(self) -> None:
        if self.problems:
            problems = tuple(sorted(set(self.problems)))
            raise InputError("\n".join(map(str, problems)), problems)
