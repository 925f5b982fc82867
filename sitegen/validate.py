"""Checks across records: unique ids and slugs, references, dates, translations, templates.

Each field was already checked on its own while loading (content.py); here we check
what only the whole site can tell, and collect every problem before reporting.
"""

from __future__ import annotations

from collections import defaultdict

from .load.content import Content
from .errors import Problem
from .schema.fields import LANGUAGE_NAMES, SLUG_PATTERN, Group, ListOf, PartlyTranslated, Ref
from .schema.types import DATA_FILES, PAGE_KIND, RECORDS


def cross_check(content: Content, template_names: set[str]) -> list[Problem]:
    """Every problem that involves more than one field or file."""
    ids, problems = record_ids(content)
    ids[PAGE_KIND] = {entry.key for entry in content.entries if entry.kind == "pages"}
    problems += references(content, ids)
    problems += _event_dates(content)
    problems += _entries(content, template_names)
    problems += site_files_named(content)
    return problems


def site_files_named(content: Content) -> list[Problem]:
    """The files settings.yml names (logo, favicon, preview image) are in files/, and the preview
    image is a PNG or JPEG."""
    import difflib

    from .outputs.preview_images import image_problem

    settings, problems = content.data["settings.yml"], []
    named = [("logo", settings["logo"]), ("favicon", settings["favicon"])]
    if settings["preview_image"]:
        named.append(("preview_image", settings["preview_image"]["file"]))
    for field, name in named:
        if name is None:
            continue
        path = (field, "file") if field == "preview_image" else (field,)
        line = raw_line(content, "settings.yml", *path)
        if name not in content.site_files:
            close = difflib.get_close_matches(name, sorted(content.site_files), n=1)
            problems.append(Problem(content.shown["settings.yml"], line, f"'{field}' names {name}, which is not in "
                                    "files/", f"did you mean {close[0]}?" if close else
                                    f"put the file in {content.root.name}/files/, or correct the name"))
        elif field == "preview_image" and image_problem(content.site_files[name]):
            problems.append(Problem(content.shown["settings.yml"], line, f"the preview image {name} cannot be used: "
                                    f"{image_problem(content.site_files[name])}",
                                    "use a PNG or JPEG image of 1200 × 630 pixels"))
    return problems


def record_ids(content: Content) -> tuple[dict[str, set], list[Problem]]:
    """The ids of every kind of record (schema/types.py RECORDS), and a problem for each id used twice."""
    ids, problems = {}, []
    for records in RECORDS:
        first_lines: dict[str, int] = {}
        for index, record in enumerate(content.data[records.file][records.key] or []):
            line = raw_line(content, records.file, records.key, index, "id")
            if record["id"] in first_lines:
                problems.append(Problem(content.shown[records.file], line,
                                        f"the {records.kind} id '{record['id']}' is used twice "
                                        f"(first on line {first_lines[record['id']]})", "give each one its own id"))
            else:
                first_lines[record["id"]] = line
        ids[records.kind] = set(first_lines)
    return ids, problems


def references(content: Content, ids: dict[str, set]) -> list[Problem]:
    """Every Ref field in every data file names a record that exists."""
    problems = []
    for file, group in DATA_FILES.items():
        for kind, value, path in _references_in(group, content.data[file], ()):
            if value in ids[kind]:
                continue
            if kind == PAGE_KIND:
                hint = "write the file name of a page in pages/ without .md, e.g. " + ", ".join(sorted(ids[kind])[:3])
            else:
                where = next(records.file for records in RECORDS if records.kind == kind)
                hint = f"use the id of a {kind} in {where}: " + ", ".join(sorted(ids[kind]))
            problems.append(Problem(content.shown[file], raw_line(content, file, *path),
                                    f"'{path[-1] if isinstance(path[-1], str) else path[-2]}' names the unknown "
                                    f"{kind} '{value}'", hint))
    return problems


def _references_in(kind, value, path: tuple):
    """(kind named, value, path to it) for every Ref value inside `value`, checked against `kind`."""
    if value is None:
        return
    if isinstance(kind, Ref):
        yield kind.kind, value, path
    elif isinstance(kind, ListOf):
        for index, item in enumerate(value):
            yield from _references_in(kind.inner, item, path + (index,))
    elif isinstance(kind, Group):
        for spec in kind.fields:
            yield from _references_in(spec.type, value.get(spec.name), path + (spec.name,))


def _event_dates(content: Content) -> list[Problem]:
    problems = []
    shown = content.shown["calendar.yml"]
    for index, event in enumerate(content.data["calendar.yml"]["events"]):
        def problem(name, message, expected):
            problems.append(Problem(shown, raw_line(content, "calendar.yml", "events", index, name), message, expected))

        start, end = event["start"], event["end"]
        if start is None:
            for name in ("end", "time", "end_time"):
                if event[name] is not None:
                    problem(name, f"'{name}' is given but 'start' is not",
                            "add 'start: YYYY-MM-DD', or remove it: without a date the event is 'to be announced'")
            continue
        if end is not None and end < start:
            problem("end", f"'end' ({end}) is before 'start' ({start})", "the last day must be on or after the first")
        if event["end_time"] is not None and event["time"] is None:
            problem("end_time", "'end_time' is given but 'time' is not", "add the start time as 'time: HH:MM'")
        if event["time"] is not None and event["end_time"] is not None and (end is None or end == start):
            if event["end_time"] <= event["time"]:
                problem("end_time", f"'end_time' ({event['end_time']:%H:%M}) is not after 'time' ({event['time']:%H:%M})",
                        "the event must end after it starts")
    return problems


