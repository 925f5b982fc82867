"""The table links by file name are resolved against: every page's address, by file name and by
address, made from the content before the model (event descriptions are converted while the
model is assembled)."""

from __future__ import annotations

from dataclasses import replace

from ..load.content import Content
from ..outputs.calendar import calendar_path
from ..outputs.feeds import feed_path
from ..outputs.sitemap import ROBOTS_PATH, SITEMAP_PATH
from ..render.file_links import EVENTS_FILE, LinkTargets, Target
from ..validate import entry_slug
from .urls import language_folder, page_path

ROOT_OUTPUT = "index.html"
NOT_FOUND_OUTPUT = "404.html"


def document_output(kind: str, lang: str, key: str, slug: str, sections: dict, languages) -> str:
    """The output file of a page (`kind` pages) or news item (`kind` news)."""
    folder = language_folder(lang, languages)
    if kind == "news":
        return page_path(folder, sections["news"][lang], slug)
    return page_path(folder) if key == "index" else page_path(folder, slug)


def event_output(lang: str, event_id: str, sections: dict, languages) -> str:
    return page_path(language_folder(lang, languages), sections["events"][lang], event_id)


def link_targets(content: Content) -> LinkTargets:
    """Every page, news item and event of `content`, in each language, with its Markdown text."""
    sections = content.data["settings.yml"]["sections"]
    table = LinkTargets(content.languages, files=frozenset(content.site_files))
    for entry in content.entries:
        output = document_output(entry.kind, entry.lang, entry.key, entry_slug(entry), sections, content.languages)
        target = Target(_site_path(output), entry.body, f"{entry.kind}/{entry.key}.md", entry.source)
        table.documents[(entry.kind, entry.lang, entry.key)] = target
        table.outputs[output] = target
        table.places[entry.source] = (entry.kind, entry.lang)
    table.places[content.shown[EVENTS_FILE]] = ("", None)
    for event in content.data[EVENTS_FILE]["events"]:
        for lang in content.languages:
            output = event_output(lang, event["id"], sections, content.languages)
            target = Target(_site_path(output), (event["description"] or {}).get(lang, ""), EVENTS_FILE,
                            content.shown[EVENTS_FILE])
            table.events[(lang, event["id"])] = table.outputs[output] = target
            ics = output.removesuffix("index.html") + f"{event['id']}.ics"
            table.outputs[ics] = Target(_site_path(ics))
    others = [ROOT_OUTPUT, NOT_FOUND_OUTPUT, SITEMAP_PATH, ROBOTS_PATH, *content.site_files]
    others += [path for lang in content.languages
               for path in (feed_path(language_folder(lang, content.languages)),
                            calendar_path(language_folder(lang, content.languages)))]
    for output in others:
        table.outputs.setdefault(output, Target(_site_path(output)))
    return table


def with_new_texts(table: LinkTargets, content: Content, entries) -> LinkTargets:
    """`table` as link_targets(content) makes it once only the texts of `entries` changed (the
    preview's edit of a text below its front matter): the same pages, these with their new text."""
    sections = content.data["settings.yml"]["sections"]
    documents, outputs = dict(table.documents), dict(table.outputs)
    for entry in entries:
        output = document_output(entry.kind, entry.lang, entry.key, entry_slug(entry), sections, content.languages)
        target = replace(documents[(entry.kind, entry.lang, entry.key)], text=entry.body)
        documents[(entry.kind, entry.lang, entry.key)] = outputs[output] = target
    return replace(table, documents=documents, outputs=outputs)


def _site_path(output: str) -> str:
    return "/" + output.removesuffix("index.html")
