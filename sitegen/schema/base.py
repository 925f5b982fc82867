"""What every field type shares: the Invalid error it raises, the context it checks in, and how
a value is shown in a message."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # use with .match: \Z, unlike $, refuses a final newline


INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffe\uffff]")


SAFE_URL_SCHEMES = ("http://", "https://", "mailto:", "tel:")


LANGUAGE_NAMES = {"it": "Italian", "en": "English", "de": "German", "fr": "French", "es": "Spanish"}


class Invalid(Exception):
    """A value does not fit its field; `line` points into the record when known."""

    def __init__(self, message: str, expected: str = "", line: int | None = None):
        super().__init__(message)
        self.message, self.expected, self.line = message, expected, line


@dataclass
class Context:
    """What a check needs to know about the site: its languages."""

    languages: tuple[str, ...]


def shown(value) -> str:
    """A value as it appears in a message."""
    if isinstance(value, str):  # newlines and invisible characters written as escapes: \n, \u0007
        return json.dumps(value if len(value) <= 60 else value[:57] + "...", ensure_ascii=False)
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return str(value).lower() if isinstance(value, bool) else str(value)


class FieldType:
    """Base of every field type."""

    description = ""  # e.g. "a date"
    example = ""

    def check(self, value, ctx: Context):
        raise NotImplementedError

    def expected(self) -> str:
        return f"write {self.description}, for example {self.example}" if self.example else f"write {self.description}"


def line_in(container, key) -> int | None:
    line_of = getattr(container, "line_of", None)
    return line_of(key) if line_of else None


def closest(word: str, candidates) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