def _entries(content: Content, template_names: set[str]) -> list[Problem]:
    """Pages and news: templates exist, slugs are unique, each exists in the default language."""
    problems = []
    slugs: dict[tuple, object] = {}
    keys = defaultdict(dict)  # (kind, key) -> {lang: entry}
    for entry in sorted(content.entries, key=lambda e: e.source):
        keys[(entry.kind, entry.key)][entry.lang] = entry
        if entry.kind == "pages" and entry.meta["template"] not in template_names:
            problems.append(Problem(entry.source, entry.line_of("template"),
                                    f"the template '{entry.meta['template']}' does not exist",
                                    "use one of: " + ", ".join(page_templates(template_names))))
        slug = entry_slug(entry)
        if not entry.meta["slug"] and not SLUG_PATTERN.match(entry.key):
            problems.append(Problem(entry.source, None, f"the file name '{entry.key}' cannot be used as an address",
                                    "rename the file using only a-z, 0-9 and hyphens (for example chi-siamo.md), "
                                    "or add a 'slug' field"))
        if entry.kind == "pages" and entry.key == "index" and entry.meta["slug"]:
            problems.append(Problem(entry.source, entry.line_of("slug"), "the home page cannot have a 'slug'",
                                    "remove the line: index.md is always the language's home page"))
        other = slugs.get((entry.kind, entry.lang, slug))
        if other is not None:
            problems.append(Problem(entry.source, entry.line_of("slug"),
                                    f"the address '{slug}' is already used by {other.source}",
                                    "give one of them a different 'slug'"))
        slugs[(entry.kind, entry.lang, slug)] = entry
    languages = content.languages
    for lang in languages:
        if ("pages", "index") not in keys or lang not in keys[("pages", "index")]:
            problems.append(Problem(f"{content.root.name}/pages/{lang}/index.md", None,
                                    f"the home page of the language '{lang}' is missing",
                                    f"create {content.root.name}/pages/{lang}/index.md with a title "
                                    "and 'template: home.html'"))
    default = languages[0]
    for (kind, key), versions in sorted(keys.items()):
        if default not in versions:
            some = next(iter(versions.values()))
            name = LANGUAGE_NAMES.get(default, default)
            problems.append(Problem(some.source, None, f"there is no {name} version of this file, and {name} is "
                                    "the site's default language",
                                    f"create {content.root.name}/{kind}/{default}/{key}.md (same file name) with the "
                                    f"{name} text: every page and news item exists at least in {name}"))
    return problems


def translation_report(content: Content) -> list[Problem]:
    """What is not translated yet (it builds, shown in the default language or not at all):
    pages and news items missing in a language, and data-file texts without a language's text."""
    report, keys = [], defaultdict(dict)
    for entry in content.entries:
        keys[(entry.kind, entry.key)][entry.lang] = entry
    for (kind, key), versions in sorted(keys.items()):
        for lang in content.languages:
            if lang not in versions and content.languages[0] in versions:
                name = LANGUAGE_NAMES.get(lang, lang)
                missing = f"{content.root.name}/{kind}/{lang}/{key}.md"
                draft = (content.root / kind / lang / f"{key}.md").is_file()
                report.append(Problem(versions[content.languages[0]].source, None,
                                      f"not translated into {name} yet" + (f" ({missing} is a draft)" if draft else ""),
                                      f"until {missing} exists, the {name} site has no such page"))
    for file in DATA_FILES:
        for path, missing in _untranslated(content.data.get(file), ()):
            names = ", ".join(LANGUAGE_NAMES.get(lang, lang) for lang in missing)
            field = ".".join(str(step) for step in path)
            report.append(Problem(content.shown[file], raw_line(content, file, *path),
                                  f"'{field}' has no {names} text yet", f"the {names} pages show the "
                                  f"{LANGUAGE_NAMES.get(content.languages[0], content.languages[0])} text"))
    return report


def _untranslated(value, path: tuple):
    """(path, languages) of every text in `value` that lacks some languages (schema PartlyTranslated)."""
    if isinstance(value, PartlyTranslated):
        if value.missing:
            yield path, value.missing
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _untranslated(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _untranslated(item, path + (index,))


NOT_FOR_PAGES = {"base.html", "root.html", "404.html", "event.html", "article.html"}


def page_templates(template_names) -> list[str]:
    """Templates a Markdown page may choose (not the frame, partials or generated pages)."""
    return sorted(n for n in template_names if "/" not in n and n not in NOT_FOR_PAGES)


def entry_slug(entry) -> str:
    """The last part of the entry's address: its slug, or its file name."""
    return entry.meta.get("slug") or entry.key


def raw_line(content: Content, file: str, *path) -> int | None:
    """The line of a value in a data file, following keys and list indexes."""
    node, line = content.raw.get(file), None
    for step in path:
        line_of = getattr(node, "line_of", None)
        if line_of is None:
            break
        try:
            line = line_of(step)
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    return line
