"""Turn validated content into one model Site per language, and the list of pages to render."""

from __future__ import annotations

from dataclasses import dataclass

from ..load.content import Content, Entry
from ..errors import Problem
from ..render.i18n import Language
from ..render.markdown import MarkdownConverter
from ..render.typography import smarten
from .site import Body, Breadcrumb, Event, Figure, Membership, Page, Partner, Project, Site
from .urls import Urls, page_path
from ..validate import entry_slug, raw_line

ROOT_OUTPUT = "index.html"
NOT_FOUND_OUTPUT = "404.html"


@dataclass
class Assembled:
    sites: dict[str, Site]  # lang -> Site
    pages: list[Page]  # every page to render, in a stable order
    problems: list[Problem]


def assemble(content: Content, urls: Urls, languages: dict[str, Language], today,
             markdown: MarkdownConverter | None = None) -> Assembled:
    """Every language's Site and every Page, with translations and breadcrumbs linked."""
    markdown = markdown or MarkdownConverter(urls.base_path)
    problems: list[Problem] = []
    sites, pages = {}, []
    for lang in content.languages:
        site, site_pages = _assemble_language(content, urls, languages[lang], today, markdown, problems)
        sites[lang] = site
        pages += site_pages
    _link_translations(pages)
    default = sites[content.languages[0]]
    pages.append(_special_page("root", ROOT_OUTPUT, "root.html", default, urls))
    pages.append(_special_page("not-found", NOT_FOUND_OUTPUT, "404.html", default, urls))
    problems += _output_clashes(pages)
    return Assembled(sites, pages, problems)


def _assemble_language(content, urls, language, today, markdown, problems):
    lang, data = language.code, content.data
    settings, sections = data["settings.yml"], data["settings.yml"]["sections"]
    partners = _partners(data["partners.yml"]["partners"], lang)
    project_data = data["project.yml"]
    membership = project_data["membership"]
    project = Project(project_data["name"], smarten(project_data["tagline"][lang], lang),
                      smarten(project_data["summary"][lang], lang),
                      partners[project_data["promoter"]], partners[project_data["executor"]],
                      Membership(membership["deadline"], membership["joined"], partners[membership["contact"]], today))
    figures = [_figure(raw, lang, language, partners) for raw in data["statistics.yml"]["figures"]]
    events = [_event(raw, lang, language, partners, markdown, content.shown["calendar.yml"], problems,
                     _description_line(content, index, lang))
              for index, raw in enumerate(data["calendar.yml"]["events"])]
    site = Site(lang, content.languages, settings["name"][lang], settings["description"][lang], urls.base_url,
                urls.base_path, today, settings["contact"], partners[settings["publisher"]], project,
                list(partners.values()), figures, events, {}, [])
    entries = [entry for entry in content.entries if entry.lang == lang]
    for entry in sorted(entries, key=lambda e: e.key):
        if entry.kind == "pages":
            site.pages[entry.key] = _page(entry, urls, markdown)
    site.project.membership.page = site.pages.get(membership["page"])
    home = site.pages.get("index")
    home_crumb = [Breadcrumb(home.menu_title or home.title, home.url)] if home else []
    for page in site.pages.values():
        if not page.is_home:
            page.breadcrumbs = home_crumb + [Breadcrumb(page.title, page.url)]
    news_section = _section_crumbs(site, urls, lang, sections["news"][lang], home_crumb)
    for entry in entries:
        if entry.kind == "news":
            item = _news(entry, urls, sections["news"][lang], markdown)
            item.breadcrumbs = news_section + [Breadcrumb(item.title, item.url)]
            site.news.append(item)
    site.news.sort(key=lambda p: (p.date is not None, p.date or today, p.key), reverse=True)
    events_section = _section_crumbs(site, urls, lang, sections["events"][lang], home_crumb)
    for event in events:
        output = page_path(lang, sections["events"][lang], event.id)
        event.url = urls.link(output)
        event.absolute_url = urls.absolute(event.url)
        page = Page("event", event.id, lang, event.title, event.summary, "event.html", output, event.url,
                    event.absolute_url, body=event.description_html, event=event,
                    source=content.shown["calendar.yml"])
        page.breadcrumbs = events_section + [Breadcrumb(event.title, event.url)]
        site.event_pages[event.id] = page
    return site, list(site.pages.values()) + site.news + list(site.event_pages.values())


def _section_crumbs(site, urls, lang, section, home_crumb):
    listing = site.page_for_section(urls.link(page_path(lang, section)))
    return home_crumb + ([Breadcrumb(listing.menu_title or listing.title, listing.url)] if listing else [])


