"""Decode content files: text as UTF-8, YAML data files, Markdown front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Problem
from .yamlsafe import ProblemList, parse_yaml

FRONT_MATTER_FENCE = "---"
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])  # _INVISIBLE's, but U+FEFF
_BYTE_ORDER_MARK = "\ufeff".encode("utf-8")


@dataclass
class Document:
    """A Markdown file split into its front matter and its body."""

    shown: str  # the path as shown in messages
    meta: dict
    body: str
    body_line: int  # line number of the body's first line


def read_text(data: bytes, shown: str) -> str:
    """A file's bytes as UTF-8 text; a byte-order mark or a NUL byte is a problem to fix."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        raise ProblemList([Problem(
            shown, 1, "the file starts with an invisible byte-order mark (BOM)",
            "save it again as 'UTF-8' (not 'UTF-8 with BOM', not UTF-16) in your editor")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ProblemList([Problem(
            shown, line, "this file is not UTF-8 text",
            "save it again choosing the UTF-8 encoding in your editor",
        )]) from None
    # UTF-8 writes each control character as one byte no other character uses: a quick test on the bytes.
    has_invisible = len(data.translate(None, _CONTROL_BYTES)) != len(data) or _BYTE_ORDER_MARK in data
    invisible = _INVISIBLE.search(text) if has_invisible else None
    if invisible:
        line = text[: invisible.start()].count("\n") + 1
        raise ProblemList([Problem(shown, line, f"the invisible control character U+{ord(invisible.group()):04X} "
                                   "is not allowed", "delete it (it often comes from text pasted from a PDF or a "
                                   "word processor); if the file is not text, move it out of content/")])
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_data_file(data: bytes, shown: str):
    """A YAML data file's value (a mapping, usually)."""
    text = read_text(data, shown)
    if not text.strip():
        raise ProblemList([Problem(shown, None, "the file is empty",
                                   "restore its content (see content/RIFERIMENTO.md for its fields)")])
    return parse_yaml(text, shown)


def read_document(data: bytes, shown: str) -> Document:
    """A Markdown file with YAML front matter between two '---' lines."""
    text = read_text(data, shown)
    if not text or text.isspace():
        raise ProblemList([Problem(shown, None, "the file is empty",
                                   "start it with front matter: a line '---', 'title: ...', and another '---'")])
    end = text.find("\n")
    if text[:end if end >= 0 else len(text)].rstrip() != FRONT_MATTER_FENCE:
        raise ProblemList([Problem(
            shown, 1, "the file does not start with front matter",
            "put a line '---' first, then fields such as 'title: ...', then another line '---', then the text",
        )])
    front_matter: list[str] = []  # only the front matter is split into lines: bodies can be long
    while True:
        if end < 0:
            raise ProblemList([Problem(shown, 1, "the front matter opened on line 1 is never closed",
                                       "add a line '---' after the last field")])
        start, end = end + 1, text.find("\n", end + 1)
        line = text[start:end if end >= 0 else len(text)]
        if line.rstrip() in (FRONT_MATTER_FENCE, "..."):
            break
        front_matter.append(line)
    index = len(front_matter) + 1  # the closing fence's line index
    meta = parse_yaml("\n".join(front_matter), shown, first_line=2)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ProblemList([Problem(shown, 2, "the front matter must be a list of 'field: value' lines",
                                   "for example 'title: Il progetto'")])
    body = text[end + 1:] if end >= 0 else ""
    return Document(shown, meta, body, index + 2)
