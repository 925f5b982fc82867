"""JSON-LD in every page's head: each block parses, has the properties schema.org and Google ask for, and
nothing in a title can break out of its <script>."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, run_build
from sitegen.render.typography import smarten as typographic

BASE_URL = "https://example.org/driade/"
TODAY = "2012-11-01"
CONTEXT = "https://schema.org"


class JsonLdParser(HTMLParser):
    """The text of every <script type="application/ld+json">, and of every other script."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.other_scripts: list[str] = []
        self._current: list[str] | None = None
        self._json = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._current, self._json = [], dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            (self.blocks if self._json else self.other_scripts).append("".join(self._current))
            self._current = None


def json_ld(page: Path) -> list[dict]:
    parser = JsonLdParser()
    parser.feed(page.read_text())
    assert parser.other_scripts == [], f"{page}: a script that is not JSON-LD"
    return [json.loads(block) for block in parser.blocks]


def publisher_url() -> str:
    """The web address of the fixture's publisher, as its partners.yml gives it."""
    partners = yaml.safe_load((FIXTURES / "basic" / "content" / "partners.yml").read_text())["partners"]
    return next(partner["url"] for partner in partners if partner["id"] == "ente")


def of_type(blocks: list[dict], kind: str) -> list[dict]:
    return [block for block in blocks if block["@type"] == kind]


def build(content: Path, output: Path) -> Path:
    result = run_build("--content", str(content), "--output", str(output), "--base-url", BASE_URL, "--today", TODAY)
    assert result.code == 0, result.err
    return output


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    return build(FIXTURES / "basic" / "content", tmp_path_factory.mktemp("basic") / "site")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    return build(ROOT / "content", tmp_path_factory.mktemp("real") / "site")


REQUIRED = {
    "Organization": {"name"},
    # location too, when the place is known (see the tests below): Google requires it, but we do not invent one
    "Event": {"name", "startDate", "endDate", "eventStatus", "eventAttendanceMode", "organizer", "description",
              "url", "inLanguage", "image"},
    "BreadcrumbList": {"itemListElement"},
    "NewsArticle": {"headline", "inLanguage", "url", "publisher", "image"},
}


def own_addresses(block: dict) -> list[str]:
    """The addresses of the site's own pages and files named in a block."""
    if block["@type"] == "BreadcrumbList":
        return [item["item"] for item in block["itemListElement"]]
    return [block[key] for key in ("url", "mainEntityOfPage") if key in block and block["@type"] != "Organization"] \
        + block.get("image", [])


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_every_block_parses_and_has_its_required_properties(which, request):
    site = request.getfixturevalue(which)
    seen = set()
    for page in site.rglob("*.html"):
        for block in json_ld(page):
            assert block["@context"] == CONTEXT
            missing = REQUIRED[block["@type"]] - set(block)
            assert not missing, f"{page}: {block['@type']} lacks {missing}"
            for address in own_addresses(block):
                assert address.startswith(BASE_URL), f"{page}: {address} is not an absolute address of the site"
            seen.add(block["@type"])
    assert seen >= {"Organization", "BreadcrumbList", "NewsArticle"}
    if which == "fixture_site":
        assert "Event" in seen


def test_home_describes_the_publisher(fixture_site, real_site):
    [organization] = json_ld(fixture_site / "it" / "index.html")
    assert organization == {"@context": CONTEXT, "@type": "Organization", "name": "Ente & Co",
                            "alternateName": "Ente di prova", "url": publisher_url(),
                            "description": "Esegue il progetto."}
    [real] = json_ld(real_site / "en" / "index.html")
    assert real["name"] == "PRO BRIXIA" and real["url"] == "https://www.probrixia.it/"
    assert real["address"] == {"@type": "PostalAddress", "addressLocality": "Brescia", "addressCountry": "IT"}


def test_timed_event_in_a_city(fixture_site):
    [event] = of_type(json_ld(fixture_site / "en" / "events" / "giornata-milano" / "index.html"), "Event")
    assert event["name"] == "Day in Milan"
    assert event["startDate"] == "2012-10-05T14:30:00+02:00"
    assert event["endDate"] == "2012-10-05T18:00:00+02:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"] == {"@type": "Place", "name": "Milan",
                                 "address": {"@type": "PostalAddress", "addressLocality": "Milan",
                                             "addressCountry": "IT"}}
    assert event["organizer"] == {"@type": "Organization", "name": "Ente & Co", "alternateName": "Test body",
                                  "url": publisher_url()}
    assert event["description"] == "A day of meetings."
    assert event["url"] == f"{BASE_URL}en/events/giornata-milano/"
    assert event["inLanguage"] == "en"
    assert event["image"][0].startswith(f"{BASE_URL}static/previews/")


