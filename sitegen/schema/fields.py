"""Typed fields for content records: each checks a value and explains the expected form.

A field type knows how to check one value (returning the clean value or raising
Invalid), how to describe itself to staff, and how it looks in an example. The record
kinds of this site are declared with these types in records.py.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # use with .match: \Z, unlike $, refuses a final newline
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffe\uffff]")
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


class Text(FieldType):
    description = "text"
    example = "Giornata aperta"

    def __init__(self, example: str = "Giornata aperta"):
        self.example = example

    def check(self, value, ctx):
        if isinstance(value, bool) or isinstance(value, (int, float)):
            raise Invalid(f"must be text, got {shown(value)}", "put the value in quotes, for example \"2012\"")
        if not isinstance(value, str):
            raise Invalid(f"must be text, got {shown(value)}", self.expected())
        if not value.strip():
            raise Invalid("is empty", self.expected())
        reject_invisible(value)
        return value.strip()


class Markdown(Text):
    """Text written in Markdown, converted to HTML where it is shown."""

    description = "text in Markdown"


def reject_invisible(text: str) -> None:
    """Control characters break feeds and calendars, and nobody means to type them."""
    found = _INVISIBLE.search(text)
    if found:
        raise Invalid(f"contains the invisible character U+{ord(found.group()):04X}",
                      "delete it (it often comes from text pasted from a PDF or a word processor)")


class Translated(FieldType):
    """One text per site language, as a group `it: ...`, `en: ...`."""

    def __init__(self, inner: FieldType | None = None, examples: tuple[str, str] = ("testo italiano", "English text"),
                 every_language: bool = False):
        """`every_language`: no language may lag behind (an image's alt text: without it, a screen
        reader user hears nothing of the image); otherwise a missing translation shows the default's."""
        self.inner = inner or Text()
        self.examples = examples
        self.every_language = every_language

    @property
    def description(self):
        return f"{self.inner.description} in every language (it: ..., en: ...)"

    def expected(self) -> str:
        return "write one line per language, for example\n    it: Giornata aperta\n    en: Open day"

    def check(self, value, ctx):
        if not isinstance(value, dict):
            raise Invalid(f"must have a text for each language ({', '.join(ctx.languages)}), got {shown(value)}",
                          self.expected())
        result = PartlyTranslated()
        for key in value:
            if key not in ctx.languages:
                raise Invalid(f"has the unknown language '{key}'",
                              f"use only the site's languages: {', '.join(ctx.languages)}",
                              line=_line(value, key))
        for lang in ctx.languages:
            if lang not in value or value[lang] is None:
                name = LANGUAGE_NAMES.get(lang, lang)
                if lang == ctx.languages[0] or self.every_language:  # the default language is required everywhere
                    raise Invalid(f"is missing its {name} text ('{lang}:')",
                                  f"add a line '{lang}: ...' with the {name} text")
                result[lang] = result[ctx.languages[0]]  # not translated yet: shown in the default language
                result.missing += (lang,)
                continue
            try:
                result[lang] = self.inner.check(value[lang], ctx)
            except Invalid as error:
                error.message = f"'{lang}' {error.message}"
                error.line = error.line or _line(value, lang)
                raise
        return result


class PartlyTranslated(dict):
    """A Translated value: every language's text; `missing` names the languages whose text is the
    default language's, for want of a translation (reported, not refused)."""

    missing: tuple[str, ...] = ()


class Date(FieldType):
    description = "a date as YYYY-MM-DD"
    example = "2012-12-31"

    def check(self, value, ctx):
        text = value if isinstance(value, str) else None
        if text is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise Invalid(f"must be a date, got {shown(value)}", self.expected())
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise Invalid(f"{shown(value)} is not a real date", f"check day and month; {self.expected()}") from None


class Time(FieldType):
    description = "a time of day as HH:MM (Italian time, 24 hours)"
    example = "14:30"

    def check(self, value, ctx):
        if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
            raise Invalid(f"must be a time, got {shown(value)}", self.expected())
        hours, minutes = map(int, value.strip().split(":"))
        if hours > 23 or minutes > 59:
            raise Invalid(f"{shown(value)} is not a real time of day", self.expected())
        return dt.time(hours, minutes)