def _partners(records, lang) -> dict[str, Partner]:
    partners = {
        raw["id"]: Partner(raw["id"], raw["name"], (raw["full_name"] or {}).get(lang), raw["roles"],
                           smarten(raw["description"][lang], lang), raw["city"], raw["url"])
        for raw in records
    }
    for raw in records:
        for member_id in raw["members"] or []:
            partners[raw["id"]].members.append(partners[member_id])
            partners[member_id].member_of.append(partners[raw["id"]])
    return partners


def _figure(raw, lang, language: Language, partners) -> Figure:
    is_rank = raw["chart"] == "rank" and float(raw["value"]).is_integer() and raw["value_max"] is None
    number = language.ordinal(int(raw["value"])) if is_rank else language.number(raw["value"])
    if raw["value_max"] is not None:
        number += "–" + language.number(raw["value_max"])
    unit = (raw["unit"] or {}).get(lang)
    text = number + ("" if not unit else unit if unit in ("%", "°", "º") else f" {unit}")
    if raw["qualifier"] != "exact":
        text = f"{language('qualifier_' + raw['qualifier'])} {text}"
    return Figure(raw["id"], raw["value"], raw["value_max"], raw["qualifier"], unit,
                  smarten(raw["label"][lang], lang),
                  raw["chart"], partners.get(raw["source"]), raw["key"], text)


def _description_line(content: Content, index: int, lang: str) -> int:
    """The line where an event's description text starts in calendar.yml (after `it: |`)."""
    line = raw_line(content, "calendar.yml", "events", index, "description", lang) or 1
    text = ((content.data["calendar.yml"]["events"][index]["description"]) or {}).get(lang, "")
    return line + 1 if "\n" in text.strip() else line


def _event(raw, lang, language: Language, partners, markdown, source, problems, first_line: int) -> Event:
    description = raw["description"][lang] if raw["description"] else ""
    converted = markdown.convert(description, lang, source, first_line)
    problems += converted.problems
    return Event(raw["id"], raw["kind"], smarten(raw["title"][lang], lang),
                 smarten(raw["summary"][lang], lang), converted.html,
                 raw["start"], raw["end"], raw["time"], raw["end_time"],
                 (raw["city"] or {}).get(lang), raw["venue"], raw["address"],
                 [partners[p] for p in raw["organizers"] or []], raw["status"], _when(raw, language))


def _when(raw, language: Language) -> str:
    """The event's date in words, with its time, or 'to be announced'."""
    if raw["start"] is None:
        return language("date_tba")
    text = language.date_range(raw["start"], raw["end"] or raw["start"])
    if raw["time"]:
        hours = f"{raw['time']:%H:%M}" + (f"–{raw['end_time']:%H:%M}" if raw["end_time"] else "")
        text = language("date_with_time", date=text, time=hours)
    return text


def _page(entry: Entry, urls: Urls, markdown) -> Page:
    output = page_path(entry.lang) if entry.key == "index" else page_path(entry.lang, entry_slug(entry))
    link = urls.link(output)
    meta = entry.meta
    return Page("page", entry.key, entry.lang, smarten(meta["title"], entry.lang),
                smarten(meta["description"] or "", entry.lang), meta["template"],
                output, link, urls.absolute(link), _body(entry, markdown), entry.source, meta["menu"], meta["menu_title"],
                footer=meta["footer"])


def _news(entry: Entry, urls: Urls, section: str, markdown) -> Page:
    output = page_path(entry.lang, section, entry_slug(entry))
    link = urls.link(output)
    meta = entry.meta
    return Page("news", entry.key, entry.lang, smarten(meta["title"], entry.lang),
                smarten(meta["summary"], entry.lang), "article.html", output, link,
                urls.absolute(link), _body(entry, markdown), entry.source, date=meta["date"], updated=meta["updated"],
                author=meta["author"])


def _body(entry: Entry, markdown: MarkdownConverter) -> Body:
    return Body(entry.body, entry.lang, entry.source, entry.body_line, markdown)


def _special_page(kind, output, template, site: Site, urls: Urls) -> Page:
    link = urls.link(output)
    page = Page(kind, kind, site.lang, site.name, site.description, template, output, link, urls.absolute(link))
    if kind == "root":
        page.translations = {lang: urls.link(page_path(lang)) for lang in site.languages}
    return page


def _link_translations(pages: list[Page]) -> None:
    groups: dict[tuple, dict[str, str]] = {}
    for page in pages:
        groups.setdefault((page.kind, page.key), {})[page.lang] = page.url
    for page in pages:
        page.translations = groups[(page.kind, page.key)]


def _output_clashes(pages: list[Page]) -> list[Problem]:
    seen: dict[str, Page] = {}
    problems = []
    for page in pages:
        if page.output in seen:
            other = seen[page.output]
            problems.append(Problem(page.source or other.source or page.output, None,
                                    f"two pages would be written to {page.output}: {page.kind} '{page.key}' "
                                    f"and {other.kind} '{other.key}'", "change the 'slug' of one of them"))
        seen[page.output] = page
    return problems
