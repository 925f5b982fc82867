"""sitemap.xml validates against the sitemaps.org schema and lists every page with its translations; robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from conftest import FIXTURES, ROOT, run_build, snapshot
from sitegen.outputs.sitemap import alternates

BASE_URL = "https://example.org/driade/"
TODAY = "2012-11-01"
SCHEMAS = Path(__file__).resolve().parent / "schemas"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
XHTML = "{" + XHTML_NAMESPACE + "}"


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


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema:
    """The sitemaps.org 0.9 schema, with the xhtml:link it admits (strictly) from our minimal XHTML schema."""
    return xmlschema.XMLSchema(str(SCHEMAS / "sitemap.xsd"), use_fallback=False,
                               locations={XHTML_NAMESPACE: str(SCHEMAS / "xhtml-link.xsd")})


def entries(site: Path) -> dict[str, dict]:
    """loc -> {'lastmod': text or None, 'alternates': {hreflang: href}}."""
    found = {}
    for url in ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}url"):
        lastmod = url.find(f"{SITEMAP}lastmod")
        found[url.find(f"{SITEMAP}loc").text] = {
            "lastmod": lastmod.text if lastmod is not None else None,
            "alternates": {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")},
        }
    return found


def page_url(site: Path, page: Path) -> str:
    path = page.relative_to(site).as_posix()
    return BASE_URL + (path[: -len("index.html")] if path.endswith("index.html") else path)


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_sitemap_validates_against_the_schema(which, request, schema):
    site = request.getfixturevalue(which)
    errors = list(schema.iter_errors(str(site / "sitemap.xml")))
    assert errors == []


def test_the_schema_catches_mistakes(fixture_site, schema):
    good = (fixture_site / "sitemap.xml").read_text()
    assert schema.is_valid(good)
    assert not schema.is_valid(good.replace("<lastmod>2012-09-20", "<lastmod>20 settembre 2012", 1))
    assert not schema.is_valid(good.replace('hreflang="en"', 'hreflang="en" media="print"', 1))
    assert not schema.is_valid(good.replace(f'href="{BASE_URL}it/"', 'href="/driade/it/"', 1))
    assert not schema.is_valid(good.replace("<loc>", "<location>", 1).replace("</loc>", "</location>", 1))


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_sitemap_lists_every_page_but_the_404_and_the_root_redirect(which, request):
    site = request.getfixturevalue(which)
    pages = {page_url(site, p) for p in site.rglob("*.html")} - {BASE_URL, BASE_URL + "404.html"}
    listed = entries(site)
    assert set(listed) == pages
    assert all(url.startswith(BASE_URL) for url in listed)


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_alternates_link_each_page_with_its_translations_both_ways(which, request):
    listed = entries(request.getfixturevalue(which))
    for loc, entry in listed.items():
        alternates = entry["alternates"]
        assert set(alternates) == {"it", "en", "x-default"}, loc
        assert loc in alternates.values()
        assert alternates["x-default"] == alternates["it"]
        for lang in ("it", "en"):
            assert alternates[lang].startswith(f"{BASE_URL}{lang}/")
            assert listed[alternates[lang]]["alternates"] == alternates  # the translation says the same


def test_alternates_join_pages_with_different_slugs(fixture_site):
    about = entries(fixture_site)[f"{BASE_URL}en/about/"]
    assert about["alternates"]["it"] == f"{BASE_URL}it/progetto/"


def test_untranslated_page_has_no_alternates():
    assert alternates({"it": "/it/solo/"}, ("it", "en")) == []
    assert alternates({"en": "/en/a/", "it": "/it/a/"}, ("it", "en")) == \
        [("it", "/it/a/"), ("en", "/en/a/"), ("x-default", "/it/a/")]


def test_lastmod_comes_only_from_news_dates(fixture_site, real_site):
    dated = {loc: entry["lastmod"] for loc, entry in entries(fixture_site).items() if entry["lastmod"]}
    assert dated == {f"{BASE_URL}it/notizie/presentazione/": "2012-09-20",
                     f"{BASE_URL}en/news/presentation/": "2012-09-20"}
    assert all(entry["lastmod"] is None for entry in entries(real_site).values())  # its news has no date


def test_lastmod_prefers_the_update_date(basic_site, tmp_path):
    news = basic_site / "news" / "it" / "presentazione.md"
    news.write_text(news.read_text().replace("date: 2012-09-20", "date: 2012-09-20\nupdated: 2012-10-02"))
    site = build(basic_site, tmp_path / "site")
    assert entries(site)[f"{BASE_URL}it/notizie/presentazione/"]["lastmod"] == "2012-10-02"


def test_robots_txt_points_to_the_absolute_sitemap(fixture_site):
    robots = (fixture_site / "robots.txt").read_text()
    assert robots.splitlines() == ["User-agent: *", "Disallow:", "", f"Sitemap: {BASE_URL}sitemap.xml"]
    assert (fixture_site / "sitemap.xml").is_file()


def test_two_builds_are_byte_identical(fixture_site, tmp_path):
    again = build(FIXTURES / "basic" / "content", tmp_path / "again")
    assert snapshot(again) == snapshot(fixture_site)


def test_text_and_attributes_are_escaped_exactly_as_elementtree_escapes_them():
    """The sitemap is written as text in ElementTree's layout: any address, however odd, gives
    the bytes ElementTree would write, so it parses back to itself."""
    import random

    from sitegen.outputs.xml_output import escape_text, quote_attribute

    pieces = ["a", "é", "€", "&", "<", ">", '"', "'", "\r", "\n", "\t", "&amp;", ";", "\u2028", " "]
    rng = random.Random(14)
    for _ in range(2000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        element = ET.Element("loc", {"href": value})
        element.text = value
        assert f"<loc href={quote_attribute(value)}>{escape_text(value)}</loc>" == ET.tostring(element, "unicode")
        assert ET.fromstring(f"<loc href={quote_attribute(value)}>{escape_text(value)}</loc>").get("href") == value
