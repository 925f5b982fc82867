"""Read YAML strictly: keep every value's line, refuse duplicates, aliases and object tags.

PyYAML alone silently keeps the last of two equal keys, expands aliases without
bound and turns `2012-02-30` into a traceback. Staff deserve better, so we compose
the node tree ourselves and build plain values from it.
"""

from __future__ import annotations

import re

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from ..errors import Problem

# Scalars we accept; dates stay text so that validation can explain bad ones.
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TEXT_TAGS = {"tag:yaml.org,2002:timestamp"}
_MAP_TAG = "tag:yaml.org,2002:map"
_TEXT_AFTER_QUOTES = re.compile(r"""^\s*(?:- )?[\w-]+:\s*(?:"[^"]*"|'[^']*')\s*[^\s#]""")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_SEQ_TAG = "tag:yaml.org,2002:seq"


class Mapping(dict):
    """A YAML mapping that remembers where it and each of its keys start."""

    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A YAML list that remembers where it and each of its items start."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str, expected: str = ""):
        super().__init__(message)
        self.line, self.message, self.expected = line, message, expected


class _RefusingAnchors(Composer):
    """A composer that refuses anchors and aliases (no expansion bombs)."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem(
                event.start_mark.line + 1,
                "anchors and aliases (& and *) are not allowed",
                "write the value out in full where it is needed",
            )
        return super().compose_node(parent, index)


class _NoAliasLoader(_RefusingAnchors, yaml.SafeLoader):
    """PyYAML's safe loader, in Python, composing with `_RefusingAnchors`."""


try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml
    _CheckedCLoader = _CLoader = None
