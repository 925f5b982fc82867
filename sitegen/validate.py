"""Checks across records: unique ids and slugs, references, dates, translations, templates.

Each field was already checked on its own while loading (content.py); here we check
what only the whole site can tell, and collect every problem before reporting.
"""

from __future__ import annotations

from collections import defaultdict

from .load.content import Content
from .errors import Problem
from .schema.fields import LANGUAGE_NAMES, SLUG_PATTERN


def cross_check(content: Content, template_names: set[str]) -> list[Problem]:
    """Every problem that involves more than one field or file."""
    partners = _unique_ids(content, "partners.yml", "partners", "partner")
    figures = _unique_ids(content, "statistics.yml", "figures", "figure")
    events = _unique_ids(content, "calendar.yml", "events", "event")
    problems = partners.problems + figures.problems + events.problems
    problems += _references(content, set(partners.ids))
    problems += _event_dates(content)
    problems += _entries(content, template_names)
    return problems


class _Ids:
    def __init__(self):
        self.ids: dict[str, int] = {}
        self.problems: list[Problem] = []


def _unique_ids(content: Content, file: str, key: str, noun: str) -> _Ids:
    found = _Ids()
    for index, record in enumerate(content.data[file][key]):
        line = raw_line(content, file, key, index, "id")
        if record["id"] in found.ids:
            found.problems.append(Problem(
                content.shown[file], line,
                f"the {noun} id '{record['id']}' is used twice (first on line {found.ids[record['id']]})",
                "give each one its own id"))
        else:
            found.ids[record["id"]] = line
    return found


def _references(content: Content, partner_ids: set[str]) -> list[Problem]:
    """Every partner id named anywhere must exist in partners.yml."""
    problems = []
    hint = "use the id of a partner in partners.yml: " + ", ".join(sorted(partner_ids))

    def check(file, ref, *path):
        if ref is not None and ref not in partner_ids:
            problems.append(Problem(content.shown[file], raw_line(content, file, *path),
                                    f"'{path[-1]}' names the unknown partner '{ref}'", hint))

    check("settings.yml", content.data["settings.yml"]["publisher"], "publisher")
    project = content.data["project.yml"]
    check("project.yml", project["promoter"], "promoter")
    check("project.yml", project["executor"], "executor")
    check("project.yml", project["membership"]["contact"], "membership", "contact")
    for index, partner in enumerate(content.data["partners.yml"]["partners"]):
        for member in partner["members"] or []:
            check("partners.yml", member, "partners", index, "members")
    for index, figure in enumerate(content.data["statistics.yml"]["figures"]):
        check("statistics.yml", figure["source"], "figures", index, "source")
    for index, event in enumerate(content.data["calendar.yml"]["events"]):
        for organizer in event["organizers"] or []:
            check("calendar.yml", organizer, "events", index, "organizers")
    return problems


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
    """Pages and news: templates exist, slugs are unique, every language has its translation."""
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
    join_page = content.data["project.yml"]["membership"]["page"]
    if join_page and ("pages", join_page) not in keys:
        problems.append(Problem(content.shown["project.yml"], raw_line(content, "project.yml", "membership", "page"),
                                f"'page' names the page '{join_page}', which does not exist",
                                f"write the file name of a page in pages/ without .md, e.g. {sorted(k for _, k in keys)[0] if keys else 'aderire'}"))
    languages = content.languages
    for lang in languages:
        if ("pages", "index") not in keys or lang not in keys[("pages", "index")]:
            problems.append(Problem(f"{content.root.name}/pages/{lang}/index.md", None,
                                    f"the home page of the language '{lang}' is missing",
                                    f"create {content.root.name}/pages/{lang}/index.md with a title "
                                    "and 'template: home.html'"))
    for (kind, key), versions in sorted(keys.items()):
        for lang in languages:
            if lang not in versions:
                some = next(iter(versions.values()))
                name = LANGUAGE_NAMES.get(lang, lang)
                missing = f"{content.root.name}/{kind}/{lang}/{key}.md"
                if (content.root / kind / lang / f"{key}.md").is_file():
                    problems.append(Problem(some.source, None, f"its {name} translation {missing} is a draft "
                                            "(draft: true) but this file is not",
                                            "mark both as drafts, or publish both"))
                else:
                    problems.append(Problem(some.source, None, f"there is no {name} translation of this file",
                                            f"create {missing} (same file name) with the {name} text"))
    return problems


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
