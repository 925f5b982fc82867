"""What templates see: one Site per language, with its pages, news, events, partners and figures.

Everything here is plain data, already translated into the Site's language; the
templates never reach back into the engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zoneinfo import ZoneInfo

from ..schema.types import DATA_FILES, EVENT, FIGURE, MEMBERSHIP, PARTNER
from .records import ModelClasses, record_class


class PartnerRecord:
    def has_role(self, role: str) -> bool:
        """Whether the partner has the role with this id (a role declared in partners.yml)."""
        return any(declared.id == role for declared in self.roles)


# A partner: every field of PARTNER, plus the networks it belongs to.
Partner = record_class("Partner", PARTNER, PartnerRecord, __name__, member_of=list)
# A figure: every field of FIGURE, plus the value as the language writes it
# ("oltre 1.000", "15–20 milioni di euro").
Figure = record_class("Figure", FIGURE, module=__name__, text="")


@dataclass
class Breadcrumb:
    title: str
    url: str


@dataclass
class Page:
    """Any output page: a Markdown page, a news item, an event, the home, the 404."""

    kind: str  # page, news, event, root, not-found
    key: str  # shared by the translations of one page
    lang: str
    title: str
    description: str
    template: str
    output: str  # path inside site/
    url: str  # site-relative link
    absolute_url: str
    body: "str | Body" = ""  # HTML, or Markdown converted where it is shown
    source: str = ""  # the Markdown file it comes from, if any
    menu: int | None = None
    menu_title: str | None = None
    footer: int | None = None
    date: dt.date | None = None
    updated: dt.date | None = None
    author: str | None = None
    translations: dict[str, str] = field(default_factory=dict)  # lang -> url, this language included
    breadcrumbs: list[Breadcrumb] = field(default_factory=list)
    event: Event | None = None
    preview: object = None  # the image shown when the page is shared (outputs/preview_images.py)
    structured_data: list[dict] = field(default_factory=list)  # JSON-LD objects for the page's head

    @property
    def is_home(self) -> bool:
        return self.kind == "page" and self.key == "index"

    @property
    def body_html(self) -> str:
        return self.body if isinstance(self.body, str) else self.body.html


@dataclass(frozen=True)
class Body:
    """A page's Markdown, converted to safe HTML where it is shown: by the process that
    renders the page, or another page showing it, or a feed (conversions are remembered)."""

    text: str
    lang: str
    source: str  # the file, as shown in messages
    first_line: int
    converter: object = field(compare=False, repr=False)  # a MarkdownConverter

    @property
    def html(self) -> str:
        return self.converted.html

    @property
    def converted(self):
        return self.converter.convert(*self.request)

    @property
    def request(self) -> tuple:
        """What the converter is asked: the same request, the same conversion."""
        return self.text, self.lang, self.source, self.first_line


class EventRecord:
    @property
    def is_tba(self) -> bool:
        return self.start is None

    @property
    def last_day(self) -> dt.date | None:
        return self.end or self.start

    @property
    def starts_at(self) -> dt.datetime | dt.date | None:
        if self.start and self.time:
            return dt.datetime.combine(self.start, self.time, self.timezone)
        return self.start

    @property
    def ends_at(self) -> dt.datetime | dt.date | None:
        if self.end_time:
            return dt.datetime.combine(self.end or self.start, self.end_time, self.timezone)
        return self.end

    def state(self, today: dt.date) -> str:
        """upcoming (today included), past, or tba."""
        if self.start is None:
            return "tba"
        return "past" if self.last_day < today else "upcoming"


# An event: every field of EVENT, plus its description as HTML, its date in words
# ("12 dicembre 2012, 14:30", or "data da definire"), its addresses and the site's time zone.
Event = record_class("Event", EVENT, EventRecord, __name__, description_html="", when="", url="", absolute_url="",
                     ics_url="", timezone=None)


class MembershipRecord:
    @property
    def is_open(self) -> bool:
        return self.today <= self.deadline

    @property
    def days_left(self) -> int:
        """Days from today to the deadline, the deadline itself counted (1 on the last day)."""
        return max((self.deadline - self.today).days + 1, 0)


# Membership: every field of MEMBERSHIP (`page` is the Page explaining how to join), plus the build date.
Membership = record_class("Membership", MEMBERSHIP, MembershipRecord, __name__, today=None)
# Every other group of fields (a data file, settings.yml's `contact`...) gets a plain class of its own.
CLASSES = ModelClasses({id(PARTNER): Partner, id(FIGURE): Figure, id(EVENT): Event, id(MEMBERSHIP): Membership},
                       DATA_FILES, globals())


@dataclass
class Site:
    """The whole site in one language."""

    lang: str
    languages: tuple[str, ...]
    name: str
    description: str
    base_url: str
    base_path: str
    today: dt.date
    contact: dict
    publisher: object  # a Partner
    project: object  # a Project
    partners: list
    figures: list
    events: list
    pages: dict[str, Page]  # key -> page
    news: list[Page]
    event_pages: dict[str, Page] = field(default_factory=dict)
    data: dict = field(default_factory=dict)  # data file name without .yml -> its records in this language
    feed_url: str = ""  # this language's Atom feed
    calendar_url: str = ""  # this language's subscribable iCalendar file

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.data["settings"].timezone)

    @property
    def country(self) -> str | None:
        return self.data["settings"].country

    def file_url(self, name: str) -> str:
        """The link to a file of content/files/ (published as it is)."""
        return self.base_path + name

    @property
    def folder(self) -> str:
        """The folder of this language's pages and feeds: its code, or none in a one-language site."""
        return self.lang if len(self.languages) > 1 else ""

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def home(self) -> Page:
        return self.pages["index"]

    @property
    def menu(self) -> list[Page]:
        return sorted((p for p in self.pages.values() if p.menu), key=lambda p: (p.menu, p.key))

    @property
    def footer_links(self) -> list[Page]:
        return sorted((p for p in self.pages.values() if p.footer), key=lambda p: (p.footer, p.key))

    @property
    def key_figures(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.key]

    def events_in(self, state: str) -> list[Event]:
        """Events that are upcoming (soonest first), past (latest first) or tba (as listed)."""
        chosen = [event for event in self.events if event.state(self.today) == state]
        if state == "upcoming":
            chosen.sort(key=lambda e: (e.start, e.time or dt.time.min, e.id))
        elif state == "past":
            chosen.sort(key=lambda e: (e.last_day, e.id), reverse=True)
        return chosen

    def partners_with_role(self, role: str) -> list[Partner]:
        return [partner for partner in self.partners if partner.has_role(role)]

    def absolute(self, link: str) -> str:
        """The absolute URL of a site-relative link."""
        return self.base_url + link[len(self.base_path):] if link.startswith(self.base_path) else link

    def page_with_template(self, template: str) -> Page | None:
        """The first page (by file name) drawn with `template`, e.g. the news list."""
        return next((self.pages[key] for key in sorted(self.pages) if self.pages[key].template == template), None)

    def page_for_section(self, section_url: str) -> Page | None:
        return next((page for page in self.pages.values() if page.url == section_url), None)
