"""Atom feeds: feedparser reads each without complaint; ids, dates, authors, links and escaping are right."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from conftest import FIXTURES, ROOT, run_build
from sitegen.render.typography import smarten as typographic

BASE_URL = "https://example.org/driade/"
TODAY = "2012-11-01"
ATOM = "{http://www.w3.org/2005/Atom}"


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


def parse(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    return feed


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_feedparser_reads_every_feed_without_complaint(which, lang, request):
    site = request.getfixturevalue(which)
    feed = parse(site / lang / "feed.xml")
    assert feed.feed.language == lang
    assert feed.feed.id == f"{BASE_URL}{lang}/feed.xml"
    assert feed.feed.title and feed.feed.updated and feed.feed.author
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == f"{BASE_URL}{lang}/feed.xml"
    assert links["alternate"].startswith(f"{BASE_URL}{lang}/")
    assert len(feed.entries) == 1
    for entry in feed.entries:
        assert entry.id == entry.link and entry.link.startswith(f"{BASE_URL}{lang}/")
        assert entry.title and entry.summary and entry.content[0].value and entry.author and entry.updated


def test_dated_news_is_published_and_updated_on_its_date(fixture_site):
    entry = parse(fixture_site / "en" / "feed.xml").entries[0]
    assert entry.id == "https://example.org/driade/en/news/presentation/"
    assert entry.published == entry.updated == "2012-09-20T00:00:00+02:00"
    assert entry.author == "Ente & Co"
    assert entry.summary == "The project was presented."
    assert entry.content[0].value == "<p>The project was presented in Brescia.</p>"
    assert parse(fixture_site / "en" / "feed.xml").feed.updated == "2012-09-20T00:00:00+02:00"


def test_undated_news_is_updated_at_the_build_date_and_has_no_published(real_site):
    feed = parse(real_site / "it" / "feed.xml")
    entry = feed.entries[0]
    assert "published" not in entry
    assert entry.updated == "2012-11-01T00:00:00+01:00"
    assert feed.feed.updated == entry.updated
    assert entry.id == "https://example.org/driade/it/notizie/comunicato-stampa/"
    assert entry.title == "Comunicato stampa – Automotive lombardo, un progetto per l’internazionalizzazione delle PMI"


def test_feed_is_the_same_in_two_builds(fixture_site, tmp_path):
    again = build(FIXTURES / "basic" / "content", tmp_path / "again")
    for lang in ("it", "en"):
        assert (again / lang / "feed.xml").read_bytes() == (fixture_site / lang / "feed.xml").read_bytes()


def test_every_page_links_its_language_feed(fixture_site):
    pages = [p for p in fixture_site.rglob("*.html") if p.relative_to(fixture_site).as_posix() != "index.html"]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text()
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        link = f'<link rel="alternate" type="application/atom+xml" title="{"Notizie" if lang == "it" else "News"} ' \
               f'(Atom)" href="{BASE_URL}{lang}/feed.xml">'
        assert link in html, page


def test_site_links_in_content_resolve_against_the_base_url(basic_site, tmp_path):
    news = basic_site / "news" / "it" / "presentazione.md"
    news.write_text(news.read_text() + "\nVedi [il progetto](/it/progetto/).\n")
    site = build(basic_site, tmp_path / "site")
    content = parse(site / "it" / "feed.xml").entries[0].content[0].value
    assert 'href="https://example.org/driade/it/progetto/"' in content


def test_title_and_body_with_markup_characters_are_escaped(basic_site, tmp_path):
    title = 'Prova <b>grassetto</b> & "virgolette" </script> fine'
    news = basic_site / "news" / "en" / "presentazione.md"
    news.write_text(news.read_text().replace("title: The project was presented", f"title: '{title}'")
                    .replace("in Brescia.", "in Brescia & Bergamo, 1 < 2."))
    site = build(basic_site, tmp_path / "site")
    raw = (site / "en" / "feed.xml").read_bytes()
    expected = typographic(title, "en")
    entry = ET.fromstring(raw).find(f"{ATOM}entry")  # a real XML parser: the escaping holds
    assert entry.find(f"{ATOM}title").text == expected
    assert entry.find(f"{ATOM}content").text == "<p>The project was presented in Brescia &amp; Bergamo, 1 &lt; 2.</p>"
    assert b"&lt;b&gt;grassetto&lt;/b&gt; &amp;" in raw
    feed = parse(site / "en" / "feed.xml")
    assert "Brescia &amp; Bergamo, 1 &lt; 2." in feed.entries[0].content[0].value
