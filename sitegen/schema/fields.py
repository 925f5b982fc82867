"""Typed fields for content records: each checks a value and explains the expected form.

A field type knows how to check one value (returning the clean value or raising
Invalid), how to describe itself to staff, and how it looks in an example. The record
kinds of this site are declared with these types in records.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import (Context, FieldType, Invalid, LANGUAGE_NAMES, SAFE_URL_SCHEMES, SLUG_PATTERN, closest,
                   line_in, shown)
from .scalars import (Boolean, Choice, Date, FilePath, Integer, LanguageCode, Markdown, Number, Ref, Slug,
                      Text, Time, TimeZoneName, Url, check_url, reject_invisible)


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
                              line=line_in(value, key))
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
                error.line = error.line or line_in(value, lang)
                raise
        return result


class PartlyTranslated(dict):
    """A Translated value: every language's text; `missing` names the languages whose text is the
    default language's, for want of a translation (reported, not refused)."""

    missing: tuple[str, ...] = ()


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
                error.line = error.line or line_in(value, index)
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
                close = closest(str(key), known)
                hint = f"did you mean '{close}'?" if close else "the fields allowed here are: " + ", ".join(known)
                problems.append(Invalid(f"unknown field '{key}'", hint, line=line_in(value, key)))
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
                error.line = error.line or line_in(value, spec.name)
                problems.append(error)
        if problems:
            raise GroupInvalid(problems)
        return result


class GroupInvalid(Invalid):
    def __init__(self, problems: list[Invalid]):
        super().__init__(problems[0].message, problems[0].expected, problems[0].line)
        self.problems = problems

# Every field type is imported from this module; the scalar ones are declared in scalars.py.
__all__ = ['Boolean', 'Choice', 'Context', 'Date', 'Field', 'FieldType', 'FilePath', 'Group', 'GroupInvalid',
           'Integer', 'Invalid', 'LANGUAGE_NAMES', 'LanguageCode', 'ListOf', 'Markdown', 'Number',
           'PartlyTranslated', 'Ref', 'SAFE_URL_SCHEMES', 'SLUG_PATTERN', 'Slug', 'Text', 'Time',
           'TimeZoneName', 'Translated', 'Url', 'check_url', 'closest', 'line_in', 'reject_invisible', 'shown']
