"""Check the links of a built site: every internal link, #fragment and asset must resolve."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from .errors import Problem

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"),
                   ("iframe", "src"), ("form", "action"), ("image", "href"), ("use", "href")}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "0.0.0.0")


@dataclass
class _Parsed:
    ids: set
    links: list  # (line, address)


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            elif (tag, name) in LINK_ATTRIBUTES and value is not None:
                self.links.append((self.getpos()[0], value))

    handle_startendtag = handle_starttag


def parse_html(data: bytes) -> _Parsed:
    parser = _LinkParser()
    parser.feed(data.decode("utf-8", errors="replace"))
    parser.close()
    return _Parsed(parser.ids, parser.links)


def check_links(files: dict[str, bytes], base_url: str, sources: dict[str, str] | None = None) -> list[Problem]:
    """Problems for links in HTML pages that lead nowhere inside the site (or to this computer)."""
    base = urlsplit(base_url)
    base_path = base.path or "/"
    parsed = {path: parse_html(data) for path, data in files.items() if path.endswith(".html")}
    problems = []
    for page, found in sorted(parsed.items()):
        shown = (sources or {}).get(page) or f"site/{page}"
        for line, address in found.links:
            message = _check_one(page, address, base, base_path, files, parsed)
            if message:
                problems.append(Problem(shown, None if sources and page in sources else line,
                                        f"{message} (in {page})" if sources and page in sources else message,
                                        "fix the address, or create the page it points to"))
    return problems


def _check_one(page, address, base, base_path, files, parsed) -> str | None:
    parts = urlsplit(address.strip())
    if parts.scheme in ("mailto", "tel", "data"):
        return None
    if parts.hostname and parts.hostname.lower() in {h.strip("[]") for h in LOCAL_HOSTS}:
        return f"link to this computer: {address}"
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(base_path):
            return None  # another site: not checked here
        path = parts.path
    elif parts.path.startswith("/"):
        path = parts.path
    elif parts.path:
        path = posixpath.normpath(posixpath.join("/" + posixpath.dirname(page) + "/", parts.path)) + (
            "/" if parts.path.endswith("/") else "")
        path = base_path + path.lstrip("/")
    else:
        path = base_path + page  # "#fragment" on this page
    if not path.startswith(base_path):
        return f"link outside the site's path {base_path}: {address}"
    target = unquote(path[len(base_path):])
    if target == "" or target.endswith("/"):
        target += "index.html"
    if target not in files:
        if target + "/index.html" in files:
            target += "/index.html"
        else:
            return f"broken link: {address}"
    if parts.fragment and target in parsed and unquote(parts.fragment) not in parsed[target].ids:
        return f"broken link: {address} (no element with id '{unquote(parts.fragment)}' on {target})"
    return None