def test_all_day_event_without_place_has_dates_and_no_invented_location(fixture_site):
    [event] = of_type(json_ld(fixture_site / "it" / "eventi" / "corso" / "index.html"), "Event")
    assert (event["startDate"], event["endDate"]) == ("2013-01-10", "2013-01-11")
    assert "location" not in event
    assert event["organizer"]["name"] == "Ente & Co"  # no organizers given: the publisher


def test_deadline_and_undated_activities_are_not_events(fixture_site, real_site):
    for page in [fixture_site / "it" / "eventi" / "scadenza" / "index.html",
                 fixture_site / "it" / "eventi" / "missione" / "index.html",
                 *(real_site / "it" / "attivita").glob("*/index.html")]:
        blocks = json_ld(page)
        assert of_type(blocks, "Event") == []
        assert [block["@type"] for block in blocks] == ["BreadcrumbList"]


def test_cancelled_event_with_venue_and_address(basic_site, tmp_path):
    calendar = basic_site / "calendar.yml"
    calendar.write_text(calendar.read_text().replace(
        "    start: 2013-01-10\n",
        "    start: 2013-01-10\n    status: cancelled\n    venue: Sala A\n    address: Via Roma 1\n"
        "    city:\n      it: Brescia\n      en: Brescia\n"))
    site = build(basic_site, tmp_path / "site")
    [event] = of_type(json_ld(site / "it" / "eventi" / "corso" / "index.html"), "Event")
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["location"] == {"@type": "Place", "name": "Sala A",
                                 "address": {"@type": "PostalAddress", "streetAddress": "Via Roma 1",
                                             "addressLocality": "Brescia", "addressCountry": "IT"}}


def test_breadcrumbs_on_inner_pages_not_on_the_home(fixture_site):
    assert of_type(json_ld(fixture_site / "en" / "index.html"), "BreadcrumbList") == []
    [trail] = of_type(json_ld(fixture_site / "en" / "news" / "presentation" / "index.html"), "BreadcrumbList")
    assert [(item["position"], item["item"]) for item in trail["itemListElement"]] == [
        (1, f"{BASE_URL}en/"), (2, f"{BASE_URL}en/news/"), (3, f"{BASE_URL}en/news/presentation/")]
    assert trail["itemListElement"][-1]["name"] == "The project was presented"
    assert all(item["@type"] == "ListItem" for item in trail["itemListElement"])


def test_dated_news_article(fixture_site):
    [article] = of_type(json_ld(fixture_site / "it" / "notizie" / "presentazione" / "index.html"), "NewsArticle")
    assert article["headline"] == "Presentato il progetto"
    assert article["datePublished"] == "2012-09-20"
    assert article["inLanguage"] == "it"
    assert article["url"] == f"{BASE_URL}it/notizie/presentazione/"
    assert article["publisher"]["name"] == "Ente & Co"


def test_undated_news_article_has_no_date_published(real_site):
    [article] = of_type(json_ld(real_site / "it" / "notizie" / "comunicato-stampa" / "index.html"), "NewsArticle")
    assert "datePublished" not in article and "dateModified" not in article
    assert article["publisher"] == {"@type": "Organization", "name": "PRO BRIXIA", "url": "https://www.probrixia.it/"}


def test_title_with_script_end_ampersand_and_quotes_stays_inside_the_json(basic_site, tmp_path):
    title = """Fine </script><script>alert("x")</script> & 'apici' "virgolette" </SCRIPT >"""
    news = basic_site / "news" / "it" / "presentazione.md"
    news.write_text(news.read_text().replace("title: Presentato il progetto", "title: " + json.dumps(title)))
    site = build(basic_site, tmp_path / "site")
    page = site / "it" / "notizie" / "presentazione" / "index.html"
    blocks = json_ld(page)  # a break-out would show up as a second, non-JSON-LD script
    [article] = of_type(blocks, "NewsArticle")
    assert article["headline"] == typographic(title, "it")
    [trail] = of_type(blocks, "BreadcrumbList")
    assert trail["itemListElement"][-1]["name"] == typographic(title, "it")
    head = page.read_text().split("</head>")[0]
    assert head.lower().count("</script>") == len(blocks)
