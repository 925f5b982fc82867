"""Interface strings per language, and dates and numbers written the way each language writes them.

The strings live in templates/translations.yml, so templates never hold Italian or
English words. Formatting never depends on the machine's locale.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, display_path
from ..load.text import read_data_file
from ..load.yamlsafe import ProblemList

TRANSLATIONS_FILE = "translations.yml"
LANGUAGE_FOLDER = "translations"  # one more language: translations/<code>.yml, holding its strings
REQUIRED_KEYS = ("months", "date_format", "thousands_separator", "decimal_separator", "locale")


@dataclass(frozen=True)
class Language:
    """The interface strings of one language."""

    code: str
    strings: dict

    def __call__(self, key: str, **values) -> str:
        """The string for `key`, with {placeholders} filled in (used in templates as t('key'))."""
        text = self.strings[key]
        return text.format(**values) if values else text

    def date(self, day: dt.date) -> str:
        """12 dicembre 2012 / 12 December 2012."""
        return self.strings["date_format"].format(day=day.day, month=self.strings["months"][day.month - 1],
                                                  year=day.year)

    def date_range(self, start: dt.date, end: dt.date) -> str:
        """3–5 ottobre 2012, 30 settembre – 2 ottobre 2012."""
        if end == start:
            return self.date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{self.date(end)}"
        first = self.date(start)
        if start.year == end.year:
            first = first.replace(f" {start.year}", "")
        return f"{first} – {self.date(end)}"

    def ordinal(self, value: int) -> str:
        """7° / 7th: the language's `ordinal_suffix`, or English suffixes when it has none."""
        suffix = self.strings.get("ordinal_suffix")
        if suffix:
            return f"{value}{suffix}"
        if value % 100 in (11, 12, 13):
            return f"{value}th"
        return f"{value}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(value % 10, 'th') }"

    def number(self, value: float) -> str:
        """1.000 / 1,000; 15,5 / 15.5."""
        whole, _, decimals = f"{value:,.2f}".rstrip("0").rstrip(".").partition(".")
        whole = whole.replace(",", self.strings["thousands_separator"])
        return whole + (self.strings["decimal_separator"] + decimals if decimals else "")


def load_translations(templates: Path, languages: tuple[str, ...], sources) -> tuple[dict[str, Language], list[Problem]]:
    """The Language of each site language; problems if a language or a string is missing."""
    path = templates / TRANSLATIONS_FILE
    shown = display_path(path)
    try:
        data = sources.read(path)
    except OSError:
        return {}, [Problem(shown, None, "the translations file is missing",
                            "create it with one group of interface strings per language")]
    try:
        raw = read_data_file(data, shown)
    except ProblemList as errors:
        return {}, errors.problems
    if not isinstance(raw, dict):
        return {}, [Problem(shown, 1, "must hold one group of strings per language", "start with 'it:'")]
    raw, files, problems = _with_language_files(templates, dict(raw), languages, sources, shown)
    all_keys = set().union(*(group for group in raw.values() if isinstance(group, dict)))
    result = {}
    for lang in languages:
        group = raw.get(lang)
        if not isinstance(group, dict):
            problems.append(Problem(shown, None, f"there are no interface strings for the language '{lang}'",
                                    f"add a group '{lang}:' with the same keys as the others, or a file "
                                    f"{LANGUAGE_FOLDER}/{lang}.yml beside it"))
            continue
        for key in sorted(all_keys.union(REQUIRED_KEYS) - set(group)):
            problems.append(Problem(files.get(lang, shown), group.line_of(key) if hasattr(group, "line_of") else None,
                                    f"the string '{key}' is missing in '{lang}'",
                                    f"add '{key}:' under '{lang}:' with its {lang} text"))
        months = group.get("months")
        if months is not None and (not isinstance(months, list) or len(months) != 12):
            problems.append(Problem(files.get(lang, shown), group.line_of("months"),
                                    f"'{lang}' 'months' must list 12 month names",
                                    "write them in order, from January to December"))
        result[lang] = Language(lang, dict(group))
    problems += _check_strings(raw, [lang for lang in languages if isinstance(raw.get(lang), dict)], files)
    return result, problems


def _with_language_files(templates: Path, raw: dict, languages, sources, shown: str):
    """translations.yml's groups, and those of translations/<lang>.yml for the site's other languages;
    with the file each group comes from, as shown, and the problems of reading them."""
    files, problems = {lang: shown for lang in raw}, []
    for lang in languages:
        path = templates / LANGUAGE_FOLDER / f"{lang}.yml"
        if lang in raw:
            continue
        try:
            data = sources.read(path)
        except OSError:
            continue  # reported as a language without strings
        files[lang] = display_path(path)
        try:
            group = read_data_file(data, files[lang])
        except ProblemList as errors:
            problems += errors.problems
            continue
        if not isinstance(group, dict):
            problems.append(Problem(files[lang], 1, "must hold the interface strings of one language",
                                    "write one 'key: text' line per string, with the keys of translations.yml"))
            continue
        raw[lang] = group
    return raw, files, problems


FIXED_PLACEHOLDERS = {"date_format": {"day", "month", "year"}, "date_with_time": {"date", "time"}}


def _check_strings(raw, languages: list[str], files: dict[str, str]) -> list[Problem]:
    """Every string is text, and uses the same {placeholders} in every language (`files`: where each
    language's strings are, as shown)."""
    problems, used = [], {}
    for lang in languages:
        group, shown = raw[lang], files[lang]
        for key, value in group.items():
            line = group.line_of(key) if hasattr(group, "line_of") else None
            if key == "months":
                continue
            if not isinstance(value, str):
                problems.append(Problem(shown, line, f"'{key}' in '{lang}' must be text, got {value!r}",
                                        "put the value in quotes"))
                continue
            try:
                fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
            except ValueError:
                problems.append(Problem(shown, line, f"'{key}' in '{lang}' has an unmatched {{ or }}",
                                        "write {name} for a value filled in by the site, {{ or }} for a brace"))
                continue
            expected = FIXED_PLACEHOLDERS.get(key)
            if expected is not None and fields != expected:
                problems.append(Problem(shown, line, f"'{key}' in '{lang}' uses "
                                        + (", ".join(f"{{{name}}}" for name in sorted(fields)) or "no {words}")
                                        + "; it must use exactly "
                                        + ", ".join(f"{{{name}}}" for name in sorted(expected)),
                                        "keep the words in braces as they are; only the text around them changes"))
            used.setdefault(key, {})[lang] = (fields, line)
    for key, by_language in used.items():
        variants = {frozenset(fields) for fields, _ in by_language.values()}
        if len(variants) > 1 and key not in FIXED_PLACEHOLDERS:
            for lang, (fields, line) in by_language.items():
                shown = files[lang]
                others = {other: sorted(f) for other, (f, _) in by_language.items() if f != fields}
                if others:
                    problems.append(Problem(shown, line, f"'{key}' in '{lang}' uses "
                                            f"{sorted(fields) or 'no placeholders'}, but {others}",
                                            "use the same words in braces in every language"))
    return problems
