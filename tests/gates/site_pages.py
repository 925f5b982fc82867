"""What the gates need to know about each built HTML page, read statically with html.parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# The attributes that make a browser fetch or navigate to another address.
LINK_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",), "iframe": ("src",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
}
# Link previews: other sites fetch these addresses when the page is shared.
LINK_PREVIEW_PROPERTIES = {"og:url", "og:image", "twitter:image"}
NOT_FOUND_PAGE = "404.html"
MISSING_PATH = "gates-no-such-page/"  # where the 404 page is loaded, so it is seen as visitors see it


@dataclass(frozen=True)
class Link:
    line: int
    tag: str
    attribute: str
    url: str

    def __str__(self) -> str:
        return f'line {self.line}: <{self.tag} {self.attribute}="{self.url}">'


@dataclass
class PageFacts:
    file: str  # path inside the site, e.g. "it/progetto/index.html"
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang → href of <link rel=alternate>
    switcher_languages: list[str] = field(default_factory=list)  # hreflang of nav.language-switcher links
    has_navigation: bool = False

    @property
    def path(self) -> str:
        """The URL path below the site's base at which a browser loads this page."""
        if self.file == NOT_FOUND_PAGE:
            return MISSING_PATH
        return self.file.removesuffix("index.html")

    @property
    def expected_status(self) -> int:
        """The HTTP status the page is served with."""
        return 404 if self.file == NOT_FOUND_PAGE else 200

    @property
    def redirects(self) -> bool:
        """The page sends the browser elsewhere with <meta http-equiv=refresh>."""
        return any(link.attribute == "http-equiv=refresh" for link in self.links)

    def __str__(self) -> str:
        return self.file


class _PageParser(HTMLParser):
    def __init__(self, facts: PageFacts):
        super().__init__(convert_charrefs=True)
        self.facts = facts
        self.in_language_switcher = False

    def handle_starttag(self, tag, attribute_list):
        attributes = {name: value or "" for name, value in attribute_list}
        facts, line = self.facts, self.getpos()[0]
        if "id" in attributes:
            facts.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            facts.ids.add(attributes["name"])
        if tag == "nav":
            facts.has_navigation = True
            self.in_language_switcher = "language-switcher" in attributes.get("class", "").split()
        if tag == "a" and self.in_language_switcher and "hreflang" in attributes:
            facts.switcher_languages.append(attributes["hreflang"])
        for attribute in LINK_ATTRIBUTES.get(tag, ()):
            if attributes.get(attribute, "").strip():
                for url in _urls(attribute, attributes[attribute]):
                    facts.links.append(Link(line, tag, attribute, url))
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", attributes.get("content", ""), re.IGNORECASE)
            if target:
                facts.links.append(Link(line, "meta", "http-equiv=refresh", target.group(1).strip()))
        if tag == "meta" and attributes.get("property") in LINK_PREVIEW_PROPERTIES:
            facts.links.append(Link(line, "meta", f'property="{attributes["property"]}" content',
                                    attributes.get("content", "").strip()))
        if (tag == "link" and "alternate" in attributes.get("rel", "").split() and "hreflang" in attributes
                and attributes.get("type", "text/html") == "text/html"):
            facts.alternates[attributes["hreflang"]] = attributes.get("href", "")

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_language_switcher = False


def _urls(attribute: str, value: str) -> list[str]:
    """The URLs in an attribute: one, or each candidate of a srcset."""
    if attribute != "srcset":
        return [value.strip()]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def read_page(folder: Path, file: str) -> PageFacts:
    """The facts of the page `file` (a path inside `folder`)."""
    facts = PageFacts(file)
    parser = _PageParser(facts)
    parser.feed((folder / file).read_text(encoding="utf-8"))
    parser.close()
    return facts


def read_site(folder: Path) -> dict[str, PageFacts]:
    """The facts of every HTML page under `folder`, by path inside it."""
    files = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))
    return {file: read_page(folder, file) for file in files}