class Integer(FieldType):
    description = "a whole number"
    example = "19"

    def __init__(self, minimum: int | None = 0):
        self.minimum = minimum

    def check(self, value, ctx):
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"must be a whole number, got {shown(value)}",
                          "write digits only, without dots or spaces, for example 1000")
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"must be at least {self.minimum}, got {value}", self.expected())
        return value


class Number(FieldType):
    description = "a number (decimals with a point)"
    example = "15.5"

    def check(self, value, ctx):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise Invalid(f"must be a number, got {shown(value)}",
                          "write digits with a decimal point if needed, for example 40 or 15.5")
        if not math.isfinite(value):
            raise Invalid(f"must be a real number, got {shown(value)}", "write digits, for example 40 or 15.5")
        return value


class Boolean(FieldType):
    description = "true or false"
    example = "true"

    def check(self, value, ctx):
        if not isinstance(value, bool):
            raise Invalid(f"must be true or false, got {shown(value)}", "write true or false")
        return value


class Slug(FieldType):
    description = "an identifier of lowercase letters, digits and hyphens"
    example = "giornata-aperta-verona"

    def check(self, value, ctx):
        if not isinstance(value, str) or not SLUG_PATTERN.match(value):
            raise Invalid(f"must be an identifier, got {shown(value)}",
                          "use only lowercase letters a-z, digits and single hyphens, "
                          "for example giornata-aperta-verona")
        return value


class Url(FieldType):
    description = "a web address (https://...), mailto:, tel: or a site path starting with /"
    example = "https://www.example.org/"

    def check(self, value, ctx):
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"must be an address, got {shown(value)}", self.expected())
        return check_url(value.strip())


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # str.isspace() is true exactly for what \s matches


def check_url(url: str) -> str:
    """The URL if its scheme is allowed for links in content, else Invalid."""
    lowered = url.lower()
    if _SPACE_OR_CONTROL.search(url):
        raise Invalid(f"the address {shown(url)} contains spaces or control characters",
                      "remove them, or write %20 for a space")
    if lowered.startswith(SAFE_URL_SCHEMES) or (url.startswith("/") and not url.startswith("//")) or url.startswith("#"):
        if lowered.startswith(("http://", "https://")) and len(url.split("//", 1)[1].strip("/")) == 0:
            raise Invalid(f"the address {shown(url)} has no host", "write it like https://www.example.org/")
        return url
    raise Invalid(f"the address {shown(url)} is not allowed",
                  "links may start with https://, http://, mailto:, tel:, / (a page of this site) or # (a part "
                  "of the same page)")


class Choice(FieldType):
    def __init__(self, *values: str):
        self.values = values
        self.example = values[0]

    @property
    def description(self):
        return "one of: " + ", ".join(self.values)

    def check(self, value, ctx):
        if value not in self.values:
            raise Invalid(f"must be one of {', '.join(self.values)}, got {shown(value)}",
                          f"write one of: {', '.join(self.values)}")
        return value


class Ref(Slug):
    """The id of another record (checked once everything is loaded)."""

    def __init__(self, kind: str, example: str):
        self.kind, self.example = kind, example

    @property
    def description(self):
        return f"the id of a {self.kind}"


class ListOf(FieldType):
    def __init__(self, inner: FieldType, min_items: int = 0):
        self.inner, self.min_items = inner, min_items

    @property
    def description(self):
        return f"a list, each item {self.inner.description}"

    @property
    def example(self):
        return f"[{self.inner.example}]"

    def check(self, value, ctx):
        if not isinstance(value, list):
            raise Invalid(f"must be a list, got {shown(value)}",
                          f"write one item per line starting with '- ', or [a, b]; each item {self.inner.description}")
        if len(value) < self.min_items:
            raise Invalid(f"needs at least {self.min_items} item(s)", self.expected())
        result, problems = [], []
        for index, item in enumerate(value):
            try:
                result.append(self.inner.check(item, ctx))
            except GroupInvalid as errors:  # a list of records: report every record's problems
                problems.extend(errors.problems)
            except Invalid as error:
                error.message = f"item {index + 1} {error.message}"
                error.line = error.line or _line(value, index)
                problems.append(error)
        if len(problems) == 1 and not isinstance(self.inner, Group):
            raise problems[0]
        if problems:
            raise GroupInvalid(problems)
        return result


