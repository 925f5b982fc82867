"""Edit YAML text with ruamel.yaml's round-trip mode, changing only what was edited.

Comments, key order, quoting and every untouched line stay as they were. A file is edited
only when ruamel.yaml writes it back byte for byte unchanged and reads the same values as
the build's strict loader (load/yamlsafe.py); after an edit the new text is read again by
the strict loader and must hold exactly the values the form asked for. The build keeps
reading with its own loader: this module never decides what a file means.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from ..load.yamlsafe import ProblemList, parse_yaml

# (mapping indent, sequence indent, dash offset) of the layouts tried, commonest first.
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1), (3, 3, 0))


class NotEditable(Exception):
    """The text cannot be edited safely by the editor (it can still be edited by hand)."""


@dataclass
class Tree:
    """A YAML text read for round-trip editing, with the layout that writes it back unchanged."""

    data: object
    layout: tuple[int, int, int]

    def dump(self) -> str:
        if isinstance(self.data, CommentedMap) and not self.data:
            return ""  # an empty front matter stays empty, not "{}"
        out = io.StringIO()
        _yaml(self.layout).dump(self.data, out)
        return out.getvalue()


def _yaml(layout=LAYOUTS[0]) -> YAML:
    reader = YAML(typ="rt")
    reader.preserve_quotes = True
    reader.width = 1_000_000  # never fold a long line the editor did not touch
    mapping, sequence, offset = layout
    reader.indent(mapping=mapping, sequence=sequence, offset=offset)
    return reader


def load_tree(text: str) -> Tree:
    """The text as a round-trip tree, or NotEditable saying why not."""
    if not text.strip():
        return Tree(CommentedMap(), LAYOUTS[0])
    try:
        data = _yaml().load(text)
    except YAMLError as error:
        raise NotEditable(f"ruamel.yaml cannot read it ({type(error).__name__})") from None
    for layout in LAYOUTS:
        tree = Tree(data, layout)
        if tree.dump() == text:
            break
    else:
        raise NotEditable("its indentation or spacing cannot be written back unchanged")
    try:
        strict = parse_yaml(text, "yaml")
    except ProblemList as errors:
        raise NotEditable("it has problems to fix first: " + "; ".join(map(str, errors.problems))) from None
    if plain(data) != plain(strict):
        raise NotEditable("the build and the editor would read different values from it "
                          "(for example yes/no instead of true/false)")
    return tree


def plain(value):
    """A value as plain dicts, lists, str, int, float, bool and None; dates as the text the
    build's strict loader gives for them."""
    if isinstance(value, dict):
        return {plain(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def apply(tree: Tree, wanted: dict) -> str:
    """The text with the tree changed to hold `wanted` (plain values), as few lines touched
    as possible; NotEditable if the strict loader would read something else."""
    if not isinstance(tree.data, CommentedMap):
        raise NotEditable("the file is not a list of 'field: value' lines")
    _merge_map(tree.data, wanted)
    text = tree.dump()
    try:
        strict = parse_yaml(text, "yaml")
    except ProblemList:
        strict = None
    if _comparable(strict) != _comparable(_without_nones(wanted)):
        raise NotEditable("the edited text would not read back as the values entered")
    return text


def _comparable(value):
    """Plain values, texts without their final line breaks (which no field keeps: Text.check strips)."""
    value = plain(value)
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value.rstrip("\n") if isinstance(value, str) else value


def _without_nones(value):
    if isinstance(value, dict):
        return {key: _without_nones(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nones(item) for item in value]
    return value


def _merge_map(node: CommentedMap, wanted: dict) -> None:
    """Make `node` hold `wanted`: changed values replaced, missing keys removed, new keys
    added after the key that comes before them in `wanted`."""
    for key in [key for key in node if wanted.get(key) is None]:
        del node[key]
    previous = None
    for key, value in wanted.items():
        if value is None:
            continue
        if key in node:
            node[key] = _merged(node[key], value)
        else:
            position = list(node).index(previous) + 1 if previous in node else 0
            node.insert(position, key, _fresh(value))
        previous = key


def _merged(old, value):
    """The node to keep for `value` where `old` was: `old` itself (changed in place) when it
    already holds it, or a new node in the same style."""
    if plain(old) == plain(value):
        return old
    if isinstance(old, CommentedMap) and isinstance(value, dict):
        _merge_map(old, value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(value, list):
        _merge_seq(old, value)
        return old
    if isinstance(old, ScalarString) and isinstance(value, str) and (isinstance(old, DoubleQuotedScalarString)
                                                                     or "\n" in old or "\n" not in value):
        return type(old)(value if "\n" not in old or value.endswith("\n") else value + "\n")
    return _fresh(value)


def _merge_seq(node: CommentedSeq, wanted: list) -> None:
    """Records (groups with an `id`) are matched by id, so that removing or adding one leaves
    the others' lines alone; other items are kept in place by position."""
    if _ids(node) is not None and _ids(wanted) is not None and len(set(_ids(wanted))) == len(wanted):
        kept = set(_ids(wanted))
        for index in reversed(range(len(node))):
            if node[index]["id"] not in kept:
                del node[index]
        for index, value in enumerate(wanted):
            if index < len(node) and node[index]["id"] == value["id"]:
                node[index] = _merged(node[index], value)
            elif value["id"] not in _ids(node):
                node.insert(index, _fresh(value))
            else:  # moved: written anew from here on
                break
        else:
            return
    while len(node) > len(wanted):
        del node[len(node) - 1]
    for index, value in enumerate(wanted):
        if index < len(node):
            node[index] = _merged(node[index], value)
        else:
            node.append(_fresh(value))


def _ids(items) -> list | None:
    """The ids of a list of records, or None if it is not one."""
    if not all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in items):
        return None
    return [item["id"] for item in items]


def _fresh(value):
    """A new node for a plain value; text the build would read as something else is quoted."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            if item is not None:
                node[key] = _fresh(item)
        return node
    if isinstance(value, list):
        return CommentedSeq(_fresh(item) for item in value)
    if isinstance(value, str):
        return value if "\n" in value or reads_as_text(value) else DoubleQuotedScalarString(value)
    return value


def reads_as_text(value: str) -> bool:
    """Whether the build's loader reads `value`, written without quotes, as this same text."""
    try:
        return yaml.safe_load("value: " + value) == {"value": value}
    except yaml.YAMLError:
        return False


def as_date(value: str):
    """An ISO date as a date, which ruamel.yaml writes without quotes; other text as it is."""
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else value
    except ValueError:
        return value
