"""JSON-LD objects (schema.org) for each page's head: the publisher, events, news articles, breadcrumbs.

Plain dicts; the head-meta partial prints them with the `json_script` filter, which keeps
'</script>' inside the JSON. Only facts from the content: a property whose value is not known
is left out, never guessed.
"""

from __future__ import annotations

from ..model.site import Event, Page, Partner, Site

CONTEXT = "https://schema.org"
EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "cancelled": "https://schema.org/EventCancelled",
}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def structured_data_for(page: Page, site: Site) -> list[dict]:
    """The JSON-LD blocks of one page, in the order they appear in its head."""
    blocks = []
    if page.is_home:
        blocks.append(publisher_organization(site.publisher, site.country))
    if page.kind == "news":
        blocks.append(news_article(page, site))
    if page.kind == "event" and page.event and not page.event.is_tba and page.event.kind.place:
        blocks.append(event_data(page.event, page.lang, site))
    if len(page.breadcrumbs) >= 2:
        blocks.append(breadcrumb_list(page, site))
    return blocks


def publisher_organization(publisher: Partner, country: str | None = None) -> dict:
    """The Organization that publishes the site, described in full."""
    data = {"@context": CONTEXT, **organization(publisher), "description": publisher.description}
    if publisher.city:
        data["address"] = {"@type": "PostalAddress", "addressLocality": publisher.city}
        if country:
            data["address"]["addressCountry"] = country
    return data


def organization(partner: Partner) -> dict:
    """A partner as an Organization: name, full name and web address when known."""
    data = {"@type": "Organization", "name": partner.name}
    if partner.full_name and partner.full_name != partner.name:
        data["alternateName"] = partner.full_name
    if partner.url:
        data["url"] = partner.url
    return data


def event_data(event: Event, lang: str, site: Site) -> dict:
    """An Event with what Google's event rich results require and recommend, as far as it is known."""
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": event.absolute_url,
        "inLanguage": lang,
        "startDate": event.starts_at.isoformat(),
    }
    end = _event_end(event)
    if end:
        data["endDate"] = end
    data["eventStatus"] = EVENT_STATUS[event.status]
    data["eventAttendanceMode"] = OFFLINE
    place = _place(event, site.country)
    if place:
        data["location"] = place
    organizers = [organization(partner) for partner in event.organizers] or [organization(site.publisher)]
    data["organizer"] = organizers[0] if len(organizers) == 1 else organizers
    return data


def _event_end(event: Event) -> str | None:
    """The end as a time when it is known, else the last day; none for a timed event without an end."""
    if event.end_time:
        return event.ends_at.isoformat()
    if event.time is None or event.end:
        return event.last_day.isoformat()
    return None


def _place(event: Event, country: str | None) -> dict | None:
    """A Place named by the venue, or by the city when only the city is known."""
    name = event.venue or event.city
    if not name:
        return None
    address = {"@type": "PostalAddress"}
    if event.address:
        address["streetAddress"] = event.address
    if event.city:
        address["addressLocality"] = event.city
    if country and not event.kind.abroad:  # abroad: the country is not the site's, and not known
        address["addressCountry"] = country
    return {"@type": "Place", "name": name, "address": address}


def news_article(page: Page, site: Site) -> dict:
    """A NewsArticle; datePublished only when the item has a date."""
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.description,
        "url": page.absolute_url,
        "mainEntityOfPage": page.absolute_url,
        "inLanguage": page.lang,
    }
    if page.date:
        data["datePublished"] = page.date.isoformat()
    if page.updated or page.date:
        data["dateModified"] = (page.updated or page.date).isoformat()
    if page.author:
        data["author"] = _author(page.author, site)
    data["publisher"] = organization(site.publisher)
    return data


def _author(name: str, site: Site) -> dict:
    """A partner named as author is that Organization; any other name is a person."""
    partner = next((p for p in site.partners if name in (p.name, p.full_name)), None)
    return organization(partner) if partner else {"@type": "Person", "name": name}


def breadcrumb_list(page: Page, site: Site) -> dict:
    """The page's breadcrumb trail, with absolute URLs."""
    items = [{"@type": "ListItem", "position": position, "name": crumb.title, "item": site.absolute(crumb.url)}
             for position, crumb in enumerate(page.breadcrumbs, start=1)]
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": items}
