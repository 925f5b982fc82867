"""Turn validated content into one model Site per language, and the list of pages to render."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..load.content import Content, Entry
from ..errors import Problem
from ..render.i18n import Language
from ..render.markdown import MarkdownConverter
from ..render.typography import smarten
from ..schema.types import DATA_FILES, PAGE_KIND, RECORDS
from ..validate import entry_slug, raw_line
from .link_targets import NOT_FOUND_OUTPUT, ROOT_OUTPUT, document_output, event_output
from .records import link_references, localized
from .site import CLASSES, Body, Breadcrumb, Page, Site
from .urls import Urls, language_folder, page_path



@dataclass
class Assembled:
    sites: dict[str, Site]  # lang -> Site
    pages: list[Page]  # every page to render, in a stable order
    problems: list[Problem]
    documents: list[str] = field(default_factory=list)  # absolute URLs of the documents of content/files/


def assemble(content: Content, urls: Urls, languages: dict[str, Language], today,
             markdown: MarkdownConverter | None = None) -> Assembled:
    """Every language's Site and every Page, with translations and breadcrumbs linked."""
    markdown = markdown or MarkdownConverter(urls.base_path)
    problems: list[Problem] = []
    sites, pages = {}, []
    for lang in content.languages:  # the default language first: other languages fall back on its pages
        fallback = sites[content.languages[0]].pages if sites else {}
        site, site_pages = _assemble_language(content, urls, languages[lang], today, markdown, problems, fallback)
        sites[lang] = site
        pages += site_pages
    _link_translations(pages)
    default = sites[content.languages[0]]
    if len(content.languages) > 1:  # one language: its home is the root
        pages.append(_special_page("root", ROOT_OUTPUT, "root.html", default, urls))
    pages.append(_special_page("not-found", NOT_FOUND_OUTPUT, "404.html", default, urls))
    problems += _output_clashes(pages)
    return Assembled(sites, pages, problems)


def _assemble_language(content, urls, language, today, markdown, problems, fallback: dict):
    lang = language.code
    data = {file.removesuffix(".yml"): localized(CLASSES(group), content.data[file], lang, CLASSES)
            for file, group in DATA_FILES.items()}
    records = {kind.kind: {record.id: record for record in getattr(data[kind.file.removesuffix(".yml")], kind.key)}
               for kind in RECORDS}
    entries = [entry for entry in content.entries if entry.lang == lang]
    sections = content.data["settings.yml"]["sections"]
    pages = {entry.key: _page(entry, urls, markdown, sections, content.languages)
             for entry in sorted(entries, key=lambda e: e.key) if entry.kind == "pages"}
    link_references(data.values(), lambda kind, key: (pages.get(key) or fallback[key]) if kind == PAGE_KIND
                    else records[kind][key])  # a page not translated yet: the default language's
    settings = data["settings"]
    site = Site(lang, content.languages, settings.name, settings.description, urls.base_url, urls.base_path, today,
                settings.contact, settings.publisher, data["project"], data["partners"].partners,
                data["statistics"].figures, data["calendar"].events, pages, [], data=data)
    _complete_records(site, content, language, markdown, problems)
    home = site.pages.get("index")
    home_crumb = [Breadcrumb(home.menu_title or home.title, home.url)] if home else []
    for page in site.pages.values():
        if not page.is_home:
            page.breadcrumbs = home_crumb + [Breadcrumb(page.title, page.url)]
    news_section = _section_crumbs(site, urls, lang, sections["news"][lang], home_crumb)
    for entry in entries:
        if entry.kind == "news":
            item = _news(entry, urls, sections, markdown, content.languages)
            item.breadcrumbs = news_section + [Breadcrumb(item.title, item.url)]
            site.news.append(item)
    site.news.sort(key=lambda p: (p.date is not None, p.date or today, p.key), reverse=True)
    events_section = _section_crumbs(site, urls, lang, sections["events"][lang], home_crumb)
    for event in site.events:
        output = event_output(lang, event.id, sections, content.languages)
        event.url = urls.link(output)
        event.absolute_url = urls.absolute(event.url)
        page = Page("event", event.id, lang, event.title, event.summary, "event.html", output, event.url,
                    event.absolute_url, body=event.description_html, event=event,
                    source=content.shown["calendar.yml"])
        page.breadcrumbs = events_section + [Breadcrumb(event.title, event.url)]
        site.event_pages[event.id] = page
    return site, list(site.pages.values()) + site.news + list(site.event_pages.values())


def _complete_records(site: Site, content: Content, language: Language, markdown, problems: list) -> None:
    """What records show besides their fields: computed from them in the site's language."""
    for partner in site.partners:
        for member in partner.members:
            member.member_of.append(partner)
    for figure in site.figures:
        figure.text = _figure_text(figure, language)
    for index, event in enumerate(site.events):
        event.timezone = site.timezone
        converted = markdown.convert(event.description or "", language.code, content.shown["calendar.yml"],
                                     _description_line(content, index, language.code))
        problems += converted.problems
        event.description_html, event.when = converted.html, _when(event, language)
    if site.project.membership is not None:
        site.project.membership.today = site.today


def _section_crumbs(site, urls, lang, section, home_crumb):
    listing = site.page_for_section(urls.link(page_path(site.folder, section)))
    return home_crumb + ([Breadcrumb(listing.menu_title or listing.title, listing.url)] if listing else [])


def _figure_text(figure, language: Language) -> str:
    """The value as the language writes it: "oltre 1.000", "15–20 milioni di euro", "7°"."""
    is_rank = figure.chart == "rank" and float(figure.value).is_integer() and figure.value_max is None
    number = language.ordinal(int(figure.value)) if is_rank else language.number(figure.value)
    if figure.value_max is not None:
        number += "–" + language.number(figure.value_max)
    unit = figure.unit
    text = number + ("" if not unit else unit if unit in ("%", "°", "º") else f" {unit}")
    if figure.qualifier != "exact":
        text = f"{language('qualifier_' + figure.qualifier)} {text}"
    return text


def _description_line(content: Content, index: int, lang: str) -> int:
    """The line where an event's description text starts in calendar.yml (after `it: |`)."""
    line = raw_line(content, "calendar.yml", "events", index, "description", lang) or 1
    text = ((content.data["calendar.yml"]["events"][index]["description"]) or {}).get(lang, "")
    return line + 1 if "\n" in text.strip() else line


def _when(event, language: Language) -> str:
    """The event's date in words, with its time, or 'to be announced'."""
    if event.start is None:
        return language("date_tba")
    text = language.date_range(event.start, event.end or event.start)
    if event.time:
        hours = f"{event.time:%H:%M}" + (f"–{event.end_time:%H:%M}" if event.end_time else "")
        text = language("date_with_time", date=text, time=hours)
    return text


def _page(entry: Entry, urls: Urls, markdown, sections: dict, languages) -> Page:
    output = document_output(entry.kind, entry.lang, entry.key, entry_slug(entry), sections, languages)
    link = urls.link(output)
    meta = entry.meta
    return Page("page", entry.key, entry.lang, smarten(meta["title"], entry.lang),
                smarten(meta["description"] or "", entry.lang), meta["template"],
                output, link, urls.absolute(link), _body(entry, markdown), entry.source, meta["menu"], meta["menu_title"],
                footer=meta["footer"])


def _news(entry: Entry, urls: Urls, sections: dict, markdown, languages) -> Page:
    output = document_output(entry.kind, entry.lang, entry.key, entry_slug(entry), sections, languages)
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
        page.translations = {lang: urls.link(page_path(language_folder(lang, site.languages)))
                             for lang in site.languages}
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
