"""The Atom feed (RFC 4287) of each language's news: it/feed.xml, en/feed.xml.

Entry ids are the news item's absolute URL: the same in every build for the same base URL and
slug. A news date is a day where the site is, written as midnight in the site's time zone; a news item without a date
is `updated` at the build date (midnight in the site's time zone) and has no `published`, so the feed never
depends on the clock.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from ..model.site import Page, Site
from .xml_output import serialize

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
GENERATOR = "sitegen"


def feed_path(lang: str) -> str:
    """The Atom feed of a language: it/feed.xml (feed.xml for a site in one language)."""
    return f"{lang}/feed.xml" if lang else "feed.xml"


FEED_ENTRIES = 50


def render_feed(site: Site, urls, today: dt.date) -> bytes:
    """The language's news, newest first, as an Atom document."""
    listing = site.page_with_template("news.html") or site.home
    feed_url = urls.absolute(urls.link(feed_path(site.folder)))
    latest = site.news[:FEED_ENTRIES]  # newest first, as readers expect; older items stay on the site
    entries = [_entry(item, site, today) for item in latest]
    updated = max((entry_updated(item, today, site.timezone) for item in latest),
                  default=timestamp(today, site.timezone))
    feed = ET.Element("feed", {"xmlns": ATOM_NAMESPACE, "xml:lang": site.lang})
    _add(feed, "id", feed_url)
    _add(feed, "title", f"{listing.title} · {site.name}" if listing is not site.home else site.name)
    _add(feed, "subtitle", site.description)
    _add(feed, "updated", updated.isoformat())
    _add(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _add(feed, "link", rel="alternate", type="text/html", hreflang=site.lang, href=listing.absolute_url)
    feed.append(_author(site.publisher.name, site.publisher.url))
    _add(feed, "generator", GENERATOR)
    feed.extend(entries)
    return serialize(feed)


def timestamp(day: dt.date, timezone) -> dt.datetime:
    """A day as an Atom date: midnight in the site's time zone."""
    return dt.datetime.combine(day, dt.time.min, timezone)


def entry_updated(item: Page, today: dt.date, timezone) -> dt.datetime:
    """When the item last changed: its update date, else its date, else the build date."""
    return timestamp(item.updated or item.date or today, timezone)


def _entry(item: Page, site: Site, today: dt.date) -> ET.Element:
    entry = ET.Element("entry")
    _add(entry, "id", item.absolute_url)
    _add(entry, "title", item.title)
    _add(entry, "link", rel="alternate", type="text/html", href=item.absolute_url)
    if item.date:
        _add(entry, "published", timestamp(item.date, site.timezone).isoformat())
    _add(entry, "updated", entry_updated(item, today, site.timezone).isoformat())
    publisher = site.publisher
    by_publisher = item.author is None or item.author == publisher.name
    entry.append(_author(publisher.name if by_publisher else item.author, publisher.url if by_publisher else None))
    _add(entry, "summary", item.description)
    # Links in the body are site paths (/prefix/it/...); xml:base lets readers resolve them.
    _add(entry, "content", item.body_html, type="html", **{"xml:base": item.absolute_url})
    return entry


def _author(name: str, uri: str | None) -> ET.Element:
    author = ET.Element("author")
    _add(author, "name", name)
    if uri:
        _add(author, "uri", uri)
    return author


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attributes)
    child.text = text
    return child