@dataclass
class Field:
    name: str
    type: FieldType
    required: bool = False
    default: object = None
    help: str = ""  # for the staff reference (in Italian)


@dataclass
class Group(FieldType):
    """A group of named fields: a record, or a nested part of one."""

    fields: list[Field] = field(default_factory=list)
    description: str = "a group of fields"

    def check(self, value, ctx):
        """Check every field; raise GroupInvalid with all the problems found."""
        if not isinstance(value, dict):
            raise Invalid(f"must be a group of 'field: value' lines, got {shown(value)}",
                          "write one 'field: value' per line")
        problems: list[Invalid] = []
        known = {f.name: f for f in self.fields}
        for key in value:
            if key not in known:
                close = _closest(str(key), known)
                hint = f"did you mean '{close}'?" if close else "the fields allowed here are: " + ", ".join(known)
                problems.append(Invalid(f"unknown field '{key}'", hint, line=_line(value, key)))
        result = {}
        for spec in self.fields:
            raw = value.get(spec.name)
            if raw is None:
                if spec.required:
                    problems.append(Invalid(f"the required field '{spec.name}' is missing",
                                            f"add a line '{spec.name}:' and {spec.type.expected()}",
                                            line=getattr(value, "line", None)))
                result[spec.name] = spec.default
                continue
            try:
                result[spec.name] = spec.type.check(raw, ctx)
            except GroupInvalid as errors:
                if isinstance(spec.type, Group):  # records in a list speak for themselves by their line
                    for error in errors.problems:
                        error.message = f"in '{spec.name}': {error.message}"
                problems.extend(errors.problems)
            except Invalid as error:
                error.message = f"'{spec.name}' {error.message}"
                error.line = error.line or _line(value, spec.name)
                problems.append(error)
        if problems:
            raise GroupInvalid(problems)
        return result


class GroupInvalid(Invalid):
    def __init__(self, problems: list[Invalid]):
        super().__init__(problems[0].message, problems[0].expected, problems[0].line)
        self.problems = problems


def _line(container, key) -> int | None:
    line_of = getattr(container, "line_of", None)
    return line_of(key) if line_of else None


def _closest(word: str, candidates) -> str | None:
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


class FilePath(FieldType):
    """The path of a file inside content/files/, such as a logo (that it exists, and is an image,
    is checked once the files are read: sitegen/media/)."""

    description = "the path of a file inside content/files/"

    def __init__(self, example: str = "loghi/partner.png"):
        self.example = example

    def check(self, value, ctx):
        if not isinstance(value, str) or not value.strip():
            raise Invalid(f"must be the path of a file, got {shown(value)}", self.expected())
        path = value.strip()
        parts = path.split("/")
        if path.startswith("/") or "\\" in path or ".." in parts or "" in parts or ":" in path:
            raise Invalid(f"{shown(path)} is not a path inside content/files/",
                          f"write the path from content/files/ on, with / between folders, for example {self.example}")
        return path


class TimeZoneName(Text):
    """A time zone of the IANA database, such as Europe/Rome."""

    description = "a time zone name, as Area/City"

    def __init__(self, example: str = "Europe/Rome"):
        self.example = example

    def check(self, value, ctx):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        name = super().check(value, ctx)
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise Invalid(f"{shown(name)} is not a known time zone",
                          "write Area/City as in the time zone database, for example Europe/Rome, "
                          "Europe/London or America/New_York") from None
        return name


class LanguageCode(FieldType):
    """A language as its ISO 639-1 code: it, en, fr."""

    description = "a language code of two lowercase letters"
    example = "it"

    def check(self, value, ctx):
        if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2}", value):
            raise Invalid(f"must be a language code, got {shown(value)}",
                          "write the two-letter code of the language, for example it, en, fr or de")
        return value
