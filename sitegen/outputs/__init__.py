"""Machine-readable outputs beside the HTML pages: sitemap, feeds, calendars, structured data.

`prepare_outputs` runs before rendering and gives the model what the templates print (links to
the feed and calendars, JSON-LD); `render_outputs` makes the files. Both take their paths from the
same functions, so a link and its file cannot drift apart.
"""

from __future__ import annotations

from .calendar import calendar_events, calendar_path, event_calendar_path, render_calendar, render_event_calendar
from .feeds import FEED_ENTRIES, feed_path, render_feed
from .headers import HEADERS_PATH, render_headers
from .sitemap import ROBOTS_PATH, SITEMAP_PATH, render_robots, render_sitemap


def prepare_outputs(assembled, urls, today) -> None:
    """Give the model what templates need to link the outputs (feed and calendar links); a page's
    JSON-LD is made where it is rendered (structured_data_for)."""
    for lang, site in assembled.sites.items():
        site.feed_url = urls.link(feed_path(site.folder))
        site.calendar_url = urls.link(calendar_path(site.folder))
        for event in calendar_events(site):
            event.ics_url = urls.link(event_calendar_path(site, event))


def page_folders(pages) -> list[str]:
    """The folders at the top of the site that hold pages (the languages, or a one-language site's sections)."""
    return list(dict.fromkeys(page.output.split("/")[0] for page in pages if "/" in page.output))


def pages_shown_in_full(assembled) -> list:
    """The pages whose whole body an output shows (the feeds' entries)."""
    return [item for site in assembled.sites.values() for item in site.news[:FEED_ENTRIES]]


def render_outputs(assembled, urls, today, languages) -> dict[str, bytes]:
    """Every machine-readable file, by its path inside site/."""
    files = {
        SITEMAP_PATH: render_sitemap(assembled.pages, assembled.sites, urls, assembled.documents),
        ROBOTS_PATH: render_robots(urls),
        HEADERS_PATH: render_headers(urls.base_path, page_folders(assembled.pages)),
    }
    for lang, site in assembled.sites.items():
        language = languages[lang]
        files[feed_path(site.folder)] = render_feed(site, urls, today)
        files[calendar_path(site.folder)] = render_calendar(site, language, urls, today)
        for event in calendar_events(site):
            files[event_calendar_path(site, event)] = render_event_calendar(site, event, language, urls, today)
    return files
