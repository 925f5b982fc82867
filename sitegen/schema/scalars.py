"""Field types of single values: texts, dates, times, numbers, booleans, identifiers, addresses,
choices, references and file paths."""

from __future__ import annotations

import datetime as dt
import math
import re

from .base import FieldType, INVISIBLE, Invalid, SAFE_URL_SCHEMES, SLUG_PATTERN, shown


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
    found = INVISIBLE.search(text)
    if found:
        raise Invalid(f"contains the invisible character U+{ord(found.group()):04X}",
                      "delete it (it often comes from text pasted from a PDF or a word processor)")


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
