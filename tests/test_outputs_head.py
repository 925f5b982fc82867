"""Every page's head: canonical and hreflang links, feed and calendar links, Open Graph and Twitter card."""

from __future__ import annotations

import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, TEMPLATES, run_build

BASE_URL = "https://example.org/driade/"
TODAY = "2012-11-01"
LOCALES = {"it": "it_IT", "en": "en_GB"}


class HeadParser(HTMLParser):
    """The <html lang>, the <meta> and <link> elements of a page's head."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict] = []
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "head":
            self._in_head = True
        elif tag == "meta" and self._in_head and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes["name"]
            self.meta.setdefault(key, []).append(attributes["content"])
        elif tag == "link" and self._in_head:
            self.links.append(attributes)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False

    def one(self, key: str) -> str:
        [value] = self.meta[key]
        return value

    def link(self, **wanted) -> list[str]:
        return [link["href"] for link in self.links if all(link.get(k) == v for k, v in wanted.items())]


def head(page: Path) -> HeadParser:
    parser = HeadParser()
    parser.feed(page.read_text())
    return parser


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


def content_pages(site: Path) -> list[Path]:
    """Every page but the root redirect and the 404."""
    return [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).as_posix() not in ("index.html", "404.html")]


def url_of(site: Path, page: Path) -> str:
    return BASE_URL + page.relative_to(site).as_posix().removesuffix("index.html")


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_every_page_has_a_complete_link_preview(which, request):
    site = request.getfixturevalue(which)
    pages = content_pages(site)
    assert len(pages) > 10
    for page in pages:
        meta = head(page)
        url = url_of(site, page)
        other = "en" if meta.lang == "it" else "it"
        assert meta.link(rel="canonical") == [url]
        assert meta.one("og:url") == url
        assert meta.one("og:title") and meta.one("og:description") and meta.one("og:site_name")
        assert meta.one("og:description") == meta.one("description")
        is_news_item = any(f"/{section}/" in url and not url.endswith(f"/{section}/") for section in ("notizie", "news"))
        assert meta.one("og:type") == ("article" if is_news_item else "website"), url
        assert meta.one("og:locale") == LOCALES[meta.lang]
        assert meta.meta["og:locale:alternate"] == [LOCALES[other]]
        if which == "real_site":  # its own image, from content/files/
            assert meta.one("og:image") == f"{BASE_URL}og-image.png"
        else:  # one drawn for the page
            assert meta.one("og:image").startswith(f"{BASE_URL}static/previews/")
            title, name = meta.one("og:title"), meta.one("og:site_name")
            assert meta.one("og:image:alt") == (f"{title} – {name}" if title != name else name)
        assert (meta.one("og:image:width"), meta.one("og:image:height")) == ("1200", "630")
        assert meta.one("og:image:alt")
        assert meta.one("twitter:card") == "summary_large_image"
        hreflangs = {link["hreflang"]: link["href"] for link in meta.links if "hreflang" in link}
        assert set(hreflangs) == {"it", "en", "x-default"} and hreflangs[meta.lang] == url
        assert meta.link(rel="alternate", type="application/atom+xml") == [f"{BASE_URL}{meta.lang}/feed.xml"]
        assert meta.link(rel="alternate", type="text/calendar") == [f"{BASE_URL}{meta.lang}/calendar.ics"]


def test_linked_feed_calendar_and_image_exist(fixture_site):
    meta = head(fixture_site / "en" / "index.html")
    for address in (meta.one("og:image"), *meta.link(rel="alternate", type="application/atom+xml"),
                    *meta.link(rel="alternate", type="text/calendar")):
        assert (fixture_site / address.removeprefix(BASE_URL)).is_file(), address


def is_png_of(data: bytes, size: tuple[int, int]) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and struct.unpack(">II", data[16:24]) == size


def test_the_real_preview_image_is_a_small_1200_by_630_png_published_as_it_is(real_site):
    data = (ROOT / "content" / "files" / "og-image.png").read_bytes()
    assert is_png_of(data, (1200, 630)) and len(data) < 60 * 1024
    assert (real_site / "og-image.png").read_bytes() == data


def test_without_a_preview_image_each_page_has_one_drawn_with_its_title(fixture_site):
    """Issue 16: every shared page has its own card; the same words give the same file."""
    pages = content_pages(fixture_site)
    images = {page: head(page).one("og:image").removeprefix(BASE_URL) for page in pages}
    assert len(set(images.values())) == len({head(page).one("og:title") for page in pages}) > 10
    for address in set(images.values()):
        data = (fixture_site / address).read_bytes()
        assert is_png_of(data, (1200, 630)) and len(data) < 80 * 1024
    home_it, home_en = fixture_site / "it" / "index.html", fixture_site / "en" / "index.html"
    assert images[home_it] != images[home_en]


def test_a_drawn_preview_image_is_the_same_bytes_every_time(tmp_path):
    from sitegen.outputs.preview_images import draw

    assert draw("Sito di prova", "Come aderire") == draw("Sito di prova", "Come aderire")
    assert draw("Sito di prova", "Come aderire") != draw("Sito di prova", "Il progetto")


def test_news_article_preview_has_its_dates(fixture_site):
    meta = head(fixture_site / "it" / "notizie" / "presentazione" / "index.html")
    assert meta.one("og:type") == "article"
    assert meta.one("article:published_time") == "2012-09-20"
    assert "article:published_time" not in head(fixture_site / "it" / "notizie" / "index.html").meta


def test_the_404_page_is_not_indexed(fixture_site):
    meta = head(fixture_site / "404.html")
    assert meta.one("robots") == "noindex"
    assert "robots" not in head(fixture_site / "it" / "index.html").meta


def test_italian_and_english_alternative_text(real_site):
    assert head(real_site / "it" / "index.html").one("og:image:alt") == "DRIADE/DAFNE – Automotive lombardo nel mondo"
    assert "Lombard automotive worldwide" in head(real_site / "en" / "index.html").one("og:image:alt")


@pytest.mark.parametrize("which", ["fixture_site", "real_site"])
def test_the_root_page_has_a_link_preview_too(which, request):
    """Sharing the bare address of the site gives a preview (issue 16)."""
    site = request.getfixturevalue(which)
    meta = head(site / "index.html")
    assert meta.one("description") == meta.one("og:description")
    assert meta.link(rel="canonical") == [f"{BASE_URL}it/"]
    assert meta.one("og:url") == BASE_URL and meta.one("og:type") == "website"
    assert meta.one("og:title") == meta.one("og:site_name")
    assert meta.one("og:locale") == "it_IT" and meta.meta["og:locale:alternate"] == ["en_GB"]
    assert meta.one("og:image").startswith(BASE_URL) and meta.one("og:image:alt")
    assert (site / meta.one("og:image").removeprefix(BASE_URL)).is_file()
    assert meta.one("twitter:card") == "summary_large_image"
