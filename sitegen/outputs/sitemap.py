"""sitemap.xml (sitemaps.org protocol 0.9, with hreflang alternates) and robots.txt pointing to it.

The sitemap lists every page a search engine should index: Markdown pages, news and events in
every language; not the 404 page, nor the root page, which only sends visitors to the default
language's home (that home is listed). `lastmod` comes only from content dates (a news item's
update or publication date); other pages have none rather than an invented one.
"""

from __future__ import annotations

from ..model.site import Page, Site
from .xml_output import XML_DECLARATION, escape_text, quote_attribute

SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
INDEXED_KINDS = ("page", "news", "event")


def render_sitemap(pages: list[Page], sites: dict[str, Site], urls, documents: list[str] = ()) -> bytes:
    """Every indexed page by its absolute URL, with its translations as xhtml:link alternates;
    then the documents of content/files/ (PDF, DOCX…) by their absolute URLs.

    Written line by line, in the layout of xml_output.serialize: at 10,000 pages a tree of
    the whole sitemap took five times the memory of its text."""
    entries = []  # the text of each <url>, encoded: one copy of the sitemap, then the joined one
    for page in sorted((p for p in pages if p.kind in INDEXED_KINDS), key=lambda p: p.absolute_url):
        lines = [f"  <url>\n    <loc>{escape_text(page.absolute_url)}</loc>"]
        modified = page.updated or page.date
        if modified:
            lines.append(f"    <lastmod>{modified.isoformat()}</lastmod>")
        lines += [f'    <xhtml:link rel="alternate" hreflang={quote_attribute(hreflang)} href={quote_attribute(urls.absolute(link))} />'
                  for hreflang, link in alternates(page.translations, sites[page.lang].languages)]
        entries.append(("\n".join(lines) + "\n  </url>\n").encode("utf-8"))
    entries += [f"  <url>\n    <loc>{escape_text(document)}</loc>\n  </url>\n".encode("utf-8") for document in documents]
    opening = f"{XML_DECLARATION}\n<urlset xmlns={quote_attribute(SITEMAP_NAMESPACE)} xmlns:xhtml={quote_attribute(XHTML_NAMESPACE)}"
    return b"".join([f"{opening}>\n".encode("utf-8"), *entries, b"</urlset>\n"])


def alternates(translations: dict[str, str], languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """(hreflang, link) of each translation, the page itself included, then x-default (the first
    language's); none for a page that has no translation. The same set as base.html's <link rel="alternate">.
    """
    if len(translations) < 2:
        return []
    found = [(lang, translations[lang]) for lang in languages if lang in translations]
    if languages[0] in translations:
        found.append(("x-default", translations[languages[0]]))
    return found


def render_robots(urls) -> bytes:
    """Every crawler may visit everything; the sitemap's absolute address.

    Crawlers read robots.txt only at the root of a host: under a base URL with a path the
    file is still written, for the host's owner to merge into theirs.
    """
    sitemap_url = urls.absolute(urls.link(SITEMAP_PATH))
    return f"User-agent: *\nDisallow:\n\nSitemap: {sitemap_url}\n".encode("utf-8")
