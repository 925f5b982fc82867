"""iCalendar files (RFC 5545), written by the icalendar library: a subscribable calendar per language
and one file per dated event, for "add to calendar".

Stable across builds: an event's UID is its id at the site's address (the same in every language,
since it is one event), and DTSTAMP is the build date at 00:00 UTC (RFC 5545 wants DTSTAMP in UTC;
midnight makes it depend on the build date alone, never on the clock). Events still to be announced
are left out. The library escapes text, ends lines with CRLF and folds them at 75 octets.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..model.site import Event, Site

if TYPE_CHECKING:
    import icalendar


@functools.cache
def _icalendar():
    """The icalendar library, imported when a calendar is made (a build reusing its stored
    calendars never needs it)."""
    import icalendar

    return icalendar


@functools.cache
def _text_type():
    class Text(_icalendar().vText):
        """A TEXT value escaped exactly as RFC 5545 says (3.3.11).

        icalendar's own escaping first turns a typed backslash-N into a line break (it takes the
        text for half-escaped already), so "a\\Nb" would come back as two lines.
        """

        def to_ical(self) -> bytes:
            text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
            return text.encode("utf-8")

    return Text


def Text(value: str):  # noqa: N802 - reads as the iCalendar TEXT type it makes
    return _text_type()(value)

REFRESH_INTERVAL = dt.timedelta(days=1)  # how often subscribers should fetch the calendar again
STATUS = {"scheduled": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def calendar_path(lang: str) -> str:
    """The subscribable calendar of a language: it/calendar.ics (calendar.ics for a site in one language)."""
    return f"{lang}/calendar.ics" if lang else "calendar.ics"


def event_calendar_path(site: Site, event: Event) -> str:
    """An event's own file, beside its page: it/attivita/<id>/<id>.ics."""
    return posixpath.join(posixpath.dirname(site.event_pages[event.id].output), f"{event.id}.ics")


def calendar_events(site: Site) -> list[Event]:
    """The events that go in calendars: those with a date, soonest first."""
    dated = (event for event in site.events if not event.is_tba)
    return sorted(dated, key=lambda e: (e.start, e.time or dt.time.min, e.id))


def event_uid(event: Event, base_url: str) -> str:
    """giornata-aperta@example.org/prefix: derived from the event's id and the site, never random."""
    parts = urlsplit(base_url)
    return f"{event.id}@{parts.netloc}{parts.path.rstrip('/')}"


def render_calendar(site: Site, language, urls, today: dt.date) -> bytes:
    """The language's calendar of all dated activities and deadlines, for subscription."""
    events = calendar_events(site)
    calendar = _calendar(site)
    name = f"{site.project.name} – {language('calendar_name')}"
    calendar.add("name", Text(name))
    calendar.add("x-wr-calname", Text(name))  # X- properties are text only when told
    calendar.add("description", Text(site.description))
    calendar.add("x-wr-caldesc", Text(site.description))
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})  # required by RFC 7986
    calendar.add("x-published-ttl", _icalendar().vDuration(REFRESH_INTERVAL))
    calendar.add("url", urls.absolute(urls.link(calendar_path(site.folder))))
    for event in events:
        calendar.add_component(_vevent(event, language, urls, today))
    _add_timezones(calendar, events)
    return calendar.to_ical()


def render_event_calendar(site: Site, event: Event, language, urls, today: dt.date) -> bytes:
    """One event alone, to add it to one's own calendar."""
    calendar = _calendar(site)
    calendar.add_component(_vevent(event, language, urls, today))
    _add_timezones(calendar, [event])
    return calendar.to_ical()


def build_stamp(today: dt.date) -> dt.datetime:
    """DTSTAMP: the build date at 00:00 UTC."""
    return dt.datetime.combine(today, dt.time.min, dt.timezone.utc)


def _calendar(site: Site) -> icalendar.Calendar:
    calendar = _icalendar().Calendar()
    calendar.add("prodid", f"-//{site.publisher.name}//{site.project.name} sitegen//{site.lang.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def _vevent(event: Event, language, urls, today: dt.date) -> icalendar.Event:
    item = _icalendar().Event()
    item.add("uid", event_uid(event, urls.base_url))
    item.add("dtstamp", build_stamp(today))
    if event.time:
        item.add("dtstart", event.starts_at)  # aware, in the site's time zone: written with TZID
        if event.end_time:
            item.add("dtend", event.ends_at)
    else:
        item.add("dtstart", event.start)  # all-day: DATE values, DTEND the day after the last
        item.add("dtend", event.last_day + dt.timedelta(days=1))
    item.add("summary", Text(event.title))
    item.add("description", Text(f"{event.summary}\n\n{event.absolute_url}"))
    location = event_location(event)
    if location:
        item.add("location", Text(location))
    item.add("url", event.absolute_url)
    item.add("status", STATUS[event.status])
    item.add("categories", [event.kind.label])
    if not event.kind.place:
        item.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return item


def event_location(event: Event) -> str:
    """Venue, address and city, as far as they are known."""
    return ", ".join(part for part in (event.venue, event.address, event.city) if part)


def _add_timezones(calendar: icalendar.Calendar, events: list[Event]) -> None:
    """The VTIMEZONE of the site's time zone, covering only the years of the timed events (keeps files small)."""
    years = [year for event in events if event.time for year in (event.start.year, event.last_day.year)]
    if years:
        calendar.add_missing_timezones(first_date=dt.date(min(years), 1, 1),
                                       last_date=dt.date(max(years) + 1, 1, 1))