else:
    class _CheckedCLoader(_RefusingAnchors, CParser, SafeConstructor, Resolver):
        """The same loader over libyaml's parser: its events are composed by `_RefusingAnchors`."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)

    _CLoader = yaml.CSafeLoader  # libyaml composes too: for texts that cannot hold an anchor or alias


def parse_yaml(text: str, path: str, first_line: int = 1):
    """Parse YAML text into dicts, lists and scalars; raise a list of Problems if it is wrong."""
    offset = first_line - 1
    if _CheckedCLoader is not None:
        # libyaml parses ten times faster; on any error we parse again below, in Python, for
        # the messages we know how to explain. Without '&' and '*' there is no anchor or alias
        # to refuse, and libyaml's own composer is faster still (front matter rarely has them).
        loader = (_CLoader if "&" not in text and "*" not in text else _CheckedCLoader)(text)
        try:
            node = loader.get_single_node()
            return None if node is None else _build(node, loader, offset)
        except (yaml.YAMLError, YamlProblem, RecursionError, ValueError, OverflowError):
            pass
        finally:
            loader.dispose()
    loader = None
    try:
        loader = _NoAliasLoader(text)
        node = loader.get_single_node()
        return None if node is None else _build(node, loader, offset)
    except YamlProblem as problem:
        line = problem.line + offset if problem.line else None
        raise ProblemList([Problem(path, line, problem.message, problem.expected)]) from None
    except yaml.MarkedYAMLError as error:
        raise ProblemList([_syntax_problem(error, path, offset, text)]) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1 + offset
        raise ProblemList([Problem(path, line, f"the invisible control character U+{error.character:04X} "
                                   "is not allowed", "delete it (it often comes from text pasted from a PDF "
                                   "or a word processor)")]) from None
    except yaml.YAMLError as error:
        raise ProblemList([Problem(path, None, f"not valid YAML ({error})",
                                   "check the punctuation and indentation of the file")]) from None
    except RecursionError:
        line = loader.get_mark().line + 1 + offset if loader is not None else None
        raise ProblemList([Problem(path, line, "the values are nested too deeply",
                                   "write plain lists and groups, a few levels deep")]) from None
    except (ValueError, OverflowError) as error:
        raise ProblemList([Problem(path, None, f"a value cannot be read ({error})",
                                   "write numbers with at most a few digits")]) from None
    finally:
        if loader is not None:
            loader.dispose()


class ProblemList(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(map(str, problems)))
        self.problems = problems


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, offset: int, source: str = "") -> Problem:
    """A YAML syntax error in plain words, on the line where the fix belongs."""
    problem_line = error.problem_mark.line + 1 + offset if error.problem_mark else None
    context_line = error.context_mark.line + 1 + offset if error.context_mark else problem_line
    text = f"{error.context or ''} {error.problem or ''}"
    lines = source.split("\n")
    unclosed = _first_unclosed_quote(lines[: (error.problem_mark.line + 1) if error.problem_mark else None])
    if unclosed is not None:
        return Problem(path, unclosed + 1 + offset, "the quotation mark opened on this line is never closed",
                       "add the closing quotation mark at the end of the text, or remove the opening one")
    for mark in (error.context_mark, error.problem_mark):
        if mark is not None and mark.line < len(lines) and _TEXT_AFTER_QUOTES.match(lines[mark.line]):
            return Problem(path, mark.line + 1 + offset, "text goes on after a closing quotation mark",
                           "put the whole value in quotes of the other kind, for example: "
                           "title: '\"Contatti\" e recapiti'")
    if "'\\t'" in text:
        return Problem(path, problem_line, "a tab character is used for indentation",
                       "indent with spaces, never with tabs")
    if "quoted scalar" in text:
        return Problem(path, context_line, "the quotation mark opened on this line is never closed",
                       "add the closing quotation mark at the end of the text")
    if "flow sequence" in text or "flow mapping" in text:
        return Problem(path, context_line, "the bracket [ or brace { opened on this line is never closed",
                       "close it with ] or } on the same line")
    if "<stream end>" in text or "end of stream" in text:
        return Problem(path, context_line, "the file ends in the middle of a value",
                       "close every bracket [ ], brace { } and quotation mark opened near this line")
    if "mapping values are not allowed" in text:
        return Problem(path, problem_line, "unexpected ':' in a value",
                       "put text that contains ': ' in quotes, or check the indentation")
    if "block" in text or "indent" in text:
        return Problem(path, problem_line, "the indentation of this line does not match the lines above it",
                       "items at the same level must start in the same column (use spaces)")
    return Problem(path, problem_line, f"YAML syntax error ({(error.problem or error.context or '').strip()})",
                   "check the punctuation and indentation of this line and the one before")


_QUOTED_VALUE = re.compile(r"""^\s*(?:- )?(?:[\w-]+:\s+)?(['"])(.*)$""")


def _first_unclosed_quote(lines: list[str]) -> int | None:
    """The index of the first line whose value opens a quotation that the line does not close.

    A quoted value may rightly go on over several lines, but staff rarely write one; when the
    file does not parse, such a line is the likeliest mistake, wherever YAML noticed it.
    """
    for index, line in enumerate(lines):
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote, rest = match.groups()
        if quote == "'":
            closed = rest.replace("''", "").count("'") >= 1
        else:
            closed = re.search(r'(?<!\\)"', rest) is not None
        if not closed:
            return index
    return None


def _build(node, loader, offset: int):
    """A node and all below it as plain values; mappings and lists remember their lines."""
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP_TAG:
            raise YamlProblem(node.start_mark.line + 1, f"the tag {node.tag} is not allowed", "remove the '!' tag")
        result = Mapping()
        result.line, result.key_lines = line, {}
        for key_node, value_node in node.value:
            key = _build(key_node, loader, offset)
            key_line = key_node.start_mark.line + 1 + offset
            if isinstance(key, (dict, list)):
                raise YamlProblem(key_node.start_mark.line + 1, "a key must be a simple word", "write keys like 'title:'")
            if key == "<<":
                raise YamlProblem(key_node.start_mark.line + 1, "merge keys (<<) are not allowed", "write the values out in full")
            if key in result:
                raise YamlProblem(
                    key_node.start_mark.line + 1,
                    f"the key '{key}' appears twice (first on line {result.key_lines[key]})",
                    "keep only one of them",
                )
            result[key] = _build(value_node, loader, offset)
            result.key_lines[key] = key_line
        return result
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            raise YamlProblem(node.start_mark.line + 1, f"the tag {node.tag} is not allowed", "remove the '!' tag")
        result = Sequence()
        result.line, result.item_lines = line, []
        for item in node.value:
            result.append(_build(item, loader, offset))
            result.item_lines.append(item.start_mark.line + 1 + offset)
        return result
    return _scalar(node, loader)


def _scalar(node, loader):
    """A scalar's value: text, a number, a truth value or nothing; dates stay text."""
    if node.tag in _TEXT_TAGS or (node.tag == "tag:yaml.org,2002:int" and ":" in node.value):
        # Dates are checked later; YAML 1.1 reads 14:30 as the number 870 (base 60).
        return node.value
    if node.tag == "tag:yaml.org,2002:float" and _THOUSANDS.match(node.value):
        raise YamlProblem(node.start_mark.line + 1,
                          f"'{node.value}' looks like a number written with dots between thousands",
                          f"write it without dots ({node.value.replace('.', '')}); in data files the dot "
                          "is the decimal point")
    if node.tag in _PLAIN_TAGS:
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            raise YamlProblem(node.start_mark.line + 1, "this number is too long to be read",
                              "write a number with at most a few digits, or put text in quotes") from None
    raise YamlProblem(
        node.start_mark.line + 1,
        f"the tag {node.tag} is not allowed",
        "write plain text, numbers, dates, lists and key: value pairs only",
    )
